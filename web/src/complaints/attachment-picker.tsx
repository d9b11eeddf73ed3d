/** Chooses up to five attachments, listing each with its size and a button to take it out again. */
import { useLang } from '../i18n/lang';
import { fill } from '../i18n/messages';
import { acceptedAttachmentTypes, complaintLimits, formatBytes } from './form-checks';
import { complaintMessages } from './messages';

export function AttachmentPicker({ files, onAdd, onRemove, error }: { files: readonly File[]; onAdd: (files: File[]) => void; onRemove: (index: number) => void; error: string | null }) {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  const full = files.length >= complaintLimits.attachments;

  return (
    <div class="field">
      <span class="field__label">{t.attachments}</span>
      <p class="hint field__hint" id="complaint-attachments-hint">
        {fill(t.attachmentsHint, { count: complaintLimits.attachments, size: formatBytes(complaintLimits.attachmentBytes, lang) })}
      </p>
      {files.length > 0 && (
        <ul class="attachment-list" aria-label={t.attachmentsChosen} data-testid="attachment-list">
          {files.map((file, i) => (
            <li key={`${file.name}-${i}`} class="attachment-list__item">
              <span class="attachment-list__name">{file.name}</span>
              <span class="attachment-list__size">{formatBytes(file.size, lang)}</span>
              <button type="button" class="attachment-list__remove" aria-label={fill(t.attachmentRemove, { name: file.name })} onClick={() => {
                  onRemove(i);
                  // The button goes away with its file: focus moves to the file chooser rather than to the page's start.
                  requestAnimationFrame(() => document.getElementById('complaint-attachments')?.focus());
                }}>
                <span aria-hidden="true">×</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {error && <p class="hint hint--error field__hint" id="complaint-attachments-error" role="alert">{error}</p>}
      {!full && (
        <label class="button button--secondary file-button">
          {t.attachmentsChoose}
          <input
            id="complaint-attachments"
            class="visually-hidden"
            type="file"
            multiple
            accept={acceptedAttachmentTypes.join(',')}
            aria-describedby={`complaint-attachments-hint${error ? ' complaint-attachments-error' : ''}`}
            data-testid="attachment-input"
            onChange={(event) => {
              const chosen = [...(event.currentTarget.files ?? [])];
              // Cleared so choosing the same file again after removing it still fires a change.
              event.currentTarget.value = '';
              onAdd(chosen);
            }}
          />
        </label>
      )}
    </div>
  );
}
