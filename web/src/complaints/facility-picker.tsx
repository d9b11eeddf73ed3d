/** Finds the facility a complaint is about in the public registry; public hospitals are left out (they have their own channel) and the citizen is told so. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import { fill } from '../i18n/messages';
import { searchFacilities, type RegistryFacility } from './api';
import { complaintMessages } from './messages';

const minQueryLength = 2;
const typingPause = 300;

type Results = { query: string; private: RegistryFacility[]; publicHidden: number } | null;

export function FacilityPicker({ value, onChange, error }: { value: RegistryFacility | null; onChange: (facility: RegistryFacility | null) => void; error: string | null }) {
  const { lang } = useLang();
  const t = complaintMessages[lang];
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Results>(null);
  const [searching, setSearching] = useState(false);
  const searchInput = useRef<HTMLInputElement>(null);
  const latest = useRef('');

  useEffect(() => {
    const q = query.trim();
    latest.current = q;
    if (q.length < minQueryLength) {
      setResults(null);
      setSearching(false);
      return undefined;
    }
    setSearching(true);
    const timer = setTimeout(async () => {
      const answer = await searchFacilities(q);
      if (latest.current !== q) return;
      setSearching(false);
      const items = answer.ok ? answer.value.items : [];
      setResults({ query: q, private: items.filter((f) => f.kind !== 'public_hospital'), publicHidden: items.filter((f) => f.kind === 'public_hospital').length });
    }, typingPause);
    return () => clearTimeout(timer);
  }, [query]);

  const nameOf = (facility: RegistryFacility) => (lang === 'th' ? facility.nameTh : facility.nameEn);
  const otherNameOf = (facility: RegistryFacility) => (lang === 'th' ? facility.nameEn : facility.nameTh);

  if (value) {
    return (
      <div class="field" data-testid="facility-chosen">
        <span class="field__label">{t.facilityChosen}</span>
        <div class="chosen-facility">
          <span>
            <strong>{nameOf(value)}</strong>
            <span class="party__line">{otherNameOf(value)}</span>
          </span>
          <button
            type="button"
            class="button button--secondary button--small"
            onClick={() => {
              onChange(null);
              requestAnimationFrame(() => searchInput.current?.focus());
            }}
          >
            {t.facilityChange}
          </button>
        </div>
      </div>
    );
  }

  return (
    <div class="field">
      <label for="complaint-facility">{t.facilitySearch}</label>
      <input
        id="complaint-facility"
        ref={searchInput}
        type="search"
        autoComplete="off"
        maxLength={100}
        value={query}
        aria-describedby={`complaint-facility-hint${error ? ' complaint-facility-error' : ''}`}
        aria-invalid={error ? true : undefined}
        onInput={(e) => setQuery(e.currentTarget.value)}
      />
      <p class="hint field__hint" id="complaint-facility-hint">{t.facilitySearchHint}</p>
      {error && <p class="hint hint--error field__hint" id="complaint-facility-error">{error}</p>}
      <div aria-live="polite" class="facility-results">
        {searching && <p class="hint">{t.facilitySearching}</p>}
        {!searching && results && results.private.length === 0 && <p class="hint">{t.facilityNoResults}</p>}
        {!searching && results && results.private.length > 0 && (
          <fieldset class="choice facility-choice" data-testid="facility-results">
            <legend>{t.facilityResults}</legend>
            {results.private.map((facility) => (
              <label key={facility.id} class="choice__option">
                <input type="radio" name="complaint-facility-choice" value={facility.id} onChange={() => onChange(facility)} />
                <span>
                  {nameOf(facility)}
                  <span class="party__line">{otherNameOf(facility)}</span>
                </span>
              </label>
            ))}
          </fieldset>
        )}
        {!searching && results && results.publicHidden > 0 && <p class="hint">{fill(t.facilityPublicHidden, { n: results.publicHidden })}</p>}
      </div>
    </div>
  );
}
