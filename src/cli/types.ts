/** `medcert types --json`: the certificate types (contract: [{"id","names":{"th","en"},"schema"}]). */
import { loadCertificateTypes } from '../certificates/types/catalog';
import { parseOptions, printJson } from './options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
  const types = loadCertificateTypes();
  const list = types.ids().map((id) => ({ id, names: types.get(id).names, schema: types.get(id).schema }));
  if (values.json) printJson(list);
  else for (const type of list) console.log(`${type.id}\t${type.names.th} / ${type.names.en}`);
  return 0;
}
