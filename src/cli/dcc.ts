/**
 * `medcert dcc issue --data FILE.json [--qr FILE.png] [--json]` signs an EU DCC with the configured
 * document signer; `medcert dcc verify (HC1 | --file FILE | --image FILE.png) [--dsc PEM-OR-BASE64-DER|FILE]
 * [--trust-list FILE] [--at ISO-TIME] [--json]` runs the staged verification: exit 0 valid, 1 not.
 */
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { loadConfig } from '../config';
import { InvalidInputError, UsageError } from '../errors';
import { readQrPng, renderHc1QrPng } from '../dcc/qr-image';
import { createConfiguredDccService } from '../dcc/service';
import { stageNames } from '../dcc/verify';
import { parseOptions, printJson } from './options';

const usage = 'Usage: medcert dcc issue --data FILE.json [--qr FILE.png] [--json] | medcert dcc verify (HC1 | --file FILE | --image FILE.png) [--dsc PEM-OR-BASE64-DER] [--trust-list FILE] [--at ISO-TIME] [--json].';

export async function run(args: string[]): Promise<number> {
  const [subcommand, ...rest] = args;
  if (subcommand === 'issue') return issue(rest);
  if (subcommand === 'verify') return verify(rest);
  throw new UsageError(usage);
}

async function issue(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(args, { data: { type: 'string' }, qr: { type: 'string' }, json: { type: 'boolean', default: false } }, true);
  if (!values.data || positionals.length > 0) throw new UsageError(usage);
  const payload = parseJson(await readInput(values.data), values.data);
  const issued = await createConfiguredDccService(loadConfig()).issue(payload);
  if (values.qr) await writeFile(values.qr, await renderHc1QrPng(issued.hc1));
  if (values.json) printJson({ hc1: issued.hc1, kid: issued.kid });
  else console.log(issued.hc1);
  return 0;
}

async function verify(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    args,
    { file: { type: 'string' }, image: { type: 'string' }, dsc: { type: 'string' }, 'trust-list': { type: 'string' }, at: { type: 'string' }, json: { type: 'boolean', default: false } },
    true,
  );
  const sources = [positionals.length > 0, values.file !== undefined, values.image !== undefined].filter(Boolean).length;
  if (sources !== 1 || positionals.length > 1) throw new UsageError(usage);
  const at = values.at === undefined ? undefined : new Date(values.at);
  if (at && Number.isNaN(at.getTime())) throw new UsageError('--at must be an ISO 8601 date-time.');

  const hc1 = values.image !== undefined ? readQrPng(await readFile(values.image)) : values.file !== undefined ? (await readInput(values.file)).trim() : positionals[0]!;
  if (hc1 === null) throw new InvalidInputError('The image holds no readable QR code.');
  const dsc = values.dsc !== undefined && existsSync(values.dsc) ? await readInput(values.dsc) : values.dsc;
  const trustList = values['trust-list'] !== undefined ? await readInput(values['trust-list']) : undefined;

  const result = await createConfiguredDccService(loadConfig()).verify({ hc1, dsc, trustList, at });
  if (values.json) printJson({ valid: result.valid, stages: result.stages, payload: result.payload });
  else console.log(result.valid ? 'valid' : `invalid: the ${stageNames.find((name) => result.stages[name] === false) ?? 'verify'} stage failed`);
  return result.valid ? 0 : 1;
}

async function readInput(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new InvalidInputError(`Cannot read ${path}.`);
  }
}

function parseJson(text: string, path: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidInputError(`${path} is not JSON.`);
  }
}
