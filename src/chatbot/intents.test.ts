import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ChatbotDataError } from './errors';
import { loadKnowledge, parseKnowledge } from './intents';

const valid = loadKnowledge();

describe('intents data', () => {
  it('covers every topic the platform promises, in Thai and English', () => {
    const ids = valid.intents.map((i) => i.id);
    for (const id of ['vaccination-certificate', 'get-medical-certificate', 'verify-certificate', 'certificate-revoked', 'covid-self-assessment', 'covid-isolation', 'covid-testing', 'complaint', 'registry-lookup', 'sick-leave', 'share-certificate', 'line-linking', 'greeting', 'thanks', 'my-certificates']) {
      assert.ok(ids.includes(id), id);
    }
    assert.ok(valid.intents.some((i) => i.personal));
  });

  it('rejects a file that is not JSON', () => {
    assert.throws(() => parseKnowledge('{ intents: ['), ChatbotDataError);
  });

  it('rejects an intent without an English answer, naming where', () => {
    const broken = structuredClone(valid) as { intents: { answers: Record<string, string> }[] };
    delete broken.intents[0]!.answers.en;
    assert.throws(() => parseKnowledge(JSON.stringify(broken)), (error: Error) => error instanceof ChatbotDataError && error.message.includes('/intents/0/answers'));
  });

  it('rejects an intent id defined twice', () => {
    const doubled = { ...valid, intents: [...valid.intents, valid.intents[0]] };
    assert.throws(() => parseKnowledge(JSON.stringify(doubled)), /twice/);
  });
});
