/** Who verified one of my certificates and when: organisations by name and kind, anonymous checks as such, newest first. */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { verificationsOf, type Verification } from './api';
import { useWalletText, type WalletMessages } from './messages';

const kindLabel: Record<string, keyof WalletMessages> = { employer: 'kindEmployer', insurer: 'kindInsurer', agency: 'kindAgency', border: 'kindBorder', other: 'kindOther' };

type State = { phase: 'loading' } | { phase: 'shown'; verifications: Verification[] } | { phase: 'failed' };

export function VerificationsPanel({ certificateId }: { certificateId: string }) {
  const { lang } = useLang();
  const w = useWalletText();
  const [state, setState] = useState<State>({ phase: 'loading' });

  useEffect(() => {
    void verificationsOf(certificateId).then((answer) => setState(answer.ok ? { phase: 'shown', verifications: answer.value } : { phase: 'failed' }));
  }, [certificateId]);

  return (
    <div class="wallet-panel" data-testid="verifications">
      <h4>{w.verificationsHeading}</h4>
      {state.phase === 'failed' && <p class="hint hint--error" role="alert">{w.loadFailed}</p>}
      {state.phase === 'shown' && state.verifications.length === 0 && <p class="hint">{w.noVerifications}</p>}
      {state.phase === 'shown' && state.verifications.length > 0 && (
        <ul class="verifications">
          {state.verifications.map((verification, index) => (
            <li key={`${verification.at}-${index}`} class="verifications__item" data-organisation={verification.organisation?.id ?? 'anonymous'}>
              {verification.organisation ? (
                <span class="verifications__who">
                  {verification.organisation.name} <span class="verifications__kind">· {w[kindLabel[verification.organisation.kind] ?? 'kindOther']}</span>
                </span>
              ) : (
                <span class="verifications__who verifications__who--anonymous">{w.anonymousVerifier}</span>
              )}
              <span class="verifications__at">{formatDateTime(verification.at, lang)}</span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
