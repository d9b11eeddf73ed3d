/** Dates as certificates print them: Buddhist era in Thai, Gregorian in English, in Bangkok time. */

const thai = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });
const english = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Asia/Bangkok' });
const thaiTime = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Bangkok' });
const englishTime = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'long', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Bangkok' });

export interface BilingualText {
  th: string;
  en: string;
}

/** A calendar date (YYYY-MM-DD) or an instant; date-only values are taken as that day in Bangkok. */
export function formatDate(value: string | Date): BilingualText {
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
  return { th: thai.format(date), en: english.format(date) };
}

export function formatDateTime(value: string | Date): BilingualText {
  const date = new Date(value);
  return { th: `${thaiTime.format(date)} น.`, en: englishTime.format(date) };
}
