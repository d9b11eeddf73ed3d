/** `npm run bench -- chatbot [--n N]`: classification alone, and a full reply (classify, answer, transcript, topic count) on in-memory PGlite. */
import fs from 'node:fs';
import { Bench } from 'tinybench';
import { createChatbot } from '../src/chatbot/chatbot';
import { createClassifier } from '../src/chatbot/classifier';
import { loadKnowledge } from '../src/chatbot/intents';
import { parseOptions } from '../src/cli/options';
import { openDatabase } from '../src/db/database';

export async function run(args: string[]): Promise<void> {
  const { values } = parseOptions(args, { n: { type: 'string', default: '2000' } });
  const n = Number(values.n);
  const questions: { text: string }[] = JSON.parse(fs.readFileSync(new URL('../src/chatbot/fixtures/labelled-questions.json', import.meta.url), 'utf8'));
  const knowledge = loadKnowledge();
  const classifier = createClassifier(knowledge.intents, new Set([...knowledge.stopwords.th, ...knowledge.stopwords.en]));
  const database = await openDatabase({ memory: true });
  const chatbot = createChatbot({ db: database.db, knowledge, classifier });
  let i = 0;
  const next = () => questions[i++ % questions.length]!.text;

  const bench = new Bench({ iterations: n, time: 0, warmupIterations: 50 });
  bench.add('classify', () => void classifier.classify(next()));
  bench.add('reply-pglite', async () => void (await chatbot.reply({ text: next() })));
  await bench.run();
  for (const task of bench.tasks) {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`bench case ${task.name} ended ${result.state}`);
    console.log(JSON.stringify({ bench: 'chatbot', case: task.name, n, concurrency: 1, opsPerSec: Math.round(1000 / result.period), p50Ms: Number(result.latency.p50.toFixed(3)), p99Ms: Number(result.latency.p99.toFixed(3)) }));
  }
  await database.close();
}
