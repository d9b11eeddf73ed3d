/** The answer: a verdict headline first, then the certificate, the parties and every check in plain words. */
import type { ComponentChildren } from 'preact';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { fill, type Messages } from '../i18n/messages';
import { describeReason } from './reasons';
import type { SignatureCheck, VerifiedParty, VerifyResult } from './types';
import { verdictOf, type Verdict } from './verdict';

const verdictText: Record<Verdict, { title: keyof Messages; detail: keyof Messages; icon: string }> = {
  genuine: { title: 'verdictGenuine', detail: 'verdictGenuineDetail', icon: '✓' },
  'not-genuine': { title: 'verdictNotGenuine', detail: 'verdictNotGenuineDetail', icon: '✕' },
  revoked: { title: 'verdictRevoked', detail: 'verdictRevokedDetail', icon: '!' },
  superseded: { title: 'verdictSuperseded', detail: 'verdictSupersededDetail', icon: '!' },
  unlicensed: { title: 'verdictUnlicensed', detail: 'verdictUnlicensedDetail', icon: '!' },
};

const sealOnly = { title: 'verdictSealGenuine', detail: 'verdictSealGenuineDetail', icon: '✓' } as const;

/** Enumerated values the API sends (statuses, roles, revocation) and their words; anything else is shown as sent. */
const statusText: Record<string, keyof Messages> = {
  issued: 'statusIssued',
  revoked: 'statusRevoked',
  superseded: 'statusSuperseded',
  active: 'licenceActive',
  suspended: 'licenceSuspended',
  expired: 'licenceExpired',
  practitioner: 'rolePractitioner',
  facility: 'roleFacilitySeal',
  'facility-seal': 'roleFacilitySeal',
  good: 'revocationGood',
  physician: 'professionPhysician',
  dentist: 'professionDentist',
  medical_technologist: 'professionMedicalTechnologist',
  pharmacist: 'professionPharmacist',
  nurse: 'professionNurse',
  unknown: 'unknown',
};

export function VerdictHeadline({ result, offlineListDate }: { result: VerifyResult; offlineListDate: string | null }) {
  const { t, lang } = useLang();
  const verdict = verdictOf(result);
  // Offline, only the seal was checked: saying "genuine certificate" would claim checks not made.
  const text = offlineListDate && verdict === 'genuine' ? sealOnly : verdictText[verdict];
  return (
    <div class={`verdict verdict--${verdict}`} data-verdict={verdict}>
      <span class="verdict__icon" aria-hidden="true">{text.icon}</span>
      <div>
        <h2 class="verdict__title" tabIndex={-1}>{t[text.title]}</h2>
        <p class="verdict__detail">{t[text.detail]}</p>
        {offlineListDate && <p class="verdict__offline" data-offline="true">{fill(t.offlineNotice, { date: formatDateTime(offlineListDate, lang) })}</p>}
      </div>
    </div>
  );
}

export function VerdictDetails({ result }: { result: VerifyResult }) {
  const { t, lang } = useLang();
  const doc = result.document;
  return (
    <>
      {doc && (
        <section class="card" aria-labelledby="document-heading">
          <h3 id="document-heading">{t.documentHeading}</h3>
          <dl class="facts">
            <Fact label={t.documentId}><span class="mono">{doc.id}</span></Fact>
            {doc.type && <Fact label={t.documentType}>{doc.typeName?.[lang] ?? doc.type}</Fact>}
            {doc.status && <Fact label={t.documentStatus}>{label(t, doc.status)}</Fact>}
            {doc.issuedAt && <Fact label={t.issuedAt}>{formatDateTime(doc.issuedAt, lang)}</Fact>}
            {doc.revokedAt && <Fact label={t.revokedAt}>{formatDateTime(doc.revokedAt, lang)}</Fact>}
            {doc.revocationReason && <Fact label={t.revocationReason}>{doc.revocationReason}</Fact>}
            {doc.supersededBy && <Fact label={t.supersededBy}><span class="mono">{doc.supersededBy}</span></Fact>}
            <Fact label={t.facility}><Party party={doc.facility} /></Fact>
            <Fact label={t.practitioner}><Party party={doc.practitioner} /></Fact>
          </dl>
        </section>
      )}
      <section class="card" aria-labelledby="checks-heading">
        <h3 id="checks-heading">{t.checksHeading}</h3>
        <h4>{t.reasonsHeading}</h4>
        {result.reasons.length === 0 ? (
          <p class="check check--pass">{t.noReasons}</p>
        ) : (
          <ul class="reasons">
            {result.reasons.map((code) => (
              <li key={code} class="check check--fail" data-reason={code}>
                {describeReason(code, lang)} <code class="reason-code">{code}</code>
              </li>
            ))}
          </ul>
        )}
        {result.signatures.map((signature, index) => <SignatureFacts key={index} n={index + 1} signature={signature} />)}
      </section>
    </>
  );
}

