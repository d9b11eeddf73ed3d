/** The facility's certificates: search by patient name or number, download, revoke with a reason, or correct (supersede) with a reason. */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { json } from './api';
import { DetailsFields } from './details-fields';
import { useStationText, type StationMessages } from './messages';
import { initialValues, toData, validateForm, type FieldError, type FormValues } from './schema-form';
import type { CertificateType, StationCertificate } from './types';
import { Field, fill, formatDate, NoticeView, personName, pick, problemNotice, type Notice } from './ui';

const statuses = ['pending_signature', 'issued', 'revoked', 'superseded'] as const;

function statusText(status: string, t: StationMessages): string {
  return (t as unknown as Record<string, string>)[`status_${status}`] ?? status;
}

type Action = { kind: 'revoke' | 'correct'; certificate: StationCertificate } | null;

export function CertificatesSection({ facilityId, types, canSign }: { facilityId: string; types: CertificateType[]; canSign: boolean }) {
  const t = useStationText();
  const { lang } = useLang();
  const [query, setQuery] = useState({ q: '', status: '' });
  const [certificates, setCertificates] = useState<StationCertificate[] | null>(null);
  const [notice, setNotice] = useState<Notice>(null);
  const [action, setAction] = useState<Action>(null);

  const load = async (next = query) => {
    try {
      const body = { ...(next.q.trim() ? { q: next.q.trim() } : {}), ...(next.status ? { status: next.status } : {}), limit: 100 };
      setCertificates((await json<{ certificates: StationCertificate[] }>('POST', `/api/v1/station/facilities/${facilityId}/certificates/search`, body)).certificates);
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  };
  useEffect(() => void load(), [facilityId]);

  const name = (certificate: StationCertificate) => personName({ nameTh: certificate.patientNameTh, nameEn: certificate.patientNameEn }, lang);

  return (
    <section class="card" aria-labelledby="list-heading">
      <h2 id="list-heading">{t.listHeading}</h2>
      <form
        class="form form--inline"
        role="search"
        onSubmit={(event) => {
          event.preventDefault();
          void load();
        }}
      >
        <Field id="search-q" label={t.search}>
          <input id="search-q" type="search" value={query.q} maxLength={100} onInput={(event) => setQuery({ ...query, q: event.currentTarget.value })} />
        </Field>
        <Field id="search-status" label={t.statusFilter}>
          <select id="search-status" value={query.status} onChange={(event) => setQuery({ ...query, status: event.currentTarget.value })}>
            <option value="">{t.statusAll}</option>
            {statuses.map((status) => (
              <option key={status} value={status}>
                {statusText(status, t)}
              </option>
            ))}
          </select>
        </Field>
        <button class="button" type="submit">{t.searchButton}</button>
      </form>
      <NoticeView notice={notice} t={t} />
      {certificates === null ? (
        <p>{t.loading}</p>
      ) : certificates.length === 0 ? (
        <p>{t.noCertificates}</p>
      ) : (
        <ul class="plain-list">
          {certificates.map((certificate) => (
            <li key={certificate.id} class="item" data-certificate={certificate.id} data-status={certificate.status}>
              <h3>{name(certificate)}</h3>
              <p>
                {certificate.typeNames ? pick(certificate.typeNames, lang) : certificate.type} · <span class={`badge badge--${certificate.status}`}>{statusText(certificate.status, t)}</span> · {formatDate(certificate.issuedAt ?? certificate.createdAt, lang)}
              </p>
              <p class="hint mono">{certificate.id}</p>
              {certificate.supersedes && <p class="hint">{fill(t.correctionOf, { id: certificate.supersedes })}{certificate.correctionReason ? `: ${certificate.correctionReason}` : ''}</p>}
              {certificate.revocationReason && (
                <p class="hint">
                  {t.reason.split(' (')[0]}: {certificate.revocationReason}
                </p>
              )}
              <div class="actions">
                <a class="button button--secondary button--small" href={`/api/v1/station/certificates/${certificate.id}/preview`} download={`certificate-${certificate.id}.pdf`} aria-label={`${t.download} ${name(certificate)}`}>
                  {t.download}
                </a>
                {canSign && certificate.status === 'issued' && (
                  <>
                    <button class="button button--secondary button--small" type="button" onClick={() => setAction({ kind: 'correct', certificate })} aria-label={`${t.correct} ${name(certificate)}`}>
                      {t.correct}
                    </button>
                    <button class="button button--danger button--small" type="button" onClick={() => setAction({ kind: 'revoke', certificate })} aria-label={`${t.revoke} ${name(certificate)}`}>
                      {t.revoke}
                    </button>
                  </>
                )}
              </div>
              {action?.certificate.id === certificate.id && (
                <ActionForm
                  action={action}
                  type={types.find((type) => type.id === certificate.type)}
                  name={name(certificate)}
                  onDone={async (text) => {
                    setAction(null);
                    setNotice({ kind: 'ok', text });
                    await load();
                  }}
                  onCancel={() => setAction(null)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function ActionForm(props: { action: NonNullable<Action>; type?: CertificateType; name: string; onDone: (text: string) => Promise<void>; onCancel: () => void }) {
  const t = useStationText();
  const { action, type } = props;
  const [reason, setReason] = useState('');
  const [values, setValues] = useState<FormValues | null>(null);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const id = action.certificate.id;

  useEffect(() => {
    if (action.kind !== 'correct' || !type) return;
    json<{ data: Record<string, unknown> }>('GET', `/api/v1/certificates/${id}`)
      .then(({ data }) => {
        const start = initialValues(type.schema);
        for (const [field, value] of Object.entries(data)) {
          if (typeof value === 'boolean') start[field] = value;
          else if (Array.isArray(value)) start[field] = value.map((row) => Object.fromEntries(Object.entries(row as Record<string, unknown>).map(([k, v]) => [k, String(v)])));
          else if (value !== null && value !== undefined) start[field] = String(value).replace(/(T\d{2}:\d{2}).*$/, '$1');
        }
        setValues(start);
      })
      .catch((error: unknown) => setNotice(problemNotice(error, t)));
  }, [id]);

  async function submit(event: Event) {
    event.preventDefault();
    if (reason.trim().length < 3) {
      setNotice({ kind: 'error', text: fill(t.errMinLength, { field: t.reason.split(' (')[0]!, n: 3 }) });
      return;
    }
    try {
      if (action.kind === 'revoke') {
        await json('POST', `/api/v1/certificates/${id}/revoke`, { reason: reason.trim() });
        await props.onDone(t.revokedDone);
      } else if (type && values) {
        const fieldErrors = validateForm(type.schema, values);
        setErrors(fieldErrors);
        if (Object.keys(fieldErrors).length > 0) {
          setNotice({ kind: 'error', text: fill(t.fixErrors, { n: Object.keys(fieldErrors).length }) });
          return;
        }
        await json('POST', `/api/v1/station/certificates/${id}/correct`, { reason: reason.trim(), data: toData(type.schema, values) });
        await props.onDone(t.correctionSubmitted);
      }
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  }

  const heading = fill(action.kind === 'revoke' ? t.revokeHeading : t.correctHeading, { name: props.name });
  return (
    <form class="form action-form" onSubmit={submit} aria-label={heading}>
      <h4>{heading}</h4>
      {action.kind === 'correct' && type && values && <DetailsFields type={type} values={values} errors={errors} onChange={setValues} idPrefix={`correct-${id}`} />}
      <Field id={`reason-${id}`} label={t.reason}>
        <textarea id={`reason-${id}`} required minLength={3} maxLength={500} rows={2} value={reason} onInput={(event) => setReason(event.currentTarget.value)} />
      </Field>
      <NoticeView notice={notice} t={t} />
      <div class="actions">
        <button class={`button${action.kind === 'revoke' ? ' button--danger' : ''}`} type="submit">
          {action.kind === 'revoke' ? t.confirmRevoke : t.submitForSigning}
        </button>
        <button class="button button--secondary" type="button" onClick={props.onCancel}>
          {t.cancel}
        </button>
      </div>
    </form>
  );
}
