/** The wallet's complaint section: the form to file one and the list of my complaints, refreshed after each filing. */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { complaintCategories, myComplaints, type ComplaintCategory, type MyComplaint } from './api';
import { ComplaintForm } from './complaint-form';
import { complaintMessages } from './messages';
import { MyComplaints } from './my-complaints';
import './complaints.css';

export function ComplaintsSection() {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  const [complaints, setComplaints] = useState<MyComplaint[] | null>(null);
  const [categories, setCategories] = useState<ComplaintCategory[]>([]);

  const load = useCallback(async () => {
    const answer = await myComplaints();
    setComplaints(answer.ok ? answer.value.complaints : []);
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
    </section>
  );
}
