// Opening the store: which engine, where its data lives, the single-writer lock of the embedded
// engine, and migrations. One schema and one query layer (Kysely) for both engines.
//
//   --db postgres://…  or  UNSAID_DB=postgres://…  or  DATABASE_URL   → PostgreSQL server
//   --db <dir>         or  UNSAID_DB=<dir>                             → PGlite in <dir>
//   --db memory:                                                       → PGlite in memory (tests)
//   otherwise                                → PGlite in $XDG_DATA_HOME/unsaid or ~/.local/share/unsaid
import {
  existsSync,
  linkSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Kysely, Migrator, PostgresDialect, type ColumnType, type Generated } from 'kysely';
import { UnsaidError, oneLine } from '../errors.js';
import { migrationProvider } from './migrations/index.js';
import { Store } from './store.js';

// ---------------------------------------------------------------------------------------------
// Schema types (see migrations/0001_init.ts)

type Timestamp = ColumnType<Date, string, string>;

export interface DocumentsTable {
  id: Generated<number>;
  sha256: string;
  source: string;
  format: string;
  bytes: ColumnType<Uint8Array, Uint8Array, never>;
  size: number;
  added_at: Timestamp;
}
export interface ReleasesTable {
  id: Generated<number>;
  vendor: string;
  model: string;
  release: string;
  date: string | null;
}
export interface AuditsTable {
  id: Generated<number>;
  document_id: number;
  release_id: number;
  rubric_id: string;
  rubric_version: string;
  tool_version: string;
  created_at: Timestamp;
  score: number;
  findings_count: number;
  /** json text on the way in; the drivers parse it on the way out (key order kept). */
  audit: ColumnType<unknown, string, never>;
}
export interface FindingsTable {
  audit_id: number;
  indicator_id: string;
  grp: string;
  status: string;
}
export interface ReviewsTable {
  id: Generated<number>;
  audit_id: number;
  indicator_id: string;
  status: string;
  note: string | null;
  reviewer: string;
  created_at: Timestamp;
}
export interface Database {
  documents: DocumentsTable;
  releases: ReleasesTable;
  audits: AuditsTable;
  findings: FindingsTable;
  reviews: ReviewsTable;
}

// ---------------------------------------------------------------------------------------------
// Where

export type Engine = 'pglite' | 'postgres';

export interface StoreLocation {
  engine: Engine;
  /** Store directory (PGlite); undefined for in-memory. */
  dir?: string;
  /** Connection string (PostgreSQL). */
  url?: string;
  /** For messages: the directory, "memory", or the URL without its password. */
  display: string;
}

export interface OpenOptions {
  /** A directory, a postgres:// URL, or "memory:". */
  db?: string;
}

const isUrl = (s: string) => /^postgres(ql)?:\/\//i.test(s);
const isMemory = (s: string) => /^memory:(\/\/)?$/i.test(s);

/** Default embedded store directory: $XDG_DATA_HOME/unsaid, else ~/.local/share/unsaid. */
export function defaultStoreDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_DATA_HOME;
  return xdg && xdg.startsWith('/') ? join(xdg, 'unsaid') : join(homedir(), '.local', 'share', 'unsaid');
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:/@]+):[^@/]*@/, '//$1:***@');
  }
}

/** --db, then UNSAID_DB, then DATABASE_URL, then the default directory. */
export function resolveLocation(opts: OpenOptions = {}, env: NodeJS.ProcessEnv = process.env): StoreLocation {
  const pick = (v: string): StoreLocation => {
    if (isUrl(v)) return { engine: 'postgres', url: v, display: redactUrl(v) };
    if (isMemory(v)) return { engine: 'pglite', display: 'memory' };
    const dir = resolve(v);
    return { engine: 'pglite', dir, display: dir };
  };
  if (opts.db) return pick(opts.db);
  if (env.UNSAID_DB) return pick(env.UNSAID_DB);
  if (env.DATABASE_URL) {
    if (!isUrl(env.DATABASE_URL)) throw new UnsaidError('store', `DATABASE_URL is not a postgres:// URL`);
    return pick(env.DATABASE_URL);
  }
  return pick(defaultStoreDir(env));
}

// ---------------------------------------------------------------------------------------------
// The embedded engine is single-writer: one process at a time holds <dir>/unsaid.lock.

const heldLocks = new Set<string>();
let exitHookInstalled = false;

/** Start time of a process (Linux /proc), to tell a live holder from a recycled pid; null elsewhere. */
function startTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

interface LockInfo {
  pid: number;
  start: string | null;
}

function readLock(path: string): LockInfo | null {
  try {
    const [p, start] = readFileSync(path, 'utf8').split('\n');
    const pid = Number.parseInt(p ?? '', 10);
    return Number.isFinite(pid) && pid > 0 ? { pid, start: start?.trim() || null } : null;
  } catch {
    return null;
  }
}

const readPid = (path: string): number | null => readLock(path)?.pid ?? null;

