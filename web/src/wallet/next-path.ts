/**
 * Where the wallet may send a citizen after sign-in (`/wallet?next=…`, as the LINE link flow asks):
 * only a path on this site. Anything that could leave it (`//host`, `/\host`, a URL, control
 * characters browsers strip before parsing) is refused, so the wallet is no open redirect.
 */
export function safeNextPath(next: string | null, origin: string): string | null {
  if (!next || !next.startsWith('/') || next.startsWith('//')) return null;
  // Browsers read "\" as "/" and drop tabs and newlines inside URLs, so "/\host" or "/\t/host" would leave the site.
  if ([...next].some((char) => char === '\\' || char <= '\u001f' || char === '\u007f')) return null;
  let url: URL;
  try {
    url = new URL(next, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin) return null;
  return `${url.pathname}${url.search}${url.hash}`;
}
