// Shared by the kill tests: spawn writer-child.ts, kill it, check the store is whole.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'kysely';
import { sha256Hex, type Store } from '../../src/store/store.js';
import type { Audit } from '../../src/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const CHILD = join(here, 'writer-child.ts');
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export const rand = (lo: number, hi: number) => lo + Math.random() * (hi - lo);

export interface Child {
  proc: ChildProcess;
  lines: string[];
  ready: Promise<void>;
  exited: Promise<number | null>;
  stderr: () => string;
}

export function spawnChild(args: string[]): Child {
  const proc = spawn(process.execPath, ['--import', 'tsx', CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let buf = '';
  let err = '';
  let onReady!: () => void;
  let onFail!: (e: Error) => void;
  const ready = new Promise<void>((res, rej) => {
    onReady = res;
    onFail = rej;
  });
  proc.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      const line = buf.slice(0, i);
      buf = buf.slice(i + 1);
      lines.push(line);
      if (line === 'ready') onReady();
    }
  });
  proc.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<number | null>((res) =>
    proc.on('exit', (code) => {
      onFail(new Error(`child exited (${code}) before it was ready: ${err.trim().split('\n').slice(-3).join(' | ')}`));
      res(code);
    }),
  );
  ready.catch(() => {});
  return { proc, lines, ready, exited, stderr: () => err };
}

/** p, or a rejection after ms. */
export async function within<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, rej) => (timer = setTimeout(() => rej(new Error(message)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** Resolves once the child has reported n commits. */
export function waitForCommits(c: Child, n: number): Promise<void> {
  return new Promise((res) => {
    const tick = () =>
      c.lines.filter((l) => l.startsWith('ok ')).length >= n || c.proc.exitCode !== null ? res() : setTimeout(tick, 10);
    tick();
  });
}

/** Committed audits a child reported: sha256 → audit id. */
export function committedOf(lines: string[]): Map<string, { id: number; created: boolean }> {
  const m = new Map<string, { id: number; created: boolean }>();
  for (const l of lines) {
    const p = /^ok (\d+) ([0-9a-f]{64}) (true|false)$/.exec(l);
    if (p) m.set(p[2]!, { id: Number(p[1]), created: p[3] === 'true' });
  }
  return m;
}

/** Every stored audit is whole; every committed one is present. Returns the number of audits. */
export async function checkStore(store: Store, committed: Map<string, { id: number }>): Promise<number> {
  const rows = await store.db
    .selectFrom('audits as a')
    .leftJoin('documents as d', 'd.id', 'a.document_id')
    .leftJoin('releases as r', 'r.id', 'a.release_id')
    .select((eb) => [
      'a.id',
      'a.findings_count',
      'a.audit',
      'd.sha256',
      'd.bytes',
      'd.size',
      'r.vendor',
      eb
        .selectFrom('findings as f')
        .whereRef('f.audit_id', '=', 'a.id')
        .select(sql<number>`count(*)::int`.as('n'))
        .as('fc'),
    ])
    .orderBy('a.id')
    .execute();
  const byId = new Map<number, string>();
  for (const r of rows) {
    assert.ok(r.sha256, `audit #${r.id} has its document`);
    assert.ok(r.vendor, `audit #${r.id} has its release`);
    const audit = (typeof r.audit === 'string' ? JSON.parse(r.audit) : r.audit) as Audit;
    assert.equal(JSON.parse(JSON.stringify(audit)).document.sha256, r.sha256, `audit #${r.id} JSON is whole and of its document`);
    assert.equal(sha256Hex(r.bytes!), r.sha256, `document of audit #${r.id} has all its bytes`);
    assert.equal(r.bytes!.length, r.size);
    assert.equal(r.fc, audit.indicators.length, `audit #${r.id} has all its findings`);
    assert.equal(r.findings_count, audit.indicators.length);
    byId.set(r.id, r.sha256!);
  }
  const orphans = await sql<{
    n: number;
  }>`select count(*)::int as n from documents d where not exists (select 1 from audits a where a.document_id = d.id)`.execute(
    store.db,
  );
  assert.equal(orphans.rows[0]!.n, 0, 'no document without its audit (half-written add)');
  const strayFindings = await sql<{
    n: number;
  }>`select count(*)::int as n from findings f where not exists (select 1 from audits a where a.id = f.audit_id)`.execute(
    store.db,
  );
  assert.equal(strayFindings.rows[0]!.n, 0);
  for (const [sha, { id }] of committed) assert.equal(byId.get(id), sha, `committed audit #${id} survived`);
  return rows.length;
}

/** Kill a writer N times at random moments (a few during startup, most while it writes), checking after each. */
export async function killLoop(n: number, dbArg: string, checker: () => Promise<{ store: Store; done: () => Promise<void> }>) {
  const committed = new Map<string, { id: number }>();
  let writesSeen = 0;
  for (let i = 0; i < n; i++) {
    const c = spawnChild([dbArg, 'loop', `k${i}-${Date.now()}`]);
    if (i % 5 === 4) {
      await sleep(rand(100, 1500)); // may land while the child opens the store
    } else {
      await within(Promise.race([c.ready, c.exited.then(() => c.ready)]), 120_000, 'child not ready in 120 s');
      if (i % 2 === 0) {
        await sleep(rand(30, 400)); // anywhere, possibly before the first commit
      } else {
        // After a few commits, at a random point of a later write.
        await within(
          Promise.race([waitForCommits(c, 1 + Math.floor(rand(0, 5))), c.exited]),
          120_000,
          'child made no commit in 120 s',
        );
        await sleep(rand(0, 60));
      }
    }
    c.proc.kill('SIGKILL');
    await c.exited;
    const got = committedOf(c.lines);
    writesSeen += got.size;
    for (const [k, v] of got) committed.set(k, v);
    const { store, done } = await checker();
    try {
      const total = await checkStore(store, committed);
      assert.ok(total >= committed.size);
    } finally {
      await done();
    }
  }
  assert.ok(writesSeen > 0, 'the writers committed something before being killed');
  return { committed: committed.size, kills: n };
}
