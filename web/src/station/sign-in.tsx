/** Signing in with the session login API (password, then the authenticator code once enrolled), and redeeming an invitation code. */
import { useState } from 'preact/hooks';
import { json } from './api';
import { useStationText } from './messages';
import { Field, NoticeView, problemNotice, type Notice } from './ui';

export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const t = useStationText();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const totp = String(form.get('totp') ?? '').trim();
    setBusy(true);
    try {
      await json('POST', '/auth/login', { username: String(form.get('username')), password: String(form.get('password')), ...(totp ? { totp } : {}) });
      onSignedIn();
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <section class="card" aria-labelledby="sign-in-heading">
        <h2 id="sign-in-heading">{t.signInHeading}</h2>
        <form onSubmit={submit} class="form">
          <Field id="sign-in-username" label={t.username}>
            <input id="sign-in-username" name="username" autocomplete="username" required maxLength={100} />
          </Field>
          <Field id="sign-in-password" label={t.password}>
            <input id="sign-in-password" name="password" type="password" autocomplete="current-password" required maxLength={256} />
          </Field>
          <Field id="sign-in-totp" label={t.totpCode} hint={t.totpHint}>
            <input id="sign-in-totp" name="totp" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} aria-describedby="sign-in-totp-hint" />
          </Field>
          <button class="button" type="submit" disabled={busy}>
            {busy ? t.working : t.signIn}
          </button>
        </form>
        <NoticeView notice={notice} t={t} />
      </section>
      <InvitationForm />
    </>
  );
}

function InvitationForm() {
  const t = useStationText();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    const form = new FormData(element);
    setBusy(true);
    try {
      await json('POST', '/api/v1/station/invitations/accept', { code: String(form.get('code')).trim(), username: String(form.get('username')).trim(), password: String(form.get('password')) });
      element.reset();
      setNotice({ kind: 'ok', text: t.accountCreated });
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card" aria-labelledby="invitation-heading">
      <h2 id="invitation-heading">{t.invitationHeading}</h2>
      <p class="lead">{t.invitationIntro}</p>
      <form onSubmit={submit} class="form">
        <Field id="invitation-code" label={t.invitationCode}>
          <input id="invitation-code" name="code" required minLength={8} maxLength={40} autocomplete="off" spellcheck={false} />
        </Field>
        <Field id="invitation-username" label={t.newUsername}>
          <input id="invitation-username" name="username" required minLength={3} maxLength={100} autocomplete="username" />
        </Field>
        <Field id="invitation-password" label={t.newPassword}>
          <input id="invitation-password" name="password" type="password" required minLength={10} maxLength={256} autocomplete="new-password" />
        </Field>
        <button class="button button--secondary" type="submit" disabled={busy}>
          {busy ? t.working : t.createAccount}
        </button>
      </form>
      <NoticeView notice={notice} t={t} />
    </section>
  );
}
