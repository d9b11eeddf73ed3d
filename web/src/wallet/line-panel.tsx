/** Whether my wallet is linked to LINE (where new certificates are announced), and a button to unlink it. */
import { useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { fill } from '../i18n/messages';
import { lineStatus, unlinkLine, type LineStatus } from './api';
import { useWalletText } from './messages';

type State = { phase: 'loading' } | { phase: 'shown'; status: LineStatus; justUnlinked: boolean } | { phase: 'failed' };

export function LinePanel() {
  const { lang } = useLang();
  const w = useWalletText();
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    void lineStatus().then((answer) => setState(answer.ok ? { phase: 'shown', status: answer.value, justUnlinked: false } : { phase: 'failed' }));
  }, []);

  const unlink = async () => {
    setBusy(true);
    const answer = await unlinkLine();
    setBusy(false);
    setState(answer.ok ? { phase: 'shown', status: { linked: false, linkedAt: null }, justUnlinked: true } : { phase: 'failed' });
  };

  return (
    <section class="card" aria-labelledby="line-heading" data-testid="line-panel" data-line={state.phase === 'shown' ? (state.status.linked ? 'linked' : 'not-linked') : state.phase}>
      <h2 id="line-heading">{w.lineHeading}</h2>
      {state.phase === 'failed' && <p class="hint hint--error" role="alert">{w.loadFailed}</p>}
      <div aria-live="polite">
      {state.phase === 'shown' && state.status.linked && (
        <>
          <p>
            <span class="badge">LINE</span> {fill(w.lineLinked, { date: state.status.linkedAt ? formatDateTime(state.status.linkedAt, lang) : '' })}
          </p>
          <button type="button" class="button button--secondary" onClick={unlink} disabled={busy}>{w.unlinkLine}</button>
        </>
      )}
      {state.phase === 'shown' && !state.status.linked && (
        <>
          <p>{state.justUnlinked ? w.lineUnlinked : w.lineNotLinked}</p>
          <p class="hint">{w.lineHowToLink}</p>
        </>
      )}
      </div>
    </section>
  );
}
