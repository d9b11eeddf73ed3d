/**
 * Files a complaint: the facility (registry search), category, visit date, description and optional
 * attachments. Every field has a label; problems are shown beside their field in the page language,
 * the first one gets focus, and nothing is sent until the form is complete.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { formatDate } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { fill } from '../i18n/messages';
import type { Problem } from '../wallet/api';
import { fileComplaint, type ComplaintCategory, type RegistryFacility } from './api';
import { AttachmentPicker } from './attachment-picker';
import { FacilityPicker } from './facility-picker';
import { attachmentProblem, checkComplaint, complaintLimits, oldestVisitDay, todayInThailand, type ComplaintField, type FieldProblem } from './form-checks';
import { complaintMessages, type ComplaintMessages } from './messages';

const fieldIds: Record<ComplaintField, string> = {
  facility: 'complaint-facility',
  category: 'complaint-category',
  visitDate: 'complaint-visit-date',
  description: 'complaint-description',
  attachments: 'complaint-attachments',
};

/** Which sentence a refusal from the server gets: by its stable type, never by its English detail. */
const problemByType: Record<string, keyof ComplaintMessages> = {
  'complaint-public-facility': 'errorFacilityPublic',
  'complaint-unknown-facility': 'errorFacilityUnknown',
  'unsupported-attachment': 'errorAttachmentRejected',
  'attachment-too-large': 'errorAttachmentTooLarge',
  'payload-too-large': 'errorAttachmentTooLarge',
  'invalid-complaint': 'errorInvalid',
  'invalid-input': 'errorInvalid',
  'not-authenticated': 'errorSignedOut',
  'csrf-token': 'errorSignedOut',
  'rate-limited': 'errorRateLimited',
};

function problemKey(problem: Problem): keyof ComplaintMessages {
  if (problem.status === 0) return 'errorNetwork';
  return problemByType[problem.type?.split('/').pop() ?? ''] ?? (problem.status === 401 ? 'errorSignedOut' : 'errorServer');
}

