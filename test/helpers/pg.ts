// Test databases for the store: a throwaway PostgreSQL cluster, and fresh embedded (PGlite) stores.
//
// PostgreSQL: initdb + pg_ctl from /usr/lib/postgresql/<v>/bin (or PATH) into a temp dir, as user
// `postgres` when running as root, listening on 127.0.0.1:<free port>. Locally, when no server can be
// started, PostgreSQL tests are skipped with the reason; in CI (CI=true) they fail instead.
// UNSAID_TEST_DATABASE_URL=postgres://… uses an existing server instead of starting one.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chownSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PgServer {
  ok: true;
  /** URL of the maintenance database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(name?: string): Promise<string>;
  stop(): Promise<void>;
}
export interface PgUnavailable {
  ok: false;
  reason: string;
}

const inCI = () => /^(1|true)$/i.test(process.env.CI ?? '');

function findBin(name: string): string | null {
  const root = '/usr/lib/postgresql';
  if (existsSync(root)) {
    const versions = readdirSync(root)
      .filter((v) => existsSync(join(root, v, 'bin', name)))
      .sort((a, b) => Number(b) - Number(a));
    if (versions.length) return join(root, versions[0]!, 'bin', name);
  }
  const which = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return which.status === 0 && which.stdout.trim() ? which.stdout.trim() : null;
}

function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.unref();
    s.on('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

let seq = 0;

async function connectCheck(url: string): Promise<PgServer> {
  const { default: pg } = await import('pg');
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  await c.connect();
  await c.end();
  return {
    ok: true,
    url,
    async createDatabase(name?: string) {
      const db = name ?? `t_${process.pid}_${++seq}_${Date.now().toString(36)}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      try {
        await admin.query(`create database "${db}"`);
      } finally {
        await admin.end();
      }
      const u = new URL(url);
      u.pathname = `/${db}`;
      return u.toString();
    },
    async stop() {},
  };
}

/** Starts a throwaway PostgreSQL cluster (or reports why it cannot). */
export async function startPostgres(): Promise<PgServer | PgUnavailable> {
  if (process.env.UNSAID_TEST_DATABASE_URL) {
    try {
      return await connectCheck(process.env.UNSAID_TEST_DATABASE_URL);
    } catch (e) {
      return { ok: false, reason: `UNSAID_TEST_DATABASE_URL: ${(e as Error).message}` };
    }
  }
  const initdb = findBin('initdb');
  const pgCtl = findBin('pg_ctl');
  if (!initdb || !pgCtl) return { ok: false, reason: 'no initdb/pg_ctl found (install postgresql)' };

  const root = process.getuid?.() === 0;
  let asUser: (cmd: string, args: string[]) => [string, string[]] = (cmd, args) => [cmd, args];
  let uid: number | undefined;
  let gid: number | undefined;
  if (root) {
    const id = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    if (id.status !== 0) return { ok: false, reason: 'running as root and there is no `postgres` user to run initdb as' };
    uid = Number(id.stdout.trim());
    gid = Number(spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).stdout.trim());
    const runuser = findBin('runuser');
    asUser = runuser
      ? (cmd, args) => [runuser, ['-u', 'postgres', '--', cmd, ...args]]
      : (cmd, args) => [
          'su',
          ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')],
        ];
  }

  const dir = mkdtempSync(join(tmpdir(), 'unsaid-pg-'));
  if (root) chownSync(dir, uid!, gid!);
  const data = join(dir, 'data');
  const run = (cmd: string, args: string[]) => {
    const [c, a] = asUser(cmd, args);
    return spawnSync(c, a, { encoding: 'utf8', cwd: dir, timeout: 60_000 });
  };
  const fail = (what: string, r: ReturnType<typeof run>): PgUnavailable => {
    rmSync(dir, { recursive: true, force: true });
    const why = (r.error?.message ?? `${r.stderr}\n${r.stdout}`).trim().split('\n').filter(Boolean).slice(-2).join(' | ');
    return { ok: false, reason: `${what} failed: ${why || `exit ${r.status}`}` };
  };

  const init = run(initdb, ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--locale=C', '--no-sync']);
  if (init.status !== 0) return fail('initdb', init);
  const port = await freePort();
  // The tests kill *clients*, never the server, so server-side fsync is not what they exercise.
  const opts = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60`;
  const start = run(pgCtl, ['-D', data, '-l', join(dir, 'log'), '-o', opts, '-w', '-t', '60', 'start']);
  if (start.status !== 0) {
    const log = existsSync(join(dir, 'log')) ? readFileSync(join(dir, 'log'), 'utf8') : '';
    return fail('pg_ctl start', { ...start, stderr: `${start.stderr}\n${log}` });
  }
  let stopped = false;
  const stopSync = () => {
    if (stopped) return;
    stopped = true;
    run(pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
    rmSync(dir, { recursive: true, force: true });
  };
  process.on('exit', stopSync);
  try {
    const server = await connectCheck(`postgres://postgres@127.0.0.1:${port}/postgres`);
    return {
      ...server,
      async stop() {
        stopSync();
      },
    };
  } catch (e) {
    stopSync();
    return { ok: false, reason: `server started but refused connections: ${(e as Error).message}` };
  }
}

