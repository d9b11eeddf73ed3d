/** The Station: sign-in, then the sections the caller's roles open (overview and onboarding, issuing, certificates, CSV, signers, security, operator). */
import { useEffect, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { ApiProblem, json } from './api';
import { BulkSection } from './bulk';
import { CertificatesSection } from './certificates';
import { IssueSection } from './issue';
import { useStationText, type StationMessages } from './messages';
import { OperatorSection } from './operator';
import { FacilityCard, Onboarding } from './overview';
import { SignIn } from './sign-in';
import { SignersSection } from './signers';
import { TotpEnrolment } from './totp-enrolment';
import type { CertificateType, StationSelf } from './types';
import { Field, fill, NoticeView, personName, problemNotice, type Notice } from './ui';
import './station.css';

type Section = 'overview' | 'issue' | 'certificates' | 'bulk' | 'signers' | 'security' | 'operator';
const sectionLabels: Record<Section, keyof StationMessages> = {
  overview: 'tabOverview',
  issue: 'tabIssue',
  certificates: 'tabCertificates',
  bulk: 'tabBulk',
  signers: 'tabSigners',
  security: 'tabSecurity',
  operator: 'tabOperator',
};

export function StationPage() {
  const t = useStationText();
  const [self, setSelf] = useState<StationSelf | 'signed-out' | 'loading'>('loading');
  const [notice, setNotice] = useState<Notice>(null);

  useEffect(() => {
    document.title = `${t.title} · medcert`;
  }, [t]);

  const reload = async () => {
    try {
      setSelf(await json<StationSelf>('GET', '/api/v1/station/me'));
    } catch (error) {
      if (error instanceof ApiProblem && error.problem.status === 401) setSelf('signed-out');
      else setNotice(problemNotice(error, t));
    }
  };
  useEffect(() => void reload(), []);

  return (
    <div class="station">
      <h1>{t.title}</h1>
      <p class="lead">{t.intro}</p>
      <NoticeView notice={notice} t={t} />
      {self === 'loading' ? <p>{t.loading}</p> : self === 'signed-out' ? <SignIn onSignedIn={() => void reload()} /> : <SignedIn self={self} reload={reload} onSignedOut={() => setSelf('signed-out')} />}
    </div>
  );
}

function SignedIn({ self, reload, onSignedOut }: { self: StationSelf; reload: () => Promise<void>; onSignedOut: () => void }) {
  const t = useStationText();
  const { lang } = useLang();
  const [facilityId, setFacilityId] = useState(self.facilities[0]?.id ?? '');
  const facility = self.facilities.find((candidate) => candidate.id === facilityId) ?? self.facilities[0];
  const [types, setTypes] = useState<CertificateType[]>([]);
  const [section, setSection] = useState<Section>('overview');
  const [listVersion, setListVersion] = useState(0);

  const roles = new Set(facility?.roles ?? []);
  const canSign = roles.has('signer') && self.practitioner !== null;
  const sections: Section[] = [
    'overview',
    ...(canSign ? (['issue'] as const) : []),
    ...(facility ? (['certificates'] as const) : []),
    ...(canSign ? (['bulk'] as const) : []),
    ...(roles.has('admin') ? (['signers'] as const) : []),
    'security',
    ...(self.platformRole === 'platform_operator' ? (['operator'] as const) : []),
  ];
  const current = sections.includes(section) ? section : 'overview';

  useEffect(() => {
    if (facility) void json<CertificateType[]>('GET', '/api/v1/station/types').then(setTypes).catch(() => setTypes([]));
  }, [facility?.id]);

  async function signOut() {
    await json('POST', '/auth/logout').catch(() => undefined);
    onSignedOut();
  }


  const who = self.practitioner ? personName(self.practitioner, lang) : self.platformRole === 'platform_operator' ? t.tabOperator : self.userId;
  const signable = self.practitioner ? types.filter((type) => type.professions.includes(self.practitioner!.profession)) : [];

  return (
    <>
      <div class="station-bar">
        <p class="station-bar__who">{fill(t.signedInAs, { name: who })}</p>
        {self.facilities.length > 1 && (
          <Field id="facility-choice" label={t.facilityChoice}>
            <select id="facility-choice" value={facility?.id} onChange={(event) => setFacilityId(event.currentTarget.value)}>
              {self.facilities.map((candidate) => (
                <option key={candidate.id} value={candidate.id}>
                  {personName(candidate, lang)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <button type="button" class="button button--secondary button--small" onClick={() => void signOut()}>
          {t.signOut}
        </button>
      </div>
      <nav class="station-tabs" aria-label={t.sectionsLabel}>
        <ul>
          {sections.map((candidate) => (
            <li key={candidate}>
              <button type="button" aria-current={candidate === current ? 'true' : undefined} data-section={candidate} onClick={() => setSection(candidate)}>
                {t[sectionLabels[candidate]]}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div class="station-section">
        {current === 'overview' && (
          <>
            {facility ? <FacilityCard facility={facility} /> : <p class="card">{t.noFacility}</p>}
            {self.practitioner && <Onboarding self={self} onChange={() => void reload()} />}
          </>
        )}
        {current === 'issue' && facility && self.practitioner && <IssueSection key={`${facility.id}-${listVersion}`} facilityId={facility.id} practitioner={self.practitioner} types={types} />}
        {current === 'certificates' && facility && <CertificatesSection key={facility.id} facilityId={facility.id} types={types} canSign={canSign || roles.has('admin')} />}
        {current === 'bulk' && facility && <BulkSection facilityId={facility.id} types={signable} onIssued={() => setListVersion((n) => n + 1)} />}
        {current === 'signers' && facility && <SignersSection facilityId={facility.id} />}
        {current === 'security' && <TotpEnrolment enrolled={self.secondFactor} onEnrolled={() => void reload()} />}
        {current === 'operator' && <OperatorSection />}
      </div>
    </>
  );
}
