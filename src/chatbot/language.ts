/** Tells Thai from English by script: the language of most word-like tokens, Thai on a tie. */

export type ChatLanguage = 'th' | 'en';

const thaiLetter = /\p{Script=Thai}/u;
const latinLetter = /\p{Script=Latin}/u;
const wordSegmenter = new Intl.Segmenter('th', { granularity: 'word' });

export function detectLanguage(text: string): ChatLanguage {
  let thai = 0;
  let latin = 0;
  for (const { segment, isWordLike } of wordSegmenter.segment(text)) {
    if (!isWordLike) continue;
    if (thaiLetter.test(segment)) thai += 1;
    else if (latinLetter.test(segment)) latin += 1;
  }
  // Thai speakers mix in English terms ("ขอ cert หน่อย"); English speakers rarely type Thai.
  return latin > thai ? 'en' : 'th';
}
