/** Content for portals whose issue is not built yet: their title and a plain note, inside the shared frame. */
import { useEffect } from 'preact/hooks';
import { useLang } from '../i18n/lang';
import type { Messages } from '../i18n/messages';

export function PagePlaceholder({ title }: { title: keyof Messages }) {
  const { t } = useLang();
  useEffect(() => {
    document.title = `${t[title]} · ${t.appName}`;
  }, [t, title]);
  return (
    <section class="card">
      <h1>{t[title]}</h1>
      <p>{t.comingSoon}</p>
    </section>
  );
}
