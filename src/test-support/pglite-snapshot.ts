/**
 * Test databases start from a migrated snapshot instead of an empty cluster: initdb plus the
 * migrations cost seconds of CPU per database, loading a migrated data dir a fraction of that.
 * The snapshot is made once by running every migration on an empty PGlite, kept in the process,
 * and shared between test processes as a tarball in the temp dir, named by a hash of the PGlite
 * package and the migrations' sources (written under a temporary name, then renamed, so a process
 * never reads half a file). The migration test in src/db/migrations and the crash-safety test still
 * start from empty clusters, as production does.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import { pgliteDataPath, pgliteExtensions } from '../db/database';
import { migrateToLatest } from '../db/migrate';

let tarball: Promise<Uint8Array> | undefined;
let templateDir: Promise<string> | undefined;

/** A migrated, empty database's data dir, for `openDatabase({ memory: true, loadDataDir })`. */
export async function migratedDataDir(): Promise<Blob> {
  tarball ??= readOrBuildTarball();
  return new HeldTarball(await tarball);
}

/** Puts a migrated, empty PGlite cluster into a fresh MEDCERT_DATA_DIR, as the first command run on it would have made it. */
export async function seedDataDir(dataDir: string): Promise<void> {
  templateDir ??= readyTemplateDir();
  fs.cpSync(await templateDir, pgliteDataPath(dataDir), { recursive: true });
}

/**
 * The tarball as the Blob PGlite takes, answering only arrayBuffer() (all PGlite 0.5 reads) from the
 * bytes at hand: a real Blob costs a quarter of a second of CPU to fill with 40 MB and half a second
 * to read back. Should PGlite read it otherwise, it finds an empty file and fails to start.
 */
class HeldTarball extends Blob {
  readonly #tarball: Uint8Array;

  constructor(tarball: Uint8Array) {
    super([]);
    this.#tarball = tarball;
  }

  override arrayBuffer(): Promise<ArrayBuffer> {
    return Promise.resolve(this.#tarball.slice().buffer);
  }
}

async function readOrBuildTarball(): Promise<Uint8Array> {
  const file = path.join(os.tmpdir(), `medcert-pglite-${snapshotKey()}.tar`);
  try {
    return fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const built = await buildTarball();
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString('hex')}`;
  fs.writeFileSync(temporary, built);
  fs.renameSync(temporary, file);
  return built;
}

async function buildTarball(): Promise<Uint8Array> {
  const pglite = new PGlite({ extensions: pgliteExtensions });
  const db = new Kysely<unknown>({ dialect: new PGliteDialect({ pglite }) });
  try {
    await migrateToLatest(db);
    await pglite.exec('CHECKPOINT');
    return new Uint8Array(await (await pglite.dumpDataDir('none')).arrayBuffer());
  } finally {
    await db.destroy();
  }
}

/** The snapshot unpacked on disk once (a cleanly shut-down cluster), for copying into CLI data dirs. */
async function readyTemplateDir(): Promise<string> {
  const dir = path.join(os.tmpdir(), `medcert-pglite-${snapshotKey()}`);
  if (fs.existsSync(dir)) return dir;
  const temporary = `${dir}.${process.pid}-${randomBytes(4).toString('hex')}`;
  const pglite = new PGlite(temporary, { extensions: pgliteExtensions, loadDataDir: await migratedDataDir() });
  await pglite.waitReady;
  await pglite.close();
  try {
    fs.renameSync(temporary, dir);
  } catch (error) {
    // Another test process unpacked the same snapshot first.
    if (!['ENOTEMPTY', 'EEXIST'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
    fs.rmSync(temporary, { recursive: true, force: true });
  }
  return dir;
}

function snapshotKey(): string {
  const hash = createHash('sha256');
  const pgliteIndex = fileURLToPath(import.meta.resolve('@electric-sql/pglite'));
  hash.update(fs.readFileSync(path.join(path.dirname(pgliteIndex), '..', 'package.json')));
  const sourceRoot = fileURLToPath(new URL('..', import.meta.url));
  for (const file of migrationSources()) hash.update(path.relative(sourceRoot, file)).update(fs.readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

/** migrate.ts and every local module it reaches through imports: a change to any of them makes a new snapshot. */
function migrationSources(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, specifier] of fs.readFileSync(file, 'utf8').matchAll(/from '(\.{1,2}\/[^']+)'/g)) {
      const base = path.resolve(path.dirname(file), specifier!);
      const resolved = [base, `${base}.ts`, path.join(base, 'index.ts')].find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile());
      if (resolved) visit(resolved);
    }
  };
  visit(fileURLToPath(new URL('../db/migrate.ts', import.meta.url)));
  return [...seen].sort();
}
