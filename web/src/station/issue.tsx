/**
 * Issuing from the Station: choose a type, fill the patient and the fields generated from the type's
 * schema (checked as you submit, in the page language), preview the unsigned PDF, save it for
 * signing, and sign what waits with one authenticator code per batch.
 */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { json, request } from './api';
import { DetailsFields } from './details-fields';
import { useStationText, type StationMessages } from './messages';
import { initialValues, isThaiNationalId, toData, validateForm, type FieldError, type FormValues } from './schema-form';
import type { CertificateType, Patient, StationCertificate } from './types';
import { describedBy, Field, fill, formatDate, NoticeView, personName, pick, problemNotice, type Notice } from './ui';

type IdKind = 'thai' | 'passport' | 'work-permit';
interface PatientValues {
  idKind: IdKind;
  nationalId: string;
  passport: string;
  nationality: string;
  workPermit: string;
  nameTh: string;
  nameEn: string;
  birthDate: string;
}
const emptyPatient: PatientValues = { idKind: 'thai', nationalId: '', passport: '', nationality: '', workPermit: '', nameTh: '', nameEn: '', birthDate: '' };

function patientErrors(values: PatientValues, t: StationMessages): Record<string, string> {
  const errors: Record<string, string> = {};
  if (values.idKind === 'thai' && !isThaiNationalId(values.nationalId)) errors.nationalId = values.nationalId.trim() ? t.errNationalId : fill(t.errRequired, { field: t.nationalId });
  if (values.idKind === 'passport') {
    if (!values.passport.trim()) errors.passport = fill(t.errRequired, { field: t.passportNumber });
    if (!/^[A-Za-z]{3}$/.test(values.nationality.trim())) errors.nationality = t.errNationality;
  }
  if (values.idKind === 'work-permit' && !values.workPermit.trim()) errors.workPermit = fill(t.errRequired, { field: t.workPermit });
  if (!values.nameEn.trim()) errors.nameEn = fill(t.errRequired, { field: t.patientNameEn });
  return errors;
}

function toPatient(values: PatientValues): Patient {
  return {
    ...(values.idKind === 'thai' ? { nationalId: values.nationalId.replace(/[\s-]/g, '') } : {}),
    ...(values.idKind === 'passport' ? { passport: { number: values.passport.trim(), nationality: values.nationality.trim().toUpperCase() } } : {}),
    ...(values.idKind === 'work-permit' ? { workPermit: values.workPermit.trim() } : {}),
    ...(values.nameTh.trim() ? { nameTh: values.nameTh.trim() } : {}),
    nameEn: values.nameEn.trim(),
    ...(values.birthDate ? { birthDate: values.birthDate } : {}),
  };
}

