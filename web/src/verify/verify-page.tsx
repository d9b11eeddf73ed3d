/** /verify: a PDF (dropped or picked) or a QR (camera or picture) in, a plain verdict out. */
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import type { Messages } from '../i18n/messages';
import { verifyPdf, verifyQr, type ApiAnswer, type Problem } from './api';
import { CameraScanner } from './camera-scanner';
import { offlineAnswer } from './offline-answer';
import { mc1Prefix, verifyMc1Offline } from './offline-qr';
import { readQrFromFile } from './qr-image';
import { cachedTrustList, refreshTrustList } from './trust-list-cache';
import type { VerifyResult } from './types';
import { VerdictDetails, VerdictHeadline } from './verdict-view';

type State =
  | { phase: 'idle' }
  | { phase: 'checking' }
  | { phase: 'answer'; result: VerifyResult; offlineListDate: string | null }
  | { phase: 'error'; message: keyof Messages; problem?: Problem };

export function VerifyPage() {
  const { t } = useLang();
  const [state, setState] = useState<State>({ phase: 'idle' });
  const outcome = useRef<HTMLDivElement>(null);

  useEffect(() => {
    document.title = `${t.verifyTitle} · ${t.appName}`;
  }, [t]);
  useEffect(() => {
    void refreshTrustList();
  }, []);
  useEffect(() => {
    // Move focus to the verdict so keyboard and screen-reader users land on the answer.
    if (state.phase === 'answer' || state.phase === 'error') outcome.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [state]);

  const startAgain = useCallback(() => {
    setState({ phase: 'idle' });
    // The button disappears with the answer; keyboard users continue at the first way in.
    requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="pdf-input"]')?.focus());
  }, []);

  const checkPdf = useCallback(async (file: File) => {
    if (!isPdf(file)) return setState({ phase: 'error', message: 'pdfNotPdf' });
    setState({ phase: 'checking' });
    setState(fromApi(await verifyPdf(file)));
  }, []);

  const checkQr = useCallback(async (scanned: string) => {
    const payload = mc1From(scanned);
    if (!payload) return setState({ phase: 'error', message: 'qrNotMedcert' });
    setState({ phase: 'checking' });
    const answer = await verifyQr(payload);
    if (answer.kind !== 'unreachable') return setState(fromApi(answer));
    const trustList = cachedTrustList();
    if (!trustList) return setState({ phase: 'error', message: 'offlineNoTrustList' });
    const result = offlineAnswer(await verifyMc1Offline(payload, trustList), trustList);
    setState({ phase: 'answer', result, offlineListDate: trustList.issuedAt });
  }, []);

  useEffect(() => {
    // A link /verify#MC1:… checks at once; a fragment is never sent to a server.
    const checkFragment = () => {
      if (location.hash.length <= 1) return;
      const link = location.href;
      // The payload names the patient: keep it out of the address bar and history once read.
      history.replaceState(null, '', location.pathname);
      void checkQr(link);
    };
    checkFragment();
    window.addEventListener('hashchange', checkFragment);
    return () => window.removeEventListener('hashchange', checkFragment);
  }, [checkQr]);

  const checkQrPicture = useCallback(
    async (file: File) => {
      setState({ phase: 'checking' });
      const payload = await readQrFromFile(file);
      if (!payload) return setState({ phase: 'error', message: 'qrNotFound' });
      await checkQr(payload);
    },
    [checkQr],
  );

  return (
    <div class="verify">
      <h1>{t.verifyTitle}</h1>
      <p class="lead">{t.verifyIntro}</p>

      <div ref={outcome} class="outcome" aria-live="polite" aria-busy={state.phase === 'checking'}>
        {state.phase === 'checking' && <p class="checking">{t.checking}</p>}
        {state.phase === 'answer' && <VerdictHeadline result={state.result} offlineListDate={state.offlineListDate} />}
        {state.phase === 'error' && <ErrorNotice message={state.message} problem={state.problem} />}
      </div>
      {state.phase === 'answer' ? (
        <>
          <VerdictDetails result={state.result} />
          <button type="button" class="button button--secondary" onClick={startAgain}>
            {t.verifyAnother}
          </button>
        </>
      ) : (
        <div class="inputs">
          <PdfInput onFile={checkPdf} disabled={state.phase === 'checking'} />
          <section class="card" aria-labelledby="qr-heading">
            <h2 id="qr-heading">{t.qrHeading}</h2>
            <CameraScanner onPayload={checkQr} />
            <label class="button button--secondary file-button">
              {t.qrImageChoose}
              <input
                class="visually-hidden"
                type="file"
                accept="image/*"
                data-testid="qr-image-input"
                disabled={state.phase === 'checking'}
                onChange={(event) => pickFile(event, checkQrPicture)}
              />
            </label>
          </section>
        </div>
      )}
    </div>
  );
}

