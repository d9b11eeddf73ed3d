/**
 * The wallet's complaint section: the form to file one, the list of my complaints and the latest updates on
 * them (each step, as also sent to LINE), refreshed after each filing.
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { formatDateTime } from '../i18n/dates';
import { useLang } from '../i18n/lang';
import { complaintCategories, myComplaints, myComplaintUpdates, type ComplaintCategory, type ComplaintUpdate, type MyComplaint } from './api';
import { ComplaintForm } from './complaint-form';
import { complaintMessages } from './messages';
import { MyComplaints } from './my-complaints';
import './complaints.css';

export function ComplaintsSection() {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  const [complaints, setComplaints] = useState<MyComplaint[] | null>(null);
  const [categories, setCategories] = useState<ComplaintCategory[]>([]);
  const [updates, setUpdates] = useState<ComplaintUpdate[] | null>(null);

  const load = useCallback(async () => {
    const [answer, latest] = await Promise.all([myComplaints(), myComplaintUpdates()]);
    setComplaints(answer.ok ? answer.value.complaints : []);
    setUpdates(latest.ok ? latest.value : []);
  }, []);
  useEffect(() => {
    void load();
    void complaintCategories().then((answer) => answer.ok && setCategories(answer.value.categories));
  }, [load]);

  return (
    <section aria-labelledby="complaints-heading" class="complaints">
      <h2 id="complaints-heading">{t.heading}</h2>
      <p class="lead">{t.intro}</p>
      <ComplaintForm categories={categories} onFiled={load} />
      <h3 id="my-complaints-heading">{t.myComplaints}</h3>
      <div aria-labelledby="my-complaints-heading" role="region" data-testid="my-complaints">
        {complaints && <MyComplaints complaints={complaints} categories={categories} />}
      </div>
      <h3 id="complaint-updates-heading">{t.updates}</h3>
      <div aria-labelledby="complaint-updates-heading" role="region" data-testid="complaint-updates">
        {updates && updates.length === 0 && <p class="card">{t.noUpdates}</p>}
        {updates && updates.length > 0 && (
          <ul class="wallet-list">
            {updates.map((update) => (
              <li key={update.id} class="card" data-testid="complaint-update" data-kind={update.kind}>
                <p>{update.text[lang]}</p>
                <p class="hint">
                  <time dateTime={update.createdAt}>{formatDateTime(update.createdAt, lang)}</time>
                </p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
