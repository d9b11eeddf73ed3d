/**
 * Sending one-time codes by SMS behind one interface, so a gateway (a Thai SMS provider, AWS SNS…) is a
 * new file beside this one. The development sender only logs that a code was sent; it prints the code
 * itself only outside production, so a code never reaches a production log.
 */
import { maskPhoneNumber } from './phone-number';

export interface SmsSender {
  /** Sends `code` to `phone` (E.164) in the citizen's language. */
  sendOneTimeCode(message: { phone: string; code: string; lang: 'th' | 'en' }): Promise<void>;
}

export interface DevelopmentSmsSenderOptions {
  production: boolean;
  /** Where lines go; stderr by default. */
  write?: (line: string) => void;
}

export function createDevelopmentSmsSender(options: DevelopmentSmsSenderOptions): SmsSender {
  const write = options.write ?? ((line: string) => void process.stderr.write(`${line}\n`));
  return {
    async sendOneTimeCode({ phone, code }) {
      const line: Record<string, unknown> = { level: 'info', msg: 'one-time code sent', to: maskPhoneNumber(phone) };
      // Only a developer's own terminal sees the code; production has a real gateway, never this sender's secret.
      if (!options.production) line.developmentCode = code;
      write(JSON.stringify(line));
    },
  };
}
