/**
 * What the LINE official account does with each webhook event: the link/unlink/"my certificates"
 * commands and LINE's accountLink event, anything else through the chatbot. Personal answers go only
 * to one-to-one chats with a linked user, never to a group.
 */
import { createHash } from 'node:crypto';
import type { webhook } from '@line/bot-sdk';
import type { Chatbot } from '../chatbot/chatbot';
import { detectLanguage } from '../chatbot/language';
import type { ListMyCertificates } from '../chatbot/personal-answer';
import type { LineClient } from './line-api';
import { lineCommandOf } from './line-commands';
import type { LineLinks } from './line-links';
import { certificateListText, fill, lineTexts, type LineLanguage } from './line-messages';

export interface LineEventDeps {
  chatbot: Chatbot;
  client: LineClient;
  links: LineLinks;
  listMyCertificates: ListMyCertificates;
  publicBaseUrl: string;
}

/** Longest text passed on to the chatbot; LINE allows 5,000 characters, a question needs far fewer. */
const maxQuestionLength = 1000;

export function createLineEventHandler(deps: LineEventDeps): (event: webhook.Event) => Promise<void> {
  const { client, links } = deps;
  const walletUrl = `${deps.publicBaseUrl}/wallet`;
  const reply = (replyToken: string, text: string) => client.replyMessage({ replyToken, messages: [{ type: 'text', text }] });
  const bilingual = (text: Record<LineLanguage, string>) => `${text.th}\n\n${text.en}`;

  async function answerText(text: string, replyToken: string, source: webhook.Source | undefined): Promise<void> {
    // Only a one-to-one chat identifies the person asking; in groups everyone would read the answer.
    const userId = source?.type === 'user' ? source.userId : undefined;
    const command = userId ? lineCommandOf(text) : null;
    const language = detectLanguage(text);
    if (userId && command === 'link') {
      if (await links.subjectKeyOf(userId)) return void (await reply(replyToken, lineTexts.alreadyLinked[language]));
      let linkToken: string;
      try {
        ({ linkToken } = await client.issueLinkToken(userId));
      } catch (error) {
        await reply(replyToken, lineTexts.linkUnavailable[language]);
        throw error;
      }
      const url = `${deps.publicBaseUrl}/wallet/line-link?linkToken=${encodeURIComponent(linkToken)}`;
      return void (await reply(replyToken, fill(lineTexts.linkPrompt[language], { url })));
    }
    if (userId && command === 'unlink') {
      const unlinked = await links.unlink({ lineUserId: userId }, 'system', 'line_user');
      return void (await reply(replyToken, (unlinked ? lineTexts.unlinked : lineTexts.notLinked)[language]));
    }
    const subjectKey = userId ? await links.subjectKeyOf(userId) : null;
    if (userId && command === 'my-certificates') {
      if (!subjectKey) return void (await reply(replyToken, lineTexts.notLinked[language]));
      return void (await reply(replyToken, certificateListText(await deps.listMyCertificates(subjectKey), language, walletUrl)));
    }
    const answer = await deps.chatbot.reply({ text: text.slice(0, maxQuestionLength), conversationId: conversationIdOf(userId ?? replyToken), citizenId: subjectKey, lineUserId: userId });
    await reply(replyToken, answer.answer);
  }

  return async (event) => {
    if (event.type === 'message') {
      if (event.message.type === 'text' && event.replyToken) await answerText(event.message.text, event.replyToken, event.source);
    } else if (event.type === 'accountLink') {
      const userId = event.source?.type === 'user' ? event.source.userId : undefined;
      const linked = event.link.result === 'ok' && userId !== undefined && (await links.completeLink(event.link.nonce, userId));
      if (event.replyToken) await reply(event.replyToken, bilingual(linked ? lineTexts.linked : lineTexts.linkFailed));
    } else if (event.type === 'unfollow') {
      // A user who blocks the account can no longer receive pushes; linking again is one message away.
      if (event.source?.type === 'user' && event.source.userId) await links.unlink({ lineUserId: event.source.userId }, 'system', 'unfollowed');
    }
  };
}

/** A stable UUID per LINE user, so a conversation continues across messages without storing the LINE id. */
function conversationIdOf(lineUserId: string): string {
  const hex = createHash('sha256').update(`line:${lineUserId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-8${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}