export function IssueSection({ facilityId, practitioner, types }: { facilityId: string; practitioner: { id: string; profession: string }; types: CertificateType[] }) {
  const t = useStationText();
  const { lang } = useLang();
  const usable = types.filter((type) => type.professions.includes(practitioner.profession));
  const [typeId, setTypeId] = useState(usable[0]?.id ?? '');
  const type = usable.find((candidate) => candidate.id === typeId);
  const [values, setValues] = useState<FormValues>(() => (type ? initialValues(type.schema) : {}));
  const [patient, setPatient] = useState<PatientValues>(emptyPatient);
  const [errors, setErrors] = useState<Record<string, FieldError>>({});
  const [patientProblems, setPatientProblems] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<Notice>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [refresh, setRefresh] = useState(0);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  function chooseType(id: string) {
    setTypeId(id);
    const chosen = usable.find((candidate) => candidate.id === id);
    setValues(chosen ? initialValues(chosen.schema) : {});
    setErrors({});
    setPreview(null);
  }

  /** Checks the whole form; focuses the first bad field and returns the request, or null. */
  function checked(): { type: string; data: Record<string, unknown>; patient: Patient; facilityId: string } | null {
    if (!type) return null;
    const fieldErrors = validateForm(type.schema, values);
    const personErrors = patientErrors(patient, t);
    setErrors(fieldErrors);
    setPatientProblems(personErrors);
    const count = Object.keys(fieldErrors).length + Object.keys(personErrors).length;
    if (count > 0) {
      setNotice({ kind: 'error', text: fill(t.fixErrors, { n: count }) });
      requestAnimationFrame(() => document.querySelector<HTMLElement>('#issue-form [aria-invalid="true"]')?.focus());
      return null;
    }
    return { type: type.id, data: toData(type.schema, values), patient: toPatient(patient), facilityId };
  }

  async function showPreview() {
    const body = checked();
    if (!body) return;
    setBusy(true);
    try {
      const response = await request('POST', '/api/v1/station/preview', body);
      setPreview(URL.createObjectURL(await response.blob()));
      setNotice({ kind: 'ok', text: t.previewReady });
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  async function submit(event: Event) {
    event.preventDefault();
    const body = checked();
    if (!body) return;
    setBusy(true);
    try {
      await json('POST', '/api/v1/certificates', body);
      setNotice({ kind: 'ok', text: t.submitted });
      setValues(type ? initialValues(type.schema) : {});
      setPatient(emptyPatient);
      setPreview(null);
      setRefresh((n) => n + 1);
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  const setP = (key: keyof PatientValues) => (event: Event) => setPatient({ ...patient, [key]: (event.currentTarget as HTMLInputElement).value });
  const patientInput = (key: keyof PatientValues, label: string, extra: Record<string, unknown> = {}) => (
    <Field id={`patient-${key}`} label={label} error={patientProblems[key]}>
      <input id={`patient-${key}`} value={patient[key]} onInput={setP(key)} aria-invalid={patientProblems[key] ? 'true' : undefined} aria-describedby={describedBy(`patient-${key}`, patientProblems[key])} {...extra} />
    </Field>
  );

  return (
    <>
      <PendingSignatures facilityId={facilityId} practitionerId={practitioner.id} refresh={refresh} />
      <section class="card" aria-labelledby="issue-heading">
        <h2 id="issue-heading">{t.issueHeading}</h2>
        <form id="issue-form" onSubmit={submit} class="form" noValidate>
          <Field id="issue-type" label={t.certificateType}>
            <select id="issue-type" value={typeId} onChange={(event) => chooseType(event.currentTarget.value)}>
              {usable.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {pick(candidate.names, lang)}
                </option>
              ))}
            </select>
          </Field>
          <fieldset class="group">
            <legend>{t.patientHeading}</legend>
            <Field id="patient-idKind" label={t.identifierKind}>
              <select id="patient-idKind" value={patient.idKind} onChange={setP('idKind')}>
                <option value="thai">{t.idThai}</option>
                <option value="passport">{t.idPassport}</option>
                <option value="work-permit">{t.idWorkPermit}</option>
              </select>
            </Field>
            <div class="inputs inputs--two">
              {patient.idKind === 'thai' && patientInput('nationalId', t.nationalId, { inputMode: 'numeric', autocomplete: 'off', maxLength: 17 })}
              {patient.idKind === 'passport' && patientInput('passport', t.passportNumber, { autocomplete: 'off', maxLength: 20 })}
              {patient.idKind === 'passport' && patientInput('nationality', t.nationality, { autocomplete: 'off', maxLength: 3 })}
              {patient.idKind === 'work-permit' && patientInput('workPermit', t.workPermit, { autocomplete: 'off', maxLength: 20 })}
              {patientInput('nameTh', `${t.patientNameTh} ${t.optional}`, { maxLength: 200, lang: 'th' })}
              {patientInput('nameEn', t.patientNameEn, { maxLength: 200, lang: 'en' })}
              {patientInput('birthDate', `${t.birthDate} ${t.optional}`, { type: 'date' })}
            </div>
          </fieldset>
          {type && (
            <fieldset class="group">
              <legend>{t.detailsHeading}</legend>
              <DetailsFields type={type} values={values} errors={errors} onChange={setValues} idPrefix="field" />
            </fieldset>
          )}
          <NoticeView notice={notice} t={t} />
          {preview && (
            <p>
              <a class="button button--secondary" href={preview} target="_blank" rel="noopener" data-testid="preview-link">
                {t.previewOpen}
              </a>
            </p>
          )}
          <div class="actions">
            <button class="button button--secondary" type="button" disabled={busy} onClick={() => void showPreview()}>
              {t.preview}
            </button>
            <button class="button" type="submit" disabled={busy}>
              {busy ? t.working : t.submitForSigning}
            </button>
          </div>
        </form>
      </section>
    </>
  );
}

export function PendingSignatures({ facilityId, practitionerId, refresh }: { facilityId: string; practitionerId: string; refresh: number }) {
  const t = useStationText();
  const { lang } = useLang();
  const [pending, setPending] = useState<StationCertificate[]>([]);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState(false);

  const load = async () => {
    try {
      const { certificates } = await json<{ certificates: StationCertificate[] }>('POST', `/api/v1/station/facilities/${facilityId}/certificates/search`, { status: 'pending_signature', limit: 200 });
      const mine = certificates.filter((c) => c.practitionerId === practitionerId);
      setPending(mine);
      setSelected(new Set(mine.map((c) => c.id)));
    } catch (error) {
      setNotice(problemNotice(error, t));
    }
  };
  useEffect(() => void load(), [facilityId, refresh]);

  async function sign(event: Event) {
    event.preventDefault();
    const element = event.currentTarget as HTMLFormElement;
    setBusy(true);
    try {
      const { certificates } = await json<{ certificates: { id: string }[] }>('POST', '/api/v1/signing/approve', { certificateIds: [...selected], totp: String(new FormData(element).get('totp')).trim() });
      element.reset();
      setNotice({ kind: 'ok', text: fill(t.signed, { n: certificates.length }) });
      await load();
    } catch (error) {
      setNotice(problemNotice(error, t));
    } finally {
      setBusy(false);
    }
  }

  const toggle = (id: string, on: boolean) => {
    const next = new Set(selected);
    if (on) next.add(id);
    else next.delete(id);
    setSelected(next);
  };

  return (
    <section class="card" aria-labelledby="sign-heading">
      <h2 id="sign-heading">{t.signHeading}</h2>
      {pending.length === 0 ? (
        <p>{t.nothingToSign}</p>
      ) : (
        <form onSubmit={sign} class="form">
          <p class="lead">{t.signIntro}</p>
          <ul class="plain-list">
            {pending.map((certificate) => (
              <li key={certificate.id} class="field field--check">
                <input id={`sign-${certificate.id}`} type="checkbox" checked={selected.has(certificate.id)} onChange={(event) => toggle(certificate.id, event.currentTarget.checked)} />
                <label for={`sign-${certificate.id}`}>
                  {personName({ nameTh: certificate.patientNameTh, nameEn: certificate.patientNameEn }, lang)} · {certificate.typeNames ? pick(certificate.typeNames, lang) : certificate.type} · {formatDate(certificate.createdAt, lang)}
                </label>
              </li>
            ))}
          </ul>
          <div class="form--inline">
            <Field id="sign-totp" label={t.totpCode}>
              <input id="sign-totp" name="totp" required inputMode="numeric" autocomplete="one-time-code" pattern="[0-9]{6}" maxLength={6} />
            </Field>
            <button class="button" type="submit" disabled={busy || selected.size === 0}>
              {busy ? t.working : fill(t.signSelected, { n: selected.size })}
            </button>
          </div>
        </form>
      )}
      <NoticeView notice={notice} t={t} />
    </section>
  );
}
