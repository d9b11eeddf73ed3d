/** The small sign-in form: the accounts API's session login (password, and the 6-digit code when the account has one). */
import { useState } from 'preact/hooks';
import { signIn } from './api';
import { useDashboardMessages } from './charts';
import type { DashboardMessages } from './messages';

export function LoginForm({ onSignedIn }: { onSignedIn: () => void }) {
  const d = useDashboardMessages();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<keyof DashboardMessages | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    setBusy(true);
    setError(null);
    const answer = await signIn(String(form.get('username') ?? ''), String(form.get('password') ?? ''), String(form.get('totp') ?? '').trim());
    setBusy(false);
    if (answer.ok) return onSignedIn();
    setError(answer.status === 429 ? 'signInRateLimited' : answer.type?.endsWith('/totp-required') ? 'signInTotpNeeded' : answer.status === 0 ? 'loadFailed' : 'signInFailed');
  }

  return (
    <section class="card login" aria-labelledby="login-heading">
      <h2 id="login-heading">{d.signInHeading}</h2>
      <p class="lead">{d.signInIntro}</p>
      <form onSubmit={submit} class="login__form">
        <label class="field">
          <span>{d.username}</span>
          <input name="username" autocomplete="username" required maxLength={100} data-testid="login-username" />
        </label>
        <label class="field">
          <span>{d.password}</span>
          <input name="password" type="password" autocomplete="current-password" required maxLength={256} data-testid="login-password" />
        </label>
        <label class="field">
          <span>{d.totp}</span>
          <input name="totp" inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} />
        </label>
        {error ? (
          <p class="hint hint--error" role="alert">
            {d[error]}
          </p>
        ) : null}
        <button type="submit" class="button" disabled={busy} data-testid="login-submit">
          {busy ? d.signingIn : d.signIn}
        </button>
      </form>
    </section>
  );
}
