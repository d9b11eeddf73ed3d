/** Enrolling the authenticator app: the otpauth URI shown as a QR code (and as text), confirmed by its first code. */
import QRCode from 'qrcode';
import { useState } from 'preact/hooks';
import { json } from './api';
import { useStationText } from './messages';
import { Field, NoticeView, problemNotice, type Notice } from './ui';

export function TotpEnrolment({ enrolled, onEnrolled }: { enrolled: boolean; onEnrolled: () => void }) {
  const t = useStationText();
  const [pending, setPending] = useState<{ secret: string; qr: string } | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  async function start() {
    try {
      const enrolment = await json<{ secret: string; uri: string }>('POST', '/api/v1/station/me/totp');
      setPending({ secret: enrolment.secret, qr: await QRCode.toDataURL(enrolment.uri, { errorCorrectionLevel: 'M', margin: 2, scale: 6 }) });
      setNotice(null);
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  async function confirm(event: Event) {
    event.preventDefault();
    try {
      await json('POST', '/api/v1/station/me/totp/confirm', { code: String(new FormData(event.currentTarget as HTMLFormElement).get('code')).trim() });
      setPending(null);
      setNotice({ kind: 'ok', text: t.enrolDone });
      onEnrolled();
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  return (
    <section class="card" aria-labelledby="security-heading">
      <h2 id="security-heading">{t.securityHeading}</h2>
      <p data-second-factor={String(enrolled)}>{enrolled ? t.securityEnrolled : t.securityNeeded}</p>
      {pending ? (
        <div class="enrolment">
          <p>{t.enrolScan}</p>
          <img class="enrolment__qr" src={pending.qr} alt={t.enrolQrAlt} width={240} height={240} />
          <p>
            {t.enrolSecret} <span class="mono secret" data-testid="totp-secret">{pending.secret}</span>
          </p>
          <form onSubmit={confirm} class="form form--inline">
            <Field id="enrol-code" label={t.totpCode}>
              <input id="enrol-code" name="code" required inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} />
            </Field>
            <button class="button" type="submit">{t.enrolConfirm}</button>
          </form>
        </div>
      ) : (
        <button class={`button${enrolled ? ' button--secondary' : ''}`} type="button" onClick={() => void start()}>
          {enrolled ? t.enrolRestart : t.enrolStart}
        </button>
      )}
      <NoticeView notice={notice} t={t} />
    </section>
  );
}
