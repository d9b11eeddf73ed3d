/** The chatbot's knowledge as data (intents.json): intents with example phrases and answers in Thai and English, checked on load. */
import fs from 'node:fs';
import { Type, type Static } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { ChatbotDataError } from './errors';

const Bilingual = Type.Object({ th: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false });
const Phrases = Type.Array(Type.String({ minLength: 1 }), { minItems: 1 });

const IntentSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    /** The dashboard's topic; several intents may share one. */
    topic: Type.String({ pattern: '^[a-z][a-z0-9-]*$' }),
    /** Answered from the signed-in citizen's own certificates. */
    personal: Type.Optional(Type.Boolean()),
    /** The citizen asked for a person: answer and hand the conversation over. */
    handover: Type.Optional(Type.Boolean()),
    examples: Type.Object({ th: Phrases, en: Phrases }, { additionalProperties: false }),
    answers: Bilingual,
  },
  { additionalProperties: false },
);

const KnowledgeSchema = Type.Object(
  {
    intents: Type.Array(IntentSchema, { minItems: 1 }),
    fallback: Bilingual,
    personal: Type.Object({ none: Bilingual, some: Bilingual, status: Type.Record(Type.String(), Bilingual) }, { additionalProperties: false }),
    stopwords: Type.Object({ th: Type.Array(Type.String()), en: Type.Array(Type.String()) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);

export type Intent = Static<typeof IntentSchema>;
export type Knowledge = Static<typeof KnowledgeSchema>;
export type Bilingual = Static<typeof Bilingual>;

export const defaultKnowledgeFile = new URL('./intents.json', import.meta.url);

/** Parses and checks a knowledge document, so a bad edit to the data fails at start-up, not mid-conversation. */
export function parseKnowledge(json: string): Knowledge {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new ChatbotDataError('The chatbot intents file is not valid JSON.', undefined, { cause: error });
  }
  const firstError = Value.Errors(KnowledgeSchema, value).First();
  if (firstError) throw new ChatbotDataError(`The chatbot intents file is invalid at ${firstError.path || '/'}: ${firstError.message}.`);
  const knowledge = value as Knowledge;
  const seen = new Set<string>();
  for (const intent of knowledge.intents) {
    if (seen.has(intent.id)) throw new ChatbotDataError(`The chatbot intents file defines intent ${intent.id} twice.`);
    seen.add(intent.id);
  }
  return knowledge;
}

export function loadKnowledge(file: URL | string = defaultKnowledgeFile): Knowledge {
  return parseKnowledge(fs.readFileSync(file, 'utf8'));
}
