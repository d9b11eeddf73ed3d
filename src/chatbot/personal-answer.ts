/** Answers "where is my certificate?" from the signed-in citizen's own certificates, listed by an injected function. */
import type { Knowledge } from './intents';
import type { ChatLanguage } from './language';

export interface CitizenCertificate {
  id: string;
  type: string;
  /** The type's display names; the type id is shown when absent. */
  typeName?: { th: string; en: string };
  status: 'draft' | 'pending_signature' | 'signing' | 'issued' | 'revoked' | 'superseded';
  issuedAt: Date | null;
}

/** Lists a citizen's certificates; the certificates module provides it, so the chatbot does not depend on it. */
export type ListMyCertificates = (citizenId: string) => Promise<CitizenCertificate[]>;

const shownCertificates = 3;

const dateFormats: Record<ChatLanguage, Intl.DateTimeFormat> = {
  th: new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { dateStyle: 'medium', timeZone: 'Asia/Bangkok' }),
  en: new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone: 'Asia/Bangkok' }),
};

export function personalAnswer(certificates: readonly CitizenCertificate[], language: ChatLanguage, templates: Knowledge['personal']): string {
  if (certificates.length === 0) return templates.none[language];
  const latest = [...certificates].sort((a, b) => recency(b) - recency(a)).slice(0, shownCertificates);
  const list = latest.map((c) => describe(c, language, templates.status)).join(language === 'th' ? ', ' : '; ');
  return templates.some[language].replace('{count}', String(certificates.length)).replace('{list}', list);
}

function describe(certificate: CitizenCertificate, language: ChatLanguage, statuses: Knowledge['personal']['status']): string {
  const name = certificate.typeName?.[language] ?? certificate.type;
  if (!certificate.issuedAt) return `${name} (${statuses.pending?.[language] ?? certificate.status})`;
  const note = statuses[certificate.status]?.[language];
  const date = dateFormats[language].format(certificate.issuedAt);
  return note ? `${name} ${date} (${note})` : `${name} ${date}`;
}

/** Not-yet-issued certificates are the newest: the citizen is most likely asking about them. */
function recency(certificate: CitizenCertificate): number {
  return certificate.issuedAt?.getTime() ?? Number.MAX_SAFE_INTEGER;
}