export function ComplaintForm({ categories, onFiled }: { categories: readonly ComplaintCategory[]; onFiled: () => void }) {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  const [facility, setFacility] = useState<RegistryFacility | null>(null);
  const [category, setCategory] = useState('');
  const [visitDate, setVisitDate] = useState('');
  const [description, setDescription] = useState('');
  const [attachments, setAttachments] = useState<File[]>([]);
  const [problems, setProblems] = useState<Partial<Record<ComplaintField, FieldProblem>>>({});
  const [refusal, setRefusal] = useState<keyof ComplaintMessages | null>(null);
  const [filed, setFiled] = useState<{ dueAt: string | null } | null>(null);
  const [tried, setTried] = useState(false);
  /** Bumped after each filing so the pickers start empty again. */
  const [round, setRound] = useState(0);
  const [busy, setBusy] = useState(false);
  const status = useRef<HTMLParagraphElement>(null);
  const today = todayInThailand();

  useEffect(() => {
    if (filed || refusal) status.current?.focus();
  }, [filed, refusal]);

  const draft = { facilityId: facility?.id ?? null, category, visitDate, description, attachments };
  const say = (problem: FieldProblem | undefined) => (problem ? fill(t[problem.key], problem.values ?? {}) : null);
  /** Once the citizen has tried to send, problems follow their edits; before that, only a refused file is shown. */
  const recheck = (next: Partial<typeof draft>) => {
    if (tried) setProblems(checkComplaint({ ...draft, ...next }, today, lang));
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    setFiled(null);
    setRefusal(null);
    setTried(true);
    const found = checkComplaint(draft, today, lang);
    setProblems(found);
    const first = (Object.keys(fieldIds) as ComplaintField[]).find((field) => found[field]);
    if (first) return document.getElementById(fieldIds[first])?.focus();
    setBusy(true);
    const answer = await fileComplaint({ facilityId: facility!.id, category, visitDate, description: description.trim(), attachments });
    setBusy(false);
    if (!answer.ok) return setRefusal(problemKey(answer.problem));
    setFiled({ dueAt: answer.value.dueAt });
    setTried(false);
    setRound(round + 1);
    setFacility(null);
    setCategory('');
    setVisitDate('');
    setDescription('');
    setAttachments([]);
    setProblems({});
    onFiled();
  };

  /** Files that cannot be sent are never listed: the first one refused is named at once, beside the field. */
  const addAttachments = (chosen: readonly File[]) => {
    const refused = chosen.map((file) => attachmentProblem(file, lang)).find((problem) => problem !== null);
    const acceptable = [...attachments, ...chosen.filter((file) => attachmentProblem(file, lang) === null)];
    const kept = acceptable.slice(0, complaintLimits.attachments);
    const problem = refused ?? (kept.length < acceptable.length ? { key: 'errorAttachmentCount' as const, values: { count: complaintLimits.attachments } } : undefined);
    setAttachments(kept);
    setProblems(({ attachments: _, ...rest }) => (problem ? { ...rest, attachments: problem } : rest));
  };

  const describedBy = (field: ComplaintField, hint?: string) => [hint, problems[field] ? `${fieldIds[field]}-error` : undefined].filter(Boolean).join(' ') || undefined;
  const problemCount = Object.keys(problems).length;

  return (
    <form class="card complaint-form" onSubmit={submit} noValidate data-testid="complaint-form">
      {tried && problemCount > 0 && <p class="hint hint--error" role="alert">{fill(t.errorSummary, { n: problemCount })}</p>}
      <FacilityPicker
        key={`facility-${round}`}
        value={facility}
        error={say(problems.facility)}
        onChange={(chosen) => {
          setFacility(chosen);
          recheck({ facilityId: chosen?.id ?? null });
        }}
      />
      <div class="field">
        <label for="complaint-category">{t.category}</label>
        <select
          id="complaint-category"
          value={category}
          aria-describedby={describedBy('category')}
          aria-invalid={problems.category ? true : undefined}
          onChange={(e) => {
            setCategory(e.currentTarget.value);
            recheck({ category: e.currentTarget.value });
          }}
        >
          <option value="">{t.categoryPlaceholder}</option>
          {categories.map((c) => (
            <option key={c.id} value={c.id}>{c.names[lang]}</option>
          ))}
        </select>
        {problems.category && <p class="hint hint--error field__hint" id="complaint-category-error">{say(problems.category)}</p>}
      </div>
      <div class="field">
        <label for="complaint-visit-date">{t.visitDate}</label>
        <input
          id="complaint-visit-date"
          type="date"
          min={oldestVisitDay(today)}
          max={today}
          value={visitDate}
          aria-describedby={describedBy('visitDate')}
          aria-invalid={problems.visitDate ? true : undefined}
          onInput={(e) => {
            setVisitDate(e.currentTarget.value);
            recheck({ visitDate: e.currentTarget.value });
          }}
        />
        {problems.visitDate && <p class="hint hint--error field__hint" id="complaint-visit-date-error">{say(problems.visitDate)}</p>}
      </div>
      <div class="field">
        <label for="complaint-description">{t.description}</label>
        <textarea
          id="complaint-description"
          rows={5}
          maxLength={complaintLimits.descriptionMax}
          value={description}
          aria-describedby={describedBy('description', 'complaint-description-hint')}
          aria-invalid={problems.description ? true : undefined}
          onInput={(e) => {
            setDescription(e.currentTarget.value);
            recheck({ description: e.currentTarget.value });
          }}
        />
        <p class="hint field__hint" id="complaint-description-hint">
          {fill(t.descriptionHint, { min: complaintLimits.descriptionMin, max: complaintLimits.descriptionMax, count: description.trim().length })}
        </p>
        {problems.description && <p class="hint hint--error field__hint" id="complaint-description-error">{say(problems.description)}</p>}
      </div>
      <AttachmentPicker key={`attachments-${round}`} files={attachments} error={say(problems.attachments)} onAdd={addAttachments} onRemove={(index) => {
        setAttachments(attachments.filter((_, i) => i !== index));
        setProblems(({ attachments: _, ...rest }) => rest);
      }} />
      {refusal && <p class="hint hint--error" role="alert" tabIndex={-1} ref={status}>{t[refusal]}</p>}
      {filed && <p class="notice" role="status" tabIndex={-1} ref={status} data-testid="complaint-filed">{filed.dueAt ? fill(t.filed, { date: formatDate(filed.dueAt, lang) }) : t.filedNoDue}</p>}
      <button type="submit" class="button" disabled={busy}>{busy ? t.submitting : t.submit}</button>
    </form>
  );
}
