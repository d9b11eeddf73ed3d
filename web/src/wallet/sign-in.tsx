/** Sign-in: a national ID (or passport and nationality), then the six-digit code sent to the phone on file. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import type { Messages } from '../i18n/messages';
import { sendCode, signIn, type Identifier } from './api';
import { problemMessage } from './problem-message';

type Step = { step: 'identify' } | { step: 'code'; challengeId: string };

/** `continuing` says where the citizen goes once signed in, when a flow such as LINE linking sent them here. */
export function SignIn({ onSignedIn, continuing }: { onSignedIn: () => void; continuing: string | null }) {
  const { t, lang } = useLang();
  const [kind, setKind] = useState<'national' | 'passport'>('national');
  const [nationalId, setNationalId] = useState('');
  const [passport, setPassport] = useState({ number: '', nationality: '' });
  const [code, setCode] = useState('');
  const [step, setStep] = useState<Step>({ step: 'identify' });
  const [error, setError] = useState<keyof Messages | null>(null);
  const [busy, setBusy] = useState(false);
  const codeInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (step.step === 'code') codeInput.current?.focus();
  }, [step]);

  const identify = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    const identifier: Identifier = kind === 'national' ? { nationalId } : { passport };
    const answer = await sendCode(identifier, lang);
    setBusy(false);
    if (!answer.ok) return setError(problemMessage(answer.problem));
    setCode('');
    setStep({ step: 'code', challengeId: answer.value.challengeId });
  };

  const confirm = async (event: Event) => {
    event.preventDefault();
    if (step.step !== 'code') return;
    setBusy(true);
    setError(null);
    const answer = await signIn(step.challengeId, code);
    setBusy(false);
    if (!answer.ok) return setError(problemMessage(answer.problem));
    onSignedIn();
  };

  return (
    <section class="card" aria-labelledby="sign-in-heading">
      <h2 id="sign-in-heading">{t.signInHeading}</h2>
      {continuing && <p class="wallet-continuing" data-testid="continuing">{continuing}</p>}
      {step.step === 'identify' ? (
        <form onSubmit={identify} data-testid="identify-form">
          <fieldset class="choice">
            <legend>{t.idKindLegend}</legend>
            <label class="choice__option">
              <input type="radio" name="id-kind" value="national" checked={kind === 'national'} onChange={() => setKind('national')} />
              {t.idKindNational}
            </label>
            <label class="choice__option">
              <input type="radio" name="id-kind" value="passport" checked={kind === 'passport'} onChange={() => setKind('passport')} />
              {t.idKindPassport}
            </label>
          </fieldset>
          {kind === 'national' ? (
            <div class="field">
              <label for="national-id">{t.nationalIdLabel}</label>
              <input id="national-id" name="nationalId" inputMode="numeric" autoComplete="off" maxLength={17} required value={nationalId} onInput={(e) => setNationalId(e.currentTarget.value)} />
            </div>
          ) : (
            <>
              <div class="field">
                <label for="passport-number">{t.passportNumberLabel}</label>
                <input id="passport-number" name="passportNumber" autoComplete="off" maxLength={20} required value={passport.number} onInput={(e) => setPassport({ ...passport, number: e.currentTarget.value })} />
              </div>
              <div class="field">
                <label for="nationality">{t.nationalityLabel}</label>
                <input id="nationality" name="nationality" autoComplete="off" maxLength={3} minLength={3} required value={passport.nationality} onInput={(e) => setPassport({ ...passport, nationality: e.currentTarget.value.toUpperCase() })} />
              </div>
            </>
          )}
          {error && <p class="hint hint--error" role="alert">{t[error]}</p>}
          <button type="submit" class="button" disabled={busy}>{t.sendCode}</button>
        </form>
      ) : (
        <form onSubmit={confirm} data-testid="code-form">
          <p data-testid="code-sent">{t.codeSent}</p>
          <div class="field">
            <label for="one-time-code">{t.codeLabel}</label>
            <input
              id="one-time-code"
              ref={codeInput}
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              pattern="[0-9]{6}"
              maxLength={6}
              required
              value={code}
              onInput={(e) => setCode(e.currentTarget.value.replace(/\D/g, ''))}
            />
          </div>
          {error && <p class="hint hint--error" role="alert">{t[error]}</p>}
          <button type="submit" class="button" disabled={busy}>{t.signIn}</button>
          <button type="button" class="button button--secondary wallet-gap" onClick={() => setStep({ step: 'identify' })}>{t.changeId}</button>
        </form>
      )}
    </section>
  );
}
