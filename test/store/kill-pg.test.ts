// Crash safety and concurrency of the PostgreSQL store, with real child processes: a writer is
// SIGKILLed at random moments (nothing half-written, nothing committed lost), and 4 writers add
// distinct and overlapping documents at once (nothing lost, nothing duplicated).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/db.js';
import { pgTestOptions, requirePg, startPostgres, type PgServer, type PgUnavailable } from '../helpers/pg.js';
import { checkStore, committedOf, killLoop, spawnChild } from './kill-helpers.js';

describe('PostgreSQL store: SIGKILL and concurrency', () => {
  let pg: PgServer | PgUnavailable = { ok: false, reason: 'not started' };
  before(async () => {
    pg = await startPostgres();
  });
  after(async () => {
    if (pg.ok) await pg.stop();
  });

  test(
    'a writer killed at random moments 20 times: no half-written audit, no committed one lost',
    { timeout: 900_000 },
    async (t) => {
      const opts = pgTestOptions(pg);
      if (opts.skip) return t.skip(opts.skip);
      const server = requirePg(pg);
      const url = await server.createDatabase();
      const store = await openStore({ db: url });
      try {
        const r = await killLoop(20, url, async () => ({ store, done: async () => {} }));
        assert.ok(r.committed > 0);
        t.diagnostic(`${r.kills} kills; ${r.committed} committed audits all present and whole`);
      } finally {
        await store.close();
      }
    },
  );

  test(
    '4 processes adding distinct and overlapping documents at once lose nothing and duplicate nothing',
    { timeout: 900_000 },
    async (t) => {
      const opts = pgTestOptions(pg);
      if (opts.skip) return t.skip(opts.skip);
      const server = requirePg(pg);
      const url = await server.createDatabase(); // empty: the 4 also race to migrate it
      const shared = Array.from({ length: 10 }, (_, j) => `shared-${j}`);
      const children = [0, 1, 2, 3].map((n) => {
        const own = Array.from({ length: 15 }, (_, i) => `c${n}-${i}`);
        // Interleave own and shared documents, in a different order per child.
        const order = n % 2 ? [...shared].reverse() : shared;
        const spec: string[] = [];
        for (let i = 0; i < 15; i++) {
          spec.push(own[i]!);
          if (i < order.length) spec.push(order[(i + n * 3) % order.length]!);
        }
        return spawnChild([url, 'list', `c${n}`, spec.join(',')]);
      });
      const codes = await Promise.all(children.map((c) => c.exited));
      codes.forEach((code, i) => assert.equal(code, 0, `child ${i} failed: ${children[i]!.stderr()}`));

      const store = await openStore({ db: url });
      try {
        const all = new Map<string, { id: number }>();
        const createdBy = new Map<string, number>();
        for (const c of children) {
          const got = committedOf(c.lines);
          assert.equal(got.size, 25, 'each child added 25 documents');
          for (const [sha, v] of got) {
            const prev = all.get(sha);
            if (prev) assert.equal(prev.id, v.id, 'the same document got the same audit in every process');
            all.set(sha, v);
            if (v.created) createdBy.set(sha, (createdBy.get(sha) ?? 0) + 1);
          }
        }
        assert.equal(all.size, 4 * 15 + 10);
        for (const sha of all.keys()) assert.equal(createdBy.get(sha), 1, 'exactly one process created each audit');
        assert.equal(await checkStore(store, all), 70);
        const counts = await store.counts();
        assert.equal(counts.documents, 70);
        assert.equal(counts.audits, 70);
        assert.equal(counts.releases, 5); // c0..c3 and shared
      } finally {
        await store.close();
      }
    },
  );
});