/**
 * node:test options for a PostgreSQL test: `{ skip: 'PostgreSQL not available: …' }` locally when
 * the server could not start; in CI nothing is skipped (use `requirePg` in the test to fail).
 */
export function pgTestOptions(pg: PgServer | PgUnavailable): { skip?: string } {
  if (pg.ok || inCI()) return {};
  return { skip: `PostgreSQL not available: ${pg.reason}` };
}

export function requirePg(pg: PgServer | PgUnavailable): PgServer {
  if (!pg.ok) throw new Error(`PostgreSQL not available${inCI() ? ' in CI' : ''}: ${pg.reason}`);
  return pg;
}

// ---------------------------------------------------------------------------------------------
// Embedded stores: creating a PGlite database takes ~5 s, copying a migrated one takes ~0.1 s.

const here = dirname(fileURLToPath(import.meta.url));
let templatePromise: Promise<string> | null = null;

function templateKey(): string {
  const h = createHash('sha256');
  const migDir = join(here, '..', '..', 'src', 'store', 'migrations');
  for (const f of readdirSync(migDir).sort()) h.update(f).update(readFileSync(join(migDir, f)));
  const pkg = JSON.parse(
    readFileSync(join(here, '..', '..', 'node_modules', '@electric-sql', 'pglite', 'package.json'), 'utf8'),
  ) as { version: string };
  h.update(pkg.version);
  return h.digest('hex').slice(0, 16);
}

/** A migrated, cleanly closed PGlite store directory, shared by all test processes of this user. */
export function pgliteTemplate(): Promise<string> {
  templatePromise ??= (async () => {
    const dest = join(tmpdir(), `unsaid-test-pglite-${userInfo().uid}-${templateKey()}`);
    if (existsSync(join(dest, 'pgdata', 'PG_VERSION'))) return dest;
    rmSync(dest, { recursive: true, force: true }); // an incomplete leftover
    const { openStore } = await import('../../src/store/db.js');
    const build = mkdtempSync(join(tmpdir(), 'unsaid-test-pglite-build-'));
    const store = await openStore({ db: build });
    await store.close();
    rmSync(join(build, 'unsaid.lock'), { force: true });
    try {
      renameSync(build, dest);
    } catch {
      rmSync(build, { recursive: true, force: true }); // another process won the race
    }
    if (!existsSync(join(dest, 'pgdata', 'PG_VERSION'))) throw new Error(`PGlite template ${dest} is incomplete`);
    return dest;
  })();
  return templatePromise;
}

const made: string[] = [];
let cleanupHooked = false;

/** A new store directory holding an empty, migrated PGlite database (removed at exit). */
export async function freshPgliteDir(): Promise<string> {
  const template = await pgliteTemplate();
  const dir = tempDir('unsaid-test-store-');
  cpSync(join(template, 'pgdata'), join(dir, 'pgdata'), { recursive: true });
  return dir;
}

/** A temp directory removed at exit (for stores the test creates from nothing). */
export function tempDir(prefix = 'unsaid-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  if (!cleanupHooked) {
    cleanupHooked = true;
    process.on('exit', () => {
      for (const d of made) rmSync(d, { recursive: true, force: true });
    });
  }
  return dir;
}
