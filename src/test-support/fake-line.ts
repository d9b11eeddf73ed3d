/**
 * A local stand-in for LINE's Messaging API that checks requests the way LINE does: the channel's
 * Bearer token, JSON bodies of the documented shape, user ids, and X-Line-Retry-Key on pushes (a key
 * it has accepted once answers 409, as LINE does). Tests can make it fail like an outage.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeLineMessage {
  type: string;
  text?: string;
  altText?: string;
  contents?: unknown;
}

export interface FakeLine {
  baseUrl: string;
  channelAccessToken: string;
  replies: { replyToken: string; messages: FakeLineMessage[] }[];
  pushes: { to: string; messages: FakeLineMessage[]; retryKey: string }[];
  /** Every request that reached the server, answered or not, for counting attempts. */
  requests: { path: string; status: number }[];
  /** Link tokens issued, by token: the LINE user each was issued for. */
  linkTokens: Map<string, string>;
  /**
   * Decides the next requests' fate: `503` answers that status without accepting, `'drop'` closes the
   * connection unanswered, `'accept-then-500'` accepts a push but answers 500 as if the answer were
   * lost, and an empty list behaves normally.
   */
  failures: (number | 'drop' | 'accept-then-500')[];
  close(): Promise<void>;
}

const userIdPattern = /^U[0-9a-f]{32}$/;
const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function startFakeLine(channelAccessToken = 'fake-line-channel-token'): Promise<FakeLine> {
  const acceptedRetryKeys = new Map<string, string>();
  const fake: Omit<FakeLine, 'baseUrl' | 'close'> = { channelAccessToken, replies: [], pushes: [], requests: [], linkTokens: new Map(), failures: [] };

  const server = http.createServer((req, res) => {
    let raw = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (raw += chunk));
    req.on('end', () => {
      const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => {
        fake.requests.push({ path: req.url ?? '', status });
        res.writeHead(status, { 'content-type': 'application/json', 'x-line-request-id': randomUUID(), ...headers }).end(JSON.stringify(body));
      };
      const failure = fake.failures.shift();
      if (failure === 'drop') {
        fake.requests.push({ path: req.url ?? '', status: 0 });
        return void req.socket.destroy();
      }
      if (typeof failure === 'number') return answer(failure, { message: 'The service is temporarily unavailable' });
      if (req.method !== 'POST') return answer(405, { message: 'Method not allowed' });
      if (req.headers.authorization !== `Bearer ${channelAccessToken}`) return answer(401, { message: 'Authentication failed. Confirm that the access token in the authorization header is valid.' });
      const linkToken = /^\/v2\/bot\/user\/([^/]+)\/linkToken$/.exec(req.url ?? '');
      if (linkToken) {
        if (!userIdPattern.test(linkToken[1]!)) return answer(400, { message: 'The value for the \'userId\' parameter is invalid' });
        const token = randomBytes(24).toString('base64url');
        fake.linkTokens.set(token, linkToken[1]!);
        return answer(200, { linkToken: token });
      }
      if (!/^application\/json\b/.test(req.headers['content-type'] ?? '')) return answer(415, { message: 'Content-Type must be application/json' });
      let body: Record<string, unknown>;
      try {
        body = JSON.parse(raw) as Record<string, unknown>;
      } catch {
        return answer(400, { message: 'The request body has 1 error(s)', details: [{ message: 'Invalid JSON' }] });
      }
      const messageProblem = checkMessages(body.messages);
      if (req.url === '/v2/bot/message/reply') {
        if (typeof body.replyToken !== 'string' || body.replyToken.length === 0) return answer(400, { message: 'Invalid reply token' });
        if (messageProblem) return answer(400, { message: messageProblem });
        fake.replies.push({ replyToken: body.replyToken, messages: body.messages as FakeLineMessage[] });
        return answer(200, { sentMessages: [] });
      }
      if (req.url === '/v2/bot/message/push') {
        const retryKey = req.headers['x-line-retry-key'];
        if (typeof retryKey !== 'string' || !uuidPattern.test(retryKey)) return answer(400, { message: 'The retry key must be a UUID' });
        const earlier = acceptedRetryKeys.get(retryKey);
        if (earlier) return answer(409, { message: 'The retry key is already accepted' }, { 'x-line-accepted-request-id': earlier });
        if (typeof body.to !== 'string' || !userIdPattern.test(body.to)) return answer(400, { message: 'The property, \'to\', in the request body is invalid' });
        if (messageProblem) return answer(400, { message: messageProblem });
        acceptedRetryKeys.set(retryKey, randomUUID());
        fake.pushes.push({ to: body.to, messages: body.messages as FakeLineMessage[], retryKey });
        return failure === 'accept-then-500' ? answer(500, { message: 'Internal error' }) : answer(200, { sentMessages: [] });
      }
      return answer(404, { message: 'Not found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    ...fake,
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  } as FakeLine;
}

/** What LINE checks of a message list: 1 to 5 messages, texts up to 5,000 characters, flex with alt text and a bubble or carousel. */
function checkMessages(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length < 1 || messages.length > 5) return 'messages must hold 1 to 5 messages';
  for (const message of messages as FakeLineMessage[]) {
    if (message.type === 'text') {
      if (typeof message.text !== 'string' || message.text.length < 1 || message.text.length > 5000) return 'a text message needs 1 to 5,000 characters';
    } else if (message.type === 'flex') {
      if (typeof message.altText !== 'string' || message.altText.length < 1 || message.altText.length > 1500) return 'a flex message needs an altText of 1 to 1,500 characters';
      const contents = message.contents as { type?: string } | undefined;
      if (contents?.type !== 'bubble' && contents?.type !== 'carousel') return 'a flex message holds a bubble or a carousel';
      const problem = checkFlex(contents);
      if (problem) return problem;
    } else {
      return `unsupported message type ${String(message.type)}`;
    }
  }
  return undefined;
}

function checkFlex(node: unknown): string | undefined {
  if (Array.isArray(node)) return node.map(checkFlex).find(Boolean);
  if (typeof node !== 'object' || node === null) return undefined;
  const component = node as Record<string, unknown>;
  if (component.type === 'text' && (typeof component.text !== 'string' || component.text.length === 0)) return 'a flex text component needs text';
  if (component.type === 'uri' && (typeof component.uri !== 'string' || !/^(https?|line|tel):/.test(component.uri) || component.uri.length > 1000)) return 'a URI action needs an http(s), line or tel URI of at most 1,000 characters';
  return Object.values(component).map(checkFlex).find(Boolean);
}
