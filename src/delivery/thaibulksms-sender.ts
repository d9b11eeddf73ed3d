/**
 * One-time codes by SMS through ThaiBulkSMS, a Thai SMS gateway: `POST {api}/sms` with the API key and
 * secret as HTTP Basic credentials and `{msisdn, message, sender}` (api-v2.thaibulksms.com; the base URL is
 * configurable so tests talk to a local fake). Thai numbers go in their domestic form (0XXXXXXXXX).
 * A refusal or an unanswered call is an error for the caller to log; nothing here logs the code or the number.
 */
import { MedcertError, type ErrorKind } from '../errors';
import type { SmsSender } from './sms-sender';

export interface ThaiBulkSmsConfig {
  apiKey: string;
  apiSecret: string;
  /** The sender name registered with ThaiBulkSMS. */
  sender: string;
  apiBaseUrl?: string;
}

/** The gateway did not take the message (it refused it, failed, or did not answer in time). */
export class SmsGatewayError extends MedcertError {
  static override code = 'ERR_SMS_GATEWAY';
  static override kind: ErrorKind = 'unavailable';
}

const defaultApiBaseUrl = 'https://api-v2.thaibulksms.com';
const timeoutMs = 10_000;

const messages = {
  th: (code: string) => `รหัสเข้าสู่ระบบ medcert ของคุณคือ ${code} ใช้ได้ 5 นาที ห้ามบอกรหัสนี้แก่ผู้ใด`,
  en: (code: string) => `Your medcert sign-in code is ${code}. It works for 5 minutes. Never share it.`,
};

export function createThaiBulkSmsSender(config: ThaiBulkSmsConfig): SmsSender {
  const endpoint = `${(config.apiBaseUrl ?? defaultApiBaseUrl).replace(/\/+$/, '')}/sms`;
  const authorization = `Basic ${Buffer.from(`${config.apiKey}:${config.apiSecret}`).toString('base64')}`;
  return {
    async sendOneTimeCode({ phone, code, lang }) {
      const body = JSON.stringify({ msisdn: gatewayNumber(phone), message: messages[lang](code), sender: config.sender });
      let response: Response;
      try {
        response = await fetch(endpoint, { method: 'POST', headers: { authorization, 'content-type': 'application/json', accept: 'application/json' }, body, signal: AbortSignal.timeout(timeoutMs) });
      } catch (error) {
        throw new SmsGatewayError(`The SMS gateway did not answer: ${(error as Error).message}.`);
      }
      await response.body?.cancel();
      if (!response.ok) throw new SmsGatewayError(`The SMS gateway refused the message with HTTP ${response.status}.`);
    },
  };
}

/** E.164 as the gateway takes it: a Thai number in its domestic form, any other with its country code. */
function gatewayNumber(e164: string): string {
  return e164.startsWith('+66') ? `0${e164.slice(3)}` : e164.slice(1);
}
