/** Which sentence to show for a wallet problem+json: by its stable type, never by its English detail. */
import type { Messages } from '../i18n/messages';
import type { Problem } from './api';

const byType: Record<string, keyof Messages> = {
  'invalid-national-id': 'walletErrorIdInvalid',
  'invalid-foreign-identifier': 'walletErrorIdInvalid',
  'invalid-input': 'walletErrorIdInvalid',
  'wrong-one-time-code': 'walletErrorWrongCode',
  'one-time-code-expired': 'walletErrorCodeExpired',
  'too-many-code-attempts': 'walletErrorTooMany',
  'too-many-codes-sent': 'walletErrorTooMany',
  'rate-limited': 'walletErrorTooMany',
};

export function problemMessage(problem: Problem): keyof Messages {
  if (problem.status === 0) return 'errorNetwork';
  const slug = problem.type?.split('/').pop() ?? '';
  return byType[slug] ?? (problem.status >= 500 ? 'errorServer' : 'errorInvalidInput');
}