/** The lock's holder is running (same pid and, where the OS tells, the same process start time). */
function holderAlive(l: LockInfo): boolean {
  try {
    process.kill(l.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  const now = startTime(l.pid);
  return !(l.start && now && l.start !== now);
}

function releaseLockSync(lock: string): void {
  if (!heldLocks.delete(lock)) return;
  try {
    if (readPid(lock) === process.pid) unlinkSync(lock);
  } catch {
    /* already gone */
  }
}

/** Takes the lock or throws UnsaidError('store', 'database is in use by another unsaid process (pid N)'). */
export function acquireLock(dir: string): string {
  const lock = join(dir, 'unsaid.lock');
  if (heldLocks.has(lock)) throw new UnsaidError('store', `database is in use by this process (${dir})`);
  const tmp = join(dir, `unsaid.lock.${process.pid}`);
  writeFileSync(tmp, `${process.pid}\n${startTime(process.pid) ?? ''}\n`);
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      try {
        linkSync(tmp, lock); // atomic: fails if the lock exists
        if (readPid(lock) !== process.pid) continue;
        heldLocks.add(lock);
        if (!exitHookInstalled) {
          exitHookInstalled = true;
          process.on('exit', () => {
            for (const l of [...heldLocks]) releaseLockSync(l);
          });
        }
        return lock;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const held = readLock(lock);
      const pid = held?.pid ?? null;
      if (held && held.pid !== process.pid && holderAlive(held)) {
        throw new UnsaidError('store', `database is in use by another unsaid process (pid ${held.pid})`);
      }
      // Stale (its process is gone): move it aside atomically, so two openers cannot both remove it.
      const aside = join(dir, `unsaid.lock.stale.${process.pid}`);
      try {
        renameSync(lock, aside);
        const movedLock = readLock(aside);
        const moved = movedLock?.pid ?? null;
        if (movedLock && moved !== pid && holderAlive(movedLock)) {
          // Raced with a live opener that took it in between: give it back.
          try {
            linkSync(aside, lock);
          } catch {
            /* someone else holds it now */
          }
          rmSync(aside, { force: true });
          throw new UnsaidError('store', `database is in use by another unsaid process (pid ${moved})`);
        }
        rmSync(aside, { force: true });
      } catch (e) {
        if (e instanceof UnsaidError) throw e;
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    throw new UnsaidError('store', `could not lock the database at ${dir}`);
  } finally {
    rmSync(tmp, { force: true });
  }
}

// ---------------------------------------------------------------------------------------------
// Open

async function migrate(db: Kysely<Database>, where: string): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const migrator = new Migrator({ db: db as Kysely<any>, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new UnsaidError(
      'store',
      `migrating the database at ${where} failed${failed ? ` (${failed.migrationName})` : ''}: ${oneLine(error)}`,
    );
  }
}

async function openPglite(loc: StoreLocation): Promise<Store> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGliteDialect } = await import('./pglite-driver.js');
  const start = async (dataDir?: string) => {
    const pg = await PGlite.create(dataDir);
    return new Kysely<Database>({ dialect: new PGliteDialect(pg) });
  };

  if (!loc.dir) {
    let db: Kysely<Database>;
    try {
      db = await start();
    } catch (e) {
      throw new UnsaidError('store', `cannot start the embedded database: ${oneLine(e)}`);
    }
    await migrate(db, loc.display);
    return new Store(db, loc, async () => {});
  }

  const dir = loc.dir;
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    throw new UnsaidError('store', `cannot create the store directory ${dir}: ${oneLine(e)}`);
  }
  const lock = acquireLock(dir);
  try {
    const data = join(dir, 'pgdata');
    // Leftovers of a creation or a lock attempt that was killed (we hold the lock, so nobody is
    // creating now; a lock attempt's temp file is only removed when its process is gone).
    for (const name of readdirSync(dir)) {
      if (name.startsWith('pgdata.tmp-')) rmSync(join(dir, name), { recursive: true, force: true });
      const m = /^unsaid\.lock\.(?:stale\.)?(\d+)$/.exec(name);
      if (m && Number(m[1]) !== process.pid && !holderAlive({ pid: Number(m[1]), start: null }))
        rmSync(join(dir, name), { force: true });
    }
    if (!existsSync(join(data, 'PG_VERSION'))) {
      if (existsSync(data) && readdirSync(data).length > 0) {
        throw new UnsaidError('store', `${data} exists but is not a database`);
      }
      rmSync(data, { recursive: true, force: true });
      // Create and migrate in a temporary directory, close it cleanly, then rename it into place:
      // a process killed during creation leaves no half-initialised database behind.
      const tmp = join(dir, `pgdata.tmp-${process.pid}`);
      let fresh: Kysely<Database>;
      try {
        fresh = await start(tmp);
      } catch (e) {
        throw new UnsaidError('store', `cannot create the embedded database in ${dir}: ${oneLine(e)}`);
      }
      try {
        await migrate(fresh, loc.display);
      } finally {
        await fresh.destroy();
      }
      renameSync(tmp, data);
    }
    let db: Kysely<Database>;
    try {
      db = await start(data);
    } catch (e) {
      throw new UnsaidError('store', `cannot open the embedded database in ${dir}: ${oneLine(e)}`);
    }
    try {
      await migrate(db, loc.display);
    } catch (e) {
      await db.destroy();
      throw e;
    }
    return new Store(db, loc, async () => releaseLockSync(lock));
  } catch (e) {
    releaseLockSync(lock);
    throw e;
  }
}

async function openPostgres(loc: StoreLocation): Promise<Store> {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({
    connectionString: loc.url,
    max: 4,
    connectionTimeoutMillis: 10_000,
    application_name: 'unsaid',
  });
  pool.on('error', () => {
    /* an idle client lost its connection; the next query reports it */
  });
  try {
    const c = await pool.connect();
    c.release();
  } catch (e) {
    await pool.end().catch(() => {});
    throw new UnsaidError('store', `cannot connect to PostgreSQL at ${loc.display}: ${oneLine(e)}`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  try {
    await migrate(db, loc.display);
  } catch (e) {
    await db.destroy();
    throw e;
  }
  return new Store(db, loc, async () => {});
}

/** Opens (creating and migrating when needed) the store the options and environment point to. */
export async function openStore(opts: OpenOptions = {}): Promise<Store> {
  const loc = resolveLocation(opts);
  return loc.engine === 'postgres' ? openPostgres(loc) : openPglite(loc);
}
