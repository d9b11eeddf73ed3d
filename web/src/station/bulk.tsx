/** Bulk issuance from a CSV file: the server reports progress row by row; failed rows can be downloaded as a CSV report. */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { request } from './api';
import { countCsvRows } from './csv-rows';
import { useStationText } from './messages';
import type { CertificateType } from './types';
import { Field, fill, NoticeView, pick, problemNotice, type Notice } from './ui';

interface Report {
  rows: number;
  issued: number;
  pending: number;
  replayed: number;
  failed: { line: number; reason: string }[];
}

function errorReport(failed: Report['failed']): string {
  const quote = (value: string) => `"${value.replaceAll('"', '""')}"`;
  return ['line,reason', ...failed.map((row) => `${row.line},${quote(row.reason)}`)].join('\r\n');
}

export function BulkSection({ facilityId, types, onIssued }: { facilityId: string; types: CertificateType[]; onIssued: () => void }) {
  const t = useStationText();
  const { lang } = useLang();
  const [typeId, setTypeId] = useState(types[0]?.id ?? '');
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  const [report, setReport] = useState<Report | null>(null);
  const [reportUrl, setReportUrl] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => () => void (reportUrl && URL.revokeObjectURL(reportUrl)), [reportUrl]);

  async function upload(event: Event) {
    event.preventDefault();
    const file = (new FormData(event.currentTarget as HTMLFormElement).get('file') as File | null) ?? null;
    if (!file || file.size === 0) return;
    const text = await file.text();
    setReport(null);
    setReportUrl(null);
    setNotice(null);
    setProgress({ done: 0, total: await countCsvRows(text) });
    try {
      const response = await request('POST', `/api/v1/station/facilities/${facilityId}/bulk?type=${encodeURIComponent(typeId)}`, undefined, { raw: text, contentType: 'text/csv' });
      const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines.filter(Boolean)) {
          const message = JSON.parse(line) as { progress?: Report; report?: Report; error?: { detail: string } };
          if (message.progress) setProgress((current) => ({ done: message.progress!.rows, total: Math.max(current?.total ?? 0, message.progress!.rows) }));
          if (message.report) {
            setReport(message.report);
            setProgress({ done: message.report.rows, total: message.report.rows });
            if (message.report.failed.length > 0) setReportUrl(URL.createObjectURL(new Blob([`\uFEFF${errorReport(message.report.failed)}`], { type: 'text/csv' })));
            onIssued();
          }
          if (message.error) setNotice({ kind: 'error', text: t.errorGeneric, detail: message.error.detail });
        }
      }
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  return (
    <section class="card" aria-labelledby="bulk-heading">
      <h2 id="bulk-heading">{t.bulkHeading}</h2>
      <p class="lead">{t.bulkIntro}</p>
      <form class="form" onSubmit={upload}>
        <div class="inputs inputs--two">
          <Field id="bulk-type" label={t.certificateType}>
            <select id="bulk-type" value={typeId} onChange={(event) => setTypeId(event.currentTarget.value)}>
              {types.map((type) => (
                <option key={type.id} value={type.id}>
                  {pick(type.names, lang)}
                </option>
              ))}
            </select>
          </Field>
          <Field id="bulk-file" label={t.bulkFile}>
            <input id="bulk-file" name="file" type="file" accept=".csv,text/csv" required data-testid="bulk-file" />
          </Field>
        </div>
        <button class="button" type="submit">{t.bulkUpload}</button>
      </form>
      {progress && (
        <div class="progress">
          <label for="bulk-progress">{t.bulkProgress}</label>
          <progress id="bulk-progress" max={Math.max(progress.total, 1)} value={progress.done} />
          <p class="hint" aria-live="polite">
            {fill(t.bulkProgressText, { done: progress.done, total: progress.total })}
          </p>
        </div>
      )}
      {report && (
        <div role="status" class={`notice notice--${report.failed.length > 0 ? 'warning' : 'ok'}`}>
          <p class="notice__text">{fill(t.bulkDone, { pending: report.pending + report.issued, replayed: report.replayed, failed: report.failed.length })}</p>
          {reportUrl && (
            <a class="button button--secondary" href={reportUrl} download="medcert-bulk-errors.csv" data-testid="bulk-error-report">
              {t.bulkErrors}
            </a>
          )}
        </div>
      )}
      <NoticeView notice={notice} t={t} />
    </section>
  );
}
