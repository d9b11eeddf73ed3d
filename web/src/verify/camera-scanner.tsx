/** Scans a QR code with the phone's back camera; stops the camera as soon as it has read one. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { readQrFromPixels } from './qr-image';

/** Decoding every frame would heat the phone for nothing; five tries a second feels instant. */
const scanIntervalMs = 200;

export function CameraScanner({ onPayload }: { onPayload: (payload: string) => void }) {
  const { t } = useLang();
  const [active, setActive] = useState(false);
  const [failed, setFailed] = useState(false);
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!active) return;
    let stream: MediaStream | null = null;
    let timer: number | undefined;
    let stopped = false;
    const stop = () => {
      stopped = true;
      window.clearInterval(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
    navigator.mediaDevices
      .getUserMedia({ video: { facingMode: 'environment' }, audio: false })
      .then(async (media) => {
        stream = media;
        if (stopped || !video.current) return stop();
        video.current.srcObject = media;
        await video.current.play();
        timer = window.setInterval(() => {
          const frame = video.current;
          if (!frame || frame.videoWidth === 0) return;
          const payload = readQrFromPixels(frame, frame.videoWidth, frame.videoHeight);
          if (payload) {
            stop();
            setActive(false);
            onPayload(payload);
          }
        }, scanIntervalMs);
      })
      .catch(() => {
        setFailed(true);
        setActive(false);
      });
    return stop;
  }, [active, onPayload]);

  const canUseCamera = typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;
  return (
    <div class="camera">
      <button type="button" class="button button--secondary" disabled={!canUseCamera} aria-pressed={active} onClick={() => { setFailed(false); setActive(!active); }}>
        {active ? t.qrCameraStop : t.qrCameraStart}
      </button>
      {active && (
        <>
          <p class="hint">{t.qrCameraHint}</p>
          <video ref={video} class="camera__video" muted playsInline aria-label={t.qrCameraHint} />
        </>
      )}
      {(failed || !canUseCamera) && <p class="hint hint--error">{t.qrCameraUnavailable}</p>}
    </div>
  );
}
