/** LINE's Messaging API client (base URL configurable, so tests talk to a local fake) and how its failures are told apart. */
import { HTTPFetchError, messagingApi } from '@line/bot-sdk';
import { MedcertError, type ErrorKind } from '../errors';

export interface LineConfig {
  channelSecret: string;
  channelAccessToken: string;
  apiBaseUrl?: string;
}

export type LineClient = messagingApi.MessagingApiClient;

export function createLineClient(config: LineConfig): LineClient {
  return new messagingApi.MessagingApiClient({ channelAccessToken: config.channelAccessToken, baseURL: config.apiBaseUrl });
}

/**
 * What a failed call means for a retried push: `outage` (5xx, 429, no answer) is worth retrying,
 * `already-accepted` (409 on a retry key LINE has seen) means delivered, `refused` (any other 4xx:
 * bad request, blocked bot, revoked token) will not get better by retrying.
 */
export function lineFailureOf(error: unknown): { outcome: 'outage' | 'already-accepted' | 'refused'; status: number } {
  if (!(error instanceof HTTPFetchError)) return { outcome: 'outage', status: 0 };
  if (error.status === 409) return { outcome: 'already-accepted', status: 409 };
  if (error.status === 429 || error.status >= 500) return { outcome: 'outage', status: error.status };
  return { outcome: 'refused', status: error.status };
}

/** LINE did not take a push this time (5xx, 429 or no answer); the job queue retries it later. */
export class LineUnavailableError extends MedcertError {
  static override code = 'ERR_LINE_UNAVAILABLE';
  static override kind: ErrorKind = 'unavailable';
}
