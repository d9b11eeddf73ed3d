/**
 * Intent classifier: Okapi BM25 over each intent's example phrases (one document per intent, both
 * languages), with typo correction against the vocabulary and a confidence that discounts messages
 * whose words the intents have never seen.
 */
import { closest, distance } from 'fastest-levenshtein';
import type { Intent } from './intents';
import { terms } from './tokenize';

export interface ClassifierOptions {
  /** BM25 term-frequency saturation. */
  k1?: number;
  /** BM25 length normalisation. */
  b?: number;
  /** Softmax temperature turning BM25 scores into a probability over intents. */
  temperature?: number;
}

export interface Classification {
  /** The best intent, whatever its confidence (the caller applies the threshold). */
  intentId: string;
  /** 0..1: the softmax share of the best intent times the share of the message's words the intents know. */
  confidence: number;
}

export interface Classifier {
  classify(text: string): Classification;
}

interface IntentDocument {
  id: string;
  termFrequency: Map<string, number>;
  length: number;
}

export function createClassifier(intents: readonly Intent[], stopwords: ReadonlySet<string>, options: ClassifierOptions = {}): Classifier {
  const k1 = options.k1 ?? 1.2;
  const b = options.b ?? 0.75;
  const temperature = options.temperature ?? 1;

  const phrases = intents.map((intent) => [...intent.examples.th, ...intent.examples.en].map((phrase) => terms(phrase, stopwords)));
  const documents: IntentDocument[] = intents.map((intent, i) => {
    const all = phrases[i]!.flat();
    const termFrequency = new Map<string, number>();
    for (const term of all) termFrequency.set(term, (termFrequency.get(term) ?? 0) + 1);
    return { id: intent.id, termFrequency, length: all.length };
  });
  const averageLength = documents.reduce((sum, d) => sum + d.length, 0) / documents.length;
  const documentFrequency = new Map<string, number>();
  const allPhrases = phrases.flat();
  for (const phrase of allPhrases) for (const term of new Set(phrase)) documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
  const idf = new Map([...documentFrequency].map(([term, df]) => [term, Math.log(1 + (allPhrases.length - df + 0.5) / (df + 0.5))]));
  const vocabulary = [...documentFrequency.keys()];

  function correct(term: string): string | undefined {
    if (documentFrequency.has(term)) return term;
    // Short words are too close to each other for an edit to be a safe guess.
    if (term.length < 5) return undefined;
    const candidate = closest(term, vocabulary);
    return distance(term, candidate) <= (term.length >= 7 ? 2 : 1) ? candidate : undefined;
  }

  function bm25(document: IntentDocument, query: readonly string[]): number {
    let score = 0;
    for (const term of query) {
      const tf = document.termFrequency.get(term);
      if (!tf) continue;
      score += (idf.get(term) ?? 0) * ((tf * (k1 + 1)) / (tf + k1 * (1 - b + (b * document.length) / averageLength)));
    }
    return score;
  }

  return {
    classify(text) {
      const query = terms(text, stopwords);
      const known = query.map(correct).filter((t): t is string => t !== undefined);
      const scores = documents.map((d) => bm25(d, known));
      let best = 0;
      for (let i = 1; i < scores.length; i += 1) if (scores[i]! > scores[best]!) best = i;
      const top = scores[best]!;
      const partition = scores.reduce((sum, s) => sum + Math.exp((s - top) / temperature), 0);
      const coverage = query.length === 0 ? 0 : known.length / query.length;
      return { intentId: documents[best]!.id, confidence: top === 0 ? 0 : coverage / partition };
    },
  };
}
