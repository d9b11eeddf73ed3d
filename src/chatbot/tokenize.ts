/** Turns a message into index terms: Thai split into words by Intl.Segmenter, English lower-cased and lightly stemmed. */

const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });
const thaiLetter = /\p{Script=Thai}/u;

/**
 * Lower-cases, folds compatibility forms and squeezes what informal chat repeats for emphasis:
 * letters typed three or more times ("ครับบบ", "pleeease"), a doubled Thai vowel or tone mark
 * ("ค่าา", which Thai spelling never doubles), and the repetition mark ๆ ("มากๆ").
 */
export function normalize(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/(\p{L}|\p{M})\1{2,}/gu, '$1')
    .replace(/([\u0E30-\u0E3A\u0E40-\u0E4E])\1+/gu, '$1')
    .replaceAll('ๆ', ' ');
}

/** Word-like segments of the normalized text, in order. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const { segment, isWordLike } of wordSegmenter.segment(normalize(text))) {
    if (isWordLike) out.push(segment);
  }
  return out;
}

/**
 * A light English stemmer: folds plurals, -ing, -ed and a final -e so that "certificates",
 * "vaccinated" and "vaccinate" meet their base forms. Thai has no inflection to fold.
 */
export function stem(word: string): string {
  if (thaiLetter.test(word) || word.length <= 3) return word;
  let w = word.replace(/'s$/, '');
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (/(ss|x|ch|sh)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/**
 * Index terms of a message: its stemmed words less the stop words, plus each pair of adjacent Thai
 * words joined, because the segmenter splits one word differently by context ("ขอบคุณ" alone,
 * "ขอบ|คุณ" before another word); the joined pair meets the unsplit form.
 */
export function terms(text: string, stopwords: ReadonlySet<string>): string[] {
  const all = words(text);
  const joined = all.slice(1).flatMap((w, i) => {
    const previous = all[i]!;
    return thaiLetter.test(previous) && thaiLetter.test(w) && !stopwords.has(previous) && !stopwords.has(w) ? [previous + w] : [];
  });
  return [...all.filter((w) => !stopwords.has(w)).map(stem), ...joined];
}
