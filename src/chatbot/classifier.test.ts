import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { createClassifier } from './classifier';
import { defaultConfidenceThreshold } from './chatbot';
import { loadKnowledge } from './intents';

const knowledge = loadKnowledge();
const stopwords = new Set([...knowledge.stopwords.th, ...knowledge.stopwords.en]);
const classifier = createClassifier(knowledge.intents, stopwords);

interface Labelled {
  text: string;
  /** null: off-topic, the chatbot should hand over rather than guess. */
  intent: string | null;
}
const labelled: Labelled[] = JSON.parse(fs.readFileSync(new URL('./fixtures/labelled-questions.json', import.meta.url), 'utf8'));

function predict(text: string): string | null {
  const { intentId, confidence } = classifier.classify(text);
  return confidence >= defaultConfidenceThreshold ? intentId : null;
}

describe('intent classifier', () => {
  it('labels at least 90% of 200+ unseen Thai and English questions correctly, off-topic ones as hand-overs', (t) => {
    assert.ok(labelled.length >= 200);
    const known = new Set(knowledge.intents.map((i) => i.id));
    for (const q of labelled) assert.ok(q.intent === null || known.has(q.intent), `unknown label ${q.intent}`);
    const thai = labelled.filter((q) => /\p{Script=Thai}/u.test(q.text));
    const accuracy = (set: Labelled[]) => set.filter((q) => predict(q.text) === q.intent).length / set.length;
    const overall = accuracy(labelled);
    const offTopic = labelled.filter((q) => q.intent === null);
    t.diagnostic(`in-domain ${(accuracy(labelled.filter((q) => q.intent !== null)) * 100).toFixed(1)}% of ${labelled.length - offTopic.length}; off-topic handed over ${(accuracy(offTopic) * 100).toFixed(1)}% of ${offTopic.length}`);
    t.diagnostic(`intent accuracy ${(overall * 100).toFixed(1)}% on ${labelled.length} questions (Thai ${(accuracy(thai) * 100).toFixed(1)}% of ${thai.length}, English ${(accuracy(labelled.filter((q) => !thai.includes(q))) * 100).toFixed(1)}% of ${labelled.length - thai.length})`);
    assert.ok(overall >= 0.9, `accuracy ${overall}`);
  });

  it('answers every training phrase with its own intent', () => {
    for (const intent of knowledge.intents) {
      for (const phrase of [...intent.examples.th, ...intent.examples.en]) assert.equal(classifier.classify(phrase).intentId, intent.id, phrase);
    }
  });

  it('classifies any text into a known intent with a confidence between 0 and 1', () => {
    const ids = new Set(knowledge.intents.map((i) => i.id));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 300 }), (text) => {
        const { intentId, confidence } = classifier.classify(text);
        assert.ok(ids.has(intentId));
        assert.ok(confidence >= 0 && confidence <= 1);
      }),
    );
  });

  it('has no confidence in words it has never seen', () => {
    assert.equal(classifier.classify('zzzz qqqq').confidence, 0);
    assert.equal(classifier.classify('').confidence, 0);
  });

  it('corrects small English typos against the vocabulary', () => {
    assert.equal(predict('how do I verfy a medcal certificat'), 'verify-certificate');
  });

  it('reads informal Thai with particles, doubled vowels and the repetition mark', () => {
    assert.equal(predict('ขอบคุณมากๆ นะคะะ'), 'thanks');
    assert.equal(predict('ผล atk ขึ้นสองขีดค่าา'), 'covid-testing');
  });

  it('reads Thai mixed with English terms', () => {
    assert.equal(predict('ขอ vaccine certificate ไปเที่ยว Europe ครับ'), 'vaccination-certificate');
  });
});
