/**
 * /wallet: sign in by SMS code (then on to `next` when a flow such as LINE linking sent the citizen
 * here), then my certificates with their PDF, full-screen QR, expiring share links and who verified
 * them, and the LINE link.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { ComplaintsSection } from '../complaints/complaints-section';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import type { Messages } from '../i18n/messages';
import { myCertificates, pdfUrl, signOut, type WalletCertificate } from './api';
import { LinePanel } from './line-panel';
import { useWalletText } from './messages';
import { safeNextPath } from './next-path';
import { QrDialog } from './qr-dialog';
import { SharePanel } from './share-panel';
import { SignIn } from './sign-in';
import { VerificationsPanel } from './verifications-panel';

type State = { phase: 'loading' } | { phase: 'signed-out' } | { phase: 'signed-in'; certificates: WalletCertificate[] };

const statusLabel: Record<string, keyof Messages> = { issued: 'statusIssued', revoked: 'statusRevoked', superseded: 'statusSuperseded' };

export function WalletPage() {
  const { t, lang } = useLang();
  const w = useWalletText();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [qrFor, setQrFor] = useState<WalletCertificate | null>(null);
  const [sharing, setSharing] = useState<string | null>(null);
  const [showingVerifications, setShowingVerifications] = useState<string | null>(null);
  const [next] = useState(() => safeNextPath(new URLSearchParams(location.search).get('next'), location.origin));

  useEffect(() => {
    document.title = `${t.navWallet} · ${t.appName}`;
  }, [t]);

  const load = useCallback(async () => {
    const answer = await myCertificates();
    setState(answer.ok ? { phase: 'signed-in', certificates: answer.value } : { phase: 'signed-out' });
  }, []);
  useEffect(() => void load(), [load]);

  const signedIn = async () => {
    if (next) return location.assign(next);
    await load();
  };

  const leave = async () => {
    await signOut();
    setState({ phase: 'signed-out' });
  };

  return (
    <>
      <h1>{t.navWallet}</h1>
      <p class="lead">{t.walletIntro}</p>
      {state.phase === 'signed-out' && <SignIn onSignedIn={signedIn} continuing={next ? (next.startsWith('/wallet/line-link?') ? w.continueToLine : w.continueElsewhere) : null} />}
      {state.phase === 'signed-in' && (
        <section aria-labelledby="my-certificates">
          <div class="wallet-bar">
            <h2 id="my-certificates">{t.myCertificates}</h2>
            <button type="button" class="button button--secondary button--small" onClick={leave}>{t.signOut}</button>
          </div>
          {state.certificates.length === 0 && <p class="card">{t.noCertificates}</p>}
          <ul class="wallet-list">
            {state.certificates.map((certificate) => {
              const name = certificate.typeName?.[lang] ?? certificate.type;
              return (
                <li key={certificate.id} class="card wallet-item" data-testid="wallet-item" data-status={certificate.status}>
                  <h3>{name}</h3>
                  <dl class="facts">
                    <div class="facts__row"><dt>{t.facility}</dt><dd>{certificate.facility.name[lang]}</dd></div>
                    {certificate.issuedAt && <div class="facts__row"><dt>{t.issuedAt}</dt><dd>{formatDateTime(certificate.issuedAt, lang)}</dd></div>}
                    <div class="facts__row"><dt>{t.documentStatus}</dt><dd><span class={`badge badge--${certificate.status}`}>{t[statusLabel[certificate.status] ?? 'unknown']}</span></dd></div>
                  </dl>
                  <div class="wallet-actions">
                    {certificate.hasPdf && <a class="button" href={pdfUrl(certificate.id)} download data-testid="download-pdf">{t.downloadPdf}</a>}
                    {certificate.qrPayload && <button type="button" class="button button--secondary" onClick={() => setQrFor(certificate)}>{t.showQr}</button>}
                    {certificate.status === 'issued' && (
                      <button type="button" class="button button--secondary" aria-expanded={sharing === certificate.id} onClick={() => setSharing(sharing === certificate.id ? null : certificate.id)}>{t.share}</button>
                    )}
                    <button
                      type="button"
                      class="button button--secondary"
                      aria-expanded={showingVerifications === certificate.id}
                      onClick={() => setShowingVerifications(showingVerifications === certificate.id ? null : certificate.id)}
                    >
                      {w.showVerifications}
                    </button>
                  </div>
                  {sharing === certificate.id && <SharePanel certificateId={certificate.id} />}
                  {showingVerifications === certificate.id && <VerificationsPanel certificateId={certificate.id} />}
                </li>
              );
            })}
          </ul>
          <LinePanel />
        </section>
      )}
      {state.phase === 'signed-in' && <ComplaintsSection />}
      {qrFor?.qrPayload && <QrDialog payload={qrFor.qrPayload} title={qrFor.typeName?.[lang] ?? qrFor.type} onClose={() => setQrFor(null)} />}
    </>
  );
}
