/** The certificate's signed MC1 QR code, full screen and as large as the phone allows, drawn here in the browser. */
import { useEffect, useRef } from 'preact/hooks';
import QRCode from 'qrcode';
import { useLang } from '../i18n/lang';

export function QrDialog({ payload, title, onClose }: { payload: string; title: string; onClose: () => void }) {
  const { t } = useLang();
  const dialog = useRef<HTMLDialogElement>(null);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    dialog.current?.showModal();
    const side = Math.min(window.innerWidth, window.innerHeight) - 48;
    if (canvas.current) void QRCode.toCanvas(canvas.current, payload, { errorCorrectionLevel: 'M', margin: 2, width: Math.max(200, side) });
  }, [payload]);

  return (
    <dialog ref={dialog} class="qr-dialog" aria-labelledby="qr-title" onClose={onClose} data-testid="qr-dialog">
      <h2 id="qr-title">{title}</h2>
      <canvas ref={canvas} class="qr-dialog__code" role="img" aria-label={t.qrHint} />
      <p class="hint">{t.qrHint}</p>
      <button type="button" class="button" onClick={() => dialog.current?.close()}>{t.close}</button>
    </dialog>
  );
}
