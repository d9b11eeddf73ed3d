/**
 * The FAQ chat: a button opens a panel with the conversation, suggested questions and a labelled
 * input. Answers are announced through a live region; a conversation the bot hands over (it was not
 * confident, or the citizen asked for a person) says so, and from then on the staff's replies are
 * fetched every few seconds with the hand-over's token and shown (and announced) in the conversation.
 * The conversation id and that token (never the messages) are kept in the tab's sessionStorage, so a
 * reload still receives the staff's replies. Escape closes and focus returns to the button.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang, type Lang } from '../i18n/lang';
import { fill } from '../i18n/messages';
import { askChatbot, readStaffReplies } from './api';
import { chatMessages, suggestionKeys, type ChatMessages } from './messages';
import './chat.css';

/** The server's limit (chatbot.ts maxMessageLength). */
const maxQuestionLength = 2000;
/** Answers the bot gave with less confidence than this offer a person straight away. */
const unsureBelow = 0.6;
/** How often a handed-over conversation asks for staff replies. */
const staffReplyPollMs = 8_000;
const storageKey = 'medcert.chat';

/** The tab's conversation and reply token, when it has them. */
function remembered(): { conversationId: string | null; replyToken: string | null } {
  try {
    const saved = JSON.parse(sessionStorage.getItem(storageKey) ?? '{}') as { conversationId?: unknown; replyToken?: unknown };
    return { conversationId: typeof saved.conversationId === 'string' ? saved.conversationId : null, replyToken: typeof saved.replyToken === 'string' ? saved.replyToken : null };
  } catch {
    return { conversationId: null, replyToken: null };
  }
}

type Entry =
  | { role: 'citizen'; text: string }
  | { role: 'bot'; text: string; language: Lang; handedOver: boolean; confidence: number }
  | { role: 'staff'; text: string };

function problemKey(status: number): keyof ChatMessages {
  if (status === 0) return 'errorNetwork';
  return status === 429 ? 'errorRateLimited' : 'errorServer';
}

