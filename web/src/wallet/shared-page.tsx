/** /s/<token>: what someone given a share link sees: the certificate in brief, its PDF, and a check against the verify API. */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { fill, type Messages } from '../i18n/messages';
import { verifyPdf } from '../verify/api';
import type { VerifyResult } from '../verify/types';
import { VerdictHeadline } from '../verify/verdict-view';
import { sharedCertificate, sharedPdfUrl, type SharedCertificate } from './api';

type State = { phase: 'loading' } | { phase: 'shown'; shared: SharedCertificate } | { phase: 'gone'; message: keyof Messages };
type Check = { phase: 'idle' } | { phase: 'checking' } | { phase: 'done'; result: VerifyResult } | { phase: 'failed' };

const statusLabel: Record<string, keyof Messages> = { issued: 'statusIssued', revoked: 'statusRevoked', superseded: 'statusSuperseded' };

export function SharedPage() {
  const { t, lang } = useLang();
  const token = location.pathname.split('/').pop() ?? '';
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [check, setCheck] = useState<Check>({ phase: 'idle' });

  useEffect(() => {
    document.title = `${t.sharedTitle} · ${t.appName}`;
  }, [t]);
  useEffect(() => {
    void sharedCertificate(token).then((answer) => {
      if (answer.ok) return setState({ phase: 'shown', shared: answer.value });
      const message: keyof Messages = answer.problem.status === 410 ? (answer.problem.reason === 'revoked' ? 'linkGoneRevoked' : 'linkGoneExpired') : answer.problem.status === 404 ? 'linkNotFound' : 'errorServer';
      setState({ phase: 'gone', message });
    });
  }, [token]);

  const verify = async () => {
    setCheck({ phase: 'checking' });
    try {
      const pdf = await (await fetch(sharedPdfUrl(token))).blob();
      const answer = await verifyPdf(pdf);
      setCheck(answer.kind === 'result' ? { phase: 'done', result: answer.result } : { phase: 'failed' });
    } catch {
      setCheck({ phase: 'failed' });
    }
  };

  if (state.phase === 'loading') return <h1>{t.sharedTitle}</h1>;
  if (state.phase === 'gone') {
    return (
      <>
        <h1>{t.sharedTitle}</h1>
        <div class="verdict verdict--error" role="alert" data-testid="link-gone">
          <span class="verdict__icon" aria-hidden="true">!</span>
          <p class="verdict__title">{t[state.message]}</p>
        </div>
      </>
    );
  }
  const { certificate, expiresAt } = state.shared;
  return (
    <>
      <h1>{t.sharedTitle}</h1>
      <section class="card" aria-labelledby="shared-type" data-testid="shared-certificate">
        <h2 id="shared-type">{certificate.typeName?.[lang] ?? certificate.type}</h2>
        <dl class="facts">
          <div class="facts__row"><dt>{t.subject}</dt><dd>{(lang === 'th' && certificate.patient.nameTh) || certificate.patient.nameEn}</dd></div>
          <div class="facts__row"><dt>{t.subjectId}</dt><dd class="mono">{certificate.patient.maskedId}</dd></div>
          <div class="facts__row"><dt>{t.facility}</dt><dd>{certificate.facility.name[lang]}</dd></div>
          {certificate.issuedAt && <div class="facts__row"><dt>{t.issuedAt}</dt><dd>{formatDateTime(certificate.issuedAt, lang)}</dd></div>}
          <div class="facts__row"><dt>{t.documentStatus}</dt><dd>{t[statusLabel[certificate.status] ?? 'unknown']}</dd></div>
          <div class="facts__row"><dt>{t.documentId}</dt><dd class="mono">{certificate.id}</dd></div>
        </dl>
        <p class="hint">{fill(t.sharedValidUntil, { date: formatDateTime(expiresAt, lang) })}</p>
        <div class="wallet-actions">
          <a class="button" href={sharedPdfUrl(token)} download data-testid="shared-pdf">{t.downloadPdf}</a>
          <button type="button" class="button button--secondary" onClick={verify} disabled={check.phase === 'checking'} data-testid="verify-shared">{t.verifyThis}</button>
        </div>
      </section>
      <div aria-live="polite">
        {check.phase === 'checking' && <p class="checking">{t.checking}</p>}
        {check.phase === 'done' && <VerdictHeadline result={check.result} offlineListDate={null} />}
        {check.phase === 'failed' && <p class="hint hint--error" role="alert">{t.errorServer}</p>}
      </div>
    </>
  );
}
