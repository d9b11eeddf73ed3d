/** A coarse, non-identifying description of a browser ("Chrome on Android"), kept instead of the full User-Agent or the IP. */

const previews: [RegExp, string][] = [
  [/facebookexternalhit|Facebot/i, 'Link preview (Facebook)'],
  [/WhatsApp/i, 'Link preview (WhatsApp)'],
  [/Slackbot|TelegramBot|Twitterbot|Discordbot|bot\b|crawler|spider/i, 'Link preview or robot'],
];
const browsers: [RegExp, string][] = [
  [/\bLine\//, 'LINE'],
  [/Edg\//, 'Edge'],
  [/SamsungBrowser\//, 'Samsung Internet'],
  [/OPR\/|Opera/, 'Opera'],
  [/Firefox\/|FxiOS\//, 'Firefox'],
  [/Chrome\/|CriOS\/|Chromium\//, 'Chrome'],
  [/Safari\//, 'Safari'],
  [/curl\/|Wget\/|python-requests|node-fetch|undici/i, 'Script'],
];
const systems: [RegExp, string][] = [
  [/Android/, 'Android'],
  [/iPhone|iPad|iPod/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/CrOS/, 'ChromeOS'],
  [/Linux/, 'Linux'],
];

const first = (table: [RegExp, string][], ua: string) => table.find(([pattern]) => pattern.test(ua))?.[1];

export function coarseUserAgent(userAgent: string | undefined): string {
  const ua = (userAgent ?? '').slice(0, 512);
  const preview = first(previews, ua);
  if (preview) return preview;
  const browser = first(browsers, ua) ?? 'Other browser';
  const system = first(systems, ua);
  return system ? `${browser} on ${system}` : browser;
}
