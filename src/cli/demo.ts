/** `medcert demo --json`: creates (once) the demo CA chain, clinic, doctor and HIS client, and prints their ids. */
import { seedDemo } from '../demo/seed';
import { withContext } from './open-context';
import { parseOptions, printJson } from './options';

export async function run(args: string[]): Promise<number> {
  const { values } = parseOptions(args, { json: { type: 'boolean', default: false } });
  const seed = await withContext(seedDemo);
  if (values.json) printJson(seed);
  else console.log(`Demo facility ${seed.facilityId}, practitioner ${seed.practitionerId}, HIS client ${seed.client.id} (secret ${seed.client.secret}).`);
  return 0;
}
