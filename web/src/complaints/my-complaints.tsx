/** The signed-in citizen's complaints, newest first: facility, category, status and the date an answer is due. */
import { formatDate } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import type { ComplaintCategory, ComplaintStatus, MyComplaint } from './api';
import { complaintMessages, type ComplaintMessages } from './messages';

const statusLabel: Record<ComplaintStatus, keyof ComplaintMessages> = {
  submitted: 'statusSubmitted',
  triaged: 'statusTriaged',
  investigating: 'statusInvestigating',
  resolved: 'statusResolved',
  dismissed: 'statusDismissed',
};

export function MyComplaints({ complaints, categories }: { complaints: readonly MyComplaint[]; categories: readonly ComplaintCategory[] }) {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  if (complaints.length === 0) return <p class="card">{t.noComplaints}</p>;
  return (
    <ul class="wallet-list">
      {complaints.map((complaint) => {
        const category = categories.find((c) => c.id === complaint.category)?.names[lang] ?? complaint.category;
        return (
          <li key={complaint.id} class="card" data-testid="my-complaint" data-status={complaint.status}>
            <h4 class="complaint__title">{category}</h4>
            <dl class="facts">
              <div class="facts__row"><dt>{t.facility}</dt><dd>{lang === 'th' ? complaint.facility.nameTh : complaint.facility.nameEn}</dd></div>
              <div class="facts__row"><dt>{t.visitDate}</dt><dd>{formatDate(complaint.visitDate, lang)}</dd></div>
              <div class="facts__row"><dt>{t.filedOn}</dt><dd>{formatDate(complaint.submittedAt, lang)}</dd></div>
              <div class="facts__row">
                <dt>{t.status}</dt>
                <dd><span class={`badge badge--complaint-${complaint.status}`}>{t[statusLabel[complaint.status]]}</span></dd>
              </div>
              {complaint.dueAt && (
                <div class="facts__row">
                  <dt>{t.dueBy}</dt>
                  <dd>
                    {formatDate(complaint.dueAt, lang)}
                    {complaint.overdue && <> <span class="badge badge--expired">{t.overdue}</span></>}
                  </dd>
                </div>
              )}
            </dl>
          </li>
        );
      })}
    </ul>
  );
}
