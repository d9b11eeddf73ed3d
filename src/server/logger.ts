/** pino options with personal data redacted: no national IDs, names or certificate data in logs. */
import type { LoggerOptions } from 'pino';

export const redactedPaths = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.nationalId',
  '*.passport',
  '*.name',
  '*.names',
  '*.nameTh',
  '*.nameEn',
  '*.patient',
  '*.data',
  '*.body',
  '*.password',
  '*.secret',
  '*.client_secret',
  '*.totp',
  '*.otp',
  '*.code',
  '*.phone',
];

export function loggerOptions(level = process.env.LOG_LEVEL ?? 'info'): LoggerOptions {
  return {
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: {
      // Query strings may carry search terms typed by citizens; log the path only.
      // Share-link tokens are bearer secrets in the path: logged as [token].
      req: (req: { method: string; url: string; id: string }) => ({ method: req.method, path: req.url.split('?')[0]!.replace(/^(\/s|\/api\/v1\/shared)\/[^/]+/, '$1/[token]'), id: req.id }),
    },
  };
}