function SignatureFacts({ n, signature }: { n: number; signature: SignatureCheck }) {
  const { t, lang } = useLang();
  const mods = { none: t.modsNone, allowed: t.modsAllowed, disallowed: t.modsDisallowed }[signature.modificationsAfter] ?? t.unknown;
  return (
    <>
      <h4>{fill(t.signatureHeading, { n })}</h4>
      <dl class="facts">
        <Fact label={t.signer}>{signature.signer}</Fact>
        <Fact label={t.role}>{label(t, signature.role)}</Fact>
        {signature.signedAt && <Fact label={t.signedAt}>{formatDateTime(signature.signedAt, lang)}</Fact>}
        {signature.level && <Fact label={t.level}>{signature.level}</Fact>}
        <Fact label={t.integrity}><Check ok={signature.integrity} /></Fact>
        <Fact label={t.chainTrusted}><Check ok={signature.chainTrusted} /></Fact>
        <Fact label={t.coversWholeDocument}><Coverage signature={signature} /></Fact>
        <Fact label={t.revocation}>{label(t, signature.revocation)}</Fact>
        <Fact label={t.modificationsAfter}><span class={signature.modificationsAfter === 'disallowed' ? 'check check--fail' : ''}>{mods}</span></Fact>
      </dl>
    </>
  );
}

function Party({ party }: { party: VerifiedParty }) {
  const { t, lang } = useLang();
  const name = (lang === 'th' ? party.nameTh ?? party.nameEn : party.nameEn ?? party.nameTh) ?? party.name;
  return (
    <>
      {name ?? (party.licenceNumber ? null : t.unknown)}
      {party.profession && <span class="party__line">{label(t, party.profession)}</span>}
      {party.licenceNumber && <span class="party__line">{t.licence} {party.licenceNumber}</span>}
      {party.licenceStatusAtIssuance && <LicenceStatus name={t.licenceAtIssuance} status={party.licenceStatusAtIssuance} />}
      {party.licenceStatusNow && <LicenceStatus name={t.licenceNow} status={party.licenceStatusNow} />}
    </>
  );
}

function LicenceStatus({ name, status }: { name: string; status: string }) {
  const { t } = useLang();
  return (
    <span class="party__line">
      {name}: <span class={status === 'active' ? 'check check--pass' : 'check check--fail'}>{label(t, status)}</span>
    </span>
  );
}

/** A signature followed only by allowed additions (the seal, validation data) does not cover the file's last bytes, and that is right. */
function Coverage({ signature }: { signature: SignatureCheck }) {
  const { t } = useLang();
  if (!signature.coversWholeDocument && signature.modificationsAfter === 'allowed') return <span class="check check--pass">{t.coversUntilAllowedAdditions}</span>;
  return <Check ok={signature.coversWholeDocument} />;
}

function Check({ ok }: { ok: boolean }) {
  const { t } = useLang();
  return <span class={ok ? 'check check--pass' : 'check check--fail'}>{ok ? t.pass : t.fail}</span>;
}

function Fact({ label: name, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="facts__row">
      <dt>{name}</dt>
      <dd>{children}</dd>
    </div>
  );
}

function label(t: Messages, status: string): string {
  const key = statusText[status];
  return key ? t[key] : status;
}