export function ChatWidget() {
  const { lang } = useLang();
  const t = chatMessages[lang];
  const [open, setOpen] = useState(false);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [conversationId, setConversationId] = useState<string | null>(() => remembered().conversationId);
  const [replyToken, setReplyToken] = useState<string | null>(() => remembered().replyToken);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const launcher = useRef<HTMLButtonElement>(null);
  const input = useRef<HTMLInputElement>(null);
  const log = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (open) input.current?.focus();
  }, [open]);
  useEffect(() => {
    try {
      if (conversationId) sessionStorage.setItem(storageKey, JSON.stringify({ conversationId, replyToken }));
    } catch {
      // Storage refused (private mode, quota): the conversation simply ends with the page.
    }
  }, [conversationId, replyToken]);
  useEffect(() => {
    if (!replyToken) return;
    let after: string | null = null;
    let stopped = false;
    const poll = async () => {
      const answer = await readStaffReplies(replyToken, after);
      if (stopped || !answer.ok || answer.value.replies.length === 0) return;
      const replies = answer.value.replies;
      after = replies.at(-1)!.at;
      setEntries((previous) => [...previous, ...replies.map((reply) => ({ role: 'staff' as const, text: reply.text }))]);
      setAnnouncement(`${t.staffReplied} ${replies.map((reply) => reply.text).join(' ')}`);
    };
    const timer = setInterval(() => void poll(), staffReplyPollMs);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [replyToken, t]);
  useEffect(() => {
    // The newest question and the start of its answer stay in view, however long the answer is.
    const body = log.current;
    const question = body?.querySelectorAll<HTMLElement>('.chat-msg--citizen');
    const newest = question?.[question.length - 1];
    if (body && newest) body.scrollTop = newest.offsetTop - 8;
  }, [entries.length, busy, open]);

  const close = () => {
    setOpen(false);
    launcher.current?.focus();
  };

  const ask = async (question: string) => {
    const trimmed = question.trim();
    if (trimmed.length === 0 || busy) return;
    if (trimmed.length > maxQuestionLength) return setError(fill(t.tooLong, { max: maxQuestionLength }));
    setError(null);
    setText('');
    setEntries((previous) => [...previous, { role: 'citizen', text: trimmed }]);
    setBusy(true);
    const answer = await askChatbot(trimmed, lang, conversationId);
    setBusy(false);
    input.current?.focus();
    if (!answer.ok) {
      // The question goes back in the box so the citizen can send it again.
      setEntries((previous) => previous.slice(0, -1));
      setText(trimmed);
      return setError(t[problemKey(answer.problem.status)]);
    }
    const reply = answer.value;
    setConversationId(reply.conversationId);
    if (reply.replyToken) setReplyToken(reply.replyToken);
    setEntries((previous) => [...previous, { role: 'bot', text: reply.answer, language: reply.language, handedOver: reply.handedOver, confidence: reply.confidence }]);
    setAnnouncement(reply.handedOver ? `${reply.answer} ${t.handedOver}` : reply.answer);
  };

  const submit = (event: Event) => {
    event.preventDefault();
    void ask(text);
  };

  const last = entries.at(-1);
  const handedOver = entries.some((entry) => entry.role === 'bot' && entry.handedOver);
  const unsure = last?.role === 'bot' && !last.handedOver && last.confidence < unsureBelow;

  return (
    <aside class="chat" aria-label={t.title}>
      <button ref={launcher} type="button" class="chat-launcher" aria-expanded={open} aria-controls="chat-panel" onClick={() => (open ? close() : setOpen(true))} data-testid="chat-launcher">
        <svg class="chat-launcher__icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
          <path class="chat-launcher__bubble" d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H10l-5 4v-4H4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" />
          <circle class="chat-launcher__dot" cx="7.5" cy="10.5" r="1.5" />
          <circle class="chat-launcher__dot" cx="12" cy="10.5" r="1.5" />
          <circle class="chat-launcher__dot" cx="16.5" cy="10.5" r="1.5" />
        </svg>
        <span class="chat-launcher__text">{t.open}</span>
      </button>
      {open && (
        <section
          id="chat-panel"
          class="chat-panel"
          role="dialog"
          aria-labelledby="chat-title"
          data-testid="chat-panel"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.stopPropagation();
              close();
            }
          }}
        >
          <header class="chat-panel__head">
            <h2 id="chat-title">{t.title}</h2>
            <button type="button" class="chat-panel__close" aria-label={t.close} onClick={close}>
              <span aria-hidden="true">×</span>
            </button>
          </header>
          <div class="chat-panel__body" ref={log} tabIndex={0} role="region" aria-label={t.conversation}>
            <p class="chat-intro">{t.intro}</p>
            <ol class="chat-log" data-testid="chat-log">
              {entries.map((entry, i) =>
                entry.role === 'citizen' ? (
                  <li key={i} class="chat-msg chat-msg--citizen">
                    <span class="visually-hidden">{t.you}: </span>
                    {entry.text}
                  </li>
                ) : entry.role === 'staff' ? (
                  <li key={i} class="chat-msg chat-msg--staff" data-testid="chat-staff-reply">
                    <span class="chat-msg__who">{t.staff}</span>
                    {entry.text}
                  </li>
                ) : (
                  <li key={i} class={`chat-msg chat-msg--bot${entry.handedOver ? ' chat-msg--handover' : ''}`} data-testid="chat-answer" data-handed-over={entry.handedOver}>
                    <span class="visually-hidden">{t.bot}: </span>
                    <span lang={entry.language}>{entry.text}</span>
                    {entry.handedOver && conversationId && (
                      <span class="chat-handover" data-testid="chat-handover">
                        <strong>{t.handedOver}</strong>
                        <span>{fill(t.handoverReference, { ref: conversationId.slice(0, 8).toUpperCase() })}</span>
                      </span>
                    )}
                  </li>
                ),
              )}
              {busy && <li class="chat-msg chat-msg--bot chat-msg--thinking">{t.thinking}</li>}
            </ol>
            {entries.length === 0 && (
              <div class="chat-suggestions">
                <h3 id="chat-suggestions">{t.suggestions}</h3>
                <ul aria-labelledby="chat-suggestions">
                  {suggestionKeys.map((key) => (
                    <li key={key}>
                      <button type="button" class="chat-chip" onClick={() => void ask(t[key])}>{t[key]}</button>
                    </li>
                  ))}
                </ul>
              </div>
            )}
            {entries.length > 0 && !handedOver && !busy && (
              <p class="chat-person">
                {unsure && <span>{t.notSure} </span>}
                <button type="button" class={`chat-chip${unsure ? ' chat-chip--strong' : ''}`} onClick={() => void ask(t.askForPerson)} data-testid="chat-talk-to-person">{t.talkToPerson}</button>
              </p>
            )}
          </div>
          <form class="chat-form" onSubmit={submit}>
            {error && <p class="hint hint--error chat-error" role="alert">{error}</p>}
            <label for="chat-input" class="chat-form__label">{t.inputLabel}</label>
            <div class="chat-form__row">
              <input id="chat-input" ref={input} type="text" autoComplete="off" enterKeyHint="send" maxLength={maxQuestionLength} value={text} onInput={(e) => setText(e.currentTarget.value)} />
              <button type="submit" class="button chat-form__send" disabled={busy}>{t.send}</button>
            </div>
          </form>
          <p class="visually-hidden" role="status" aria-live="polite" data-testid="chat-announcement">{announcement}</p>
        </section>
      )}
    </aside>
  );
}