function PdfInput({ onFile, disabled }: { onFile: (file: File) => void; disabled: boolean }) {
  const { t } = useLang();
  const [over, setOver] = useState(false);
  return (
    <section
      class={over ? 'card dropzone dropzone--over' : 'card dropzone'}
      aria-labelledby="pdf-heading"
      onDragOver={(event) => {
        event.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(event) => {
        event.preventDefault();
        setOver(false);
        const file = event.dataTransfer?.files[0];
        if (file && !disabled) onFile(file);
      }}
    >
      <h2 id="pdf-heading">{t.pdfHeading}</h2>
      <p class="dropzone__hint" aria-hidden="true">{t.pdfDrop}</p>
      <label class="button file-button">
        {t.pdfChoose}
        <input class="visually-hidden" type="file" accept="application/pdf,.pdf" data-testid="pdf-input" disabled={disabled} onChange={(event) => pickFile(event, onFile)} />
      </label>
    </section>
  );
}

function ErrorNotice({ message, problem }: { message: keyof Messages; problem?: Problem }) {
  const { t } = useLang();
  return (
    <div class="verdict verdict--error">
      <span class="verdict__icon" aria-hidden="true">?</span>
      <div>
        <h2 class="verdict__title" tabIndex={-1}>{t.errorHeading}</h2>
        <p class="verdict__detail">{t[message]}</p>
        {problem?.detail && <p class="problem-detail" lang="en">{problem.detail}</p>}
        {problem?.instance && <p class="problem-ref">{t.errorReference}: <span class="mono">{problem.instance}</span></p>}
      </div>
    </div>
  );
}

function fromApi(answer: ApiAnswer): State {
  if (answer.kind === 'result') return { phase: 'answer', result: answer.result, offlineListDate: null };
  if (answer.kind === 'unreachable') return { phase: 'error', message: 'errorNetwork' };
  return { phase: 'error', message: problemMessage(answer.problem), problem: answer.problem };
}

function problemMessage({ status, type }: Problem): keyof Messages {
  if (type?.endsWith('/too-many-pages')) return 'errorTooManyPages';
  if (type?.endsWith('/verification-timeout')) return 'errorTimeout';
  if (status === 413) return 'errorTooLarge';
  if (status === 429) return 'errorRateLimited';
  if (status >= 500) return 'errorServer';
  return 'errorInvalidInput';
}

/** The MC1 payload itself, or one carried in the fragment of a verify link; null for any other QR text. */
export function mc1From(scanned: string): string | null {
  if (scanned.startsWith(mc1Prefix)) return scanned;
  try {
    const fragment = decodeURIComponent(new URL(scanned).hash.slice(1));
    return fragment.startsWith(mc1Prefix) ? fragment : null;
  } catch {
    return null;
  }
}

function isPdf(file: File): boolean {
  return file.type === 'application/pdf' || file.name.toLowerCase().endsWith('.pdf');
}

function pickFile(event: Event, use: (file: File) => void) {
  const input = event.currentTarget as HTMLInputElement;
  const file = input.files?.[0];
  // Cleared so that choosing the same file again still triggers a check.
  input.value = '';
  if (file) use(file);
}
