// Store benchmark: add N audits (default 1,000), then time list, show and diff at that size, on both
// engines. PostgreSQL: $DATABASE_URL when set, else a throwaway cluster (skipped with a message when
// none can be started).
//
//   node --import tsx scripts/bench-store.ts [--n 1000] [--engine pglite|postgres|both]
import { readdirSync, readFileSync, rmSync, statSync, mkdtempSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/db.js';
import { diffAudits, formatDiff } from '../src/store/diff.js';
import type { Store } from '../src/store/store.js';
import type { Audit, Status } from '../src/types.js';

const args = process.argv.slice(2);
const arg = (name: string, dflt: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : dflt;
};
const N = Number(arg('n', '1000'));
const ENGINE = arg('engine', 'both');

/** A real audit (the pipeline on an example card) as the template, else a hand-made one. */
async function template(): Promise<{ audit: Audit; bytes: Uint8Array }> {
  const file = new URL('../examples/orca-7b-model-card.md', import.meta.url);
  try {
    const { auditBytes } = await import('../src/audit.js');
    const bytes = new Uint8Array(readFileSync(file));
    return { audit: await auditBytes({ bytes, source: 'orca-7b-model-card.md' }), bytes };
  } catch (e) {
    console.log(`(audit pipeline unavailable, using a synthetic audit: ${(e as Error).message.split('\n')[0]})`);
    const { makeAudit } = await import('../test/store/make-audit.js');
    return makeAudit({ text: readFileSync(file, 'utf8') });
  }
}

function variant(
  t: { audit: Audit; bytes: Uint8Array },
  i: number,
): { audit: Audit; bytes: Uint8Array; vendor: string; model: string; release: string } {
  const bytes = new Uint8Array(Buffer.concat([Buffer.from(t.bytes), Buffer.from(`\n<!-- variant ${i} -->\n`)]));
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const statuses: Status[] = ['disclosed', 'partial', 'absent'];
  const audit: Audit = {
    ...t.audit,
    document: { ...t.audit.document, sha256, bytes: bytes.length, source: `card-${i}.md` },
    indicators: t.audit.indicators.map((f, k) => ((i * 7 + k) % 5 === 0 ? { ...f, status: statuses[(i + k) % 3]! } : f)),
  };
  return {
    audit,
    bytes,
    vendor: `vendor${i % 10}`,
    model: `model${Math.floor(i / 10) % 10}`,
    release: String(Math.floor(i / 100)),
  };
}

function dirSize(p: string): number {
  const st = statSync(p);
  if (!st.isDirectory()) return st.size;
  return readdirSync(p).reduce((a, n) => a + dirSize(join(p, n)), 0);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!;
};
const ms = (x: number) => `${x.toFixed(1)} ms`;
const mb = (x: number) => `${(x / 1024 / 1024).toFixed(1)} MB`;

async function timeIt(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await fn(i);
    out.push(performance.now() - t);
  }
  return out;
}

async function bench(name: string, open: () => Promise<Store>, size: (s: Store) => Promise<number>): Promise<void> {
  const t = await template();
  const tOpen = performance.now();
  const store = await open();
  const openMs = performance.now() - tOpen;
  try {
    const sizeBefore = await size(store);
    const t0 = performance.now();
    const adds = await timeIt(N, (i) => store.addAudit({ ...variant(t, i), date: '2025-01-01' }));
    const addTotal = performance.now() - t0;
    const again = await timeIt(50, (i) => store.addAudit({ ...variant(t, i) })); // idempotent re-adds
    const sizeAfter = await size(store);
    const list = await timeIt(20, () => store.list());
    const listVendor = await timeIt(20, (i) => store.list({ vendor: `vendor${i % 10}` }));
    const show = await timeIt(50, (i) => store.get(1 + ((i * 37) % N)));
    const diff = await timeIt(50, async (i) => {
      const [a, b] = [await store.get(1 + ((i * 37) % N)), await store.get(1 + ((i * 53 + 11) % N))];
      formatDiff(diffAudits(a.audit, b.audit), 'stylish');
    });
    const diffRef = await timeIt(20, async (i) => {
      const [a, b] = [await store.get(`vendor${i % 10}/model0@0`), await store.get(`vendor${i % 10}/model0@9`)];
      formatDiff(diffAudits(a.audit, b.audit), 'stylish');
    });
    const tExp = performance.now();
    let lines = 0;
    for await (const _ of store.exportJsonl()) lines++;
    const exportMs = performance.now() - tExp;

    console.log(`\n${name} (${N} audits of ${t.audit.indicators.length} indicators, ${t.bytes.length} B documents)`);
    console.log(`  open (new store)     ${ms(openMs)}`);
    console.log(
      `  add ${N}            ${(addTotal / 1000).toFixed(2)} s total, ${(N / (addTotal / 1000)).toFixed(0)}/s; per add p50 ${ms(pct(adds, 50))}, p95 ${ms(pct(adds, 95))}`,
    );
    console.log(`  re-add (idempotent)  p50 ${ms(pct(again, 50))}`);
    console.log(
      `  size on disk         ${mb(sizeAfter)} (empty store ${mb(sizeBefore)}; +${((sizeAfter - sizeBefore) / N / 1024).toFixed(1)} KB per audit)`,
    );
    console.log(`  list (all ${N})      p50 ${ms(pct(list, 50))}, p95 ${ms(pct(list, 95))}`);
    console.log(`  list --vendor        p50 ${ms(pct(listVendor, 50))}`);
    console.log(`  show (get by id)     p50 ${ms(pct(show, 50))}, p95 ${ms(pct(show, 95))}`);
    console.log(`  diff (ids)           p50 ${ms(pct(diff, 50))}, p95 ${ms(pct(diff, 95))}`);
    console.log(`  diff (refs)          p50 ${ms(pct(diffRef, 50))}`);
    console.log(`  export               ${ms(exportMs)} (${lines} lines)`);
  } finally {
    await store.close();
  }
}

console.log(`unsaid store benchmark · node ${process.version} · ${N} audits`);

if (ENGINE === 'both' || ENGINE === 'pglite') {
  const dir = mkdtempSync(join(tmpdir(), 'unsaid-bench-'));
  try {
    await bench(
      'PGlite (embedded)',
      () => openStore({ db: dir }),
      async () => dirSize(join(dir, 'pgdata')),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (ENGINE === 'both' || ENGINE === 'postgres') {
  let url = process.env.DATABASE_URL;
  let stop = async () => {};
  if (!url) {
    const { startPostgres } = await import('../test/helpers/pg.js');
    const pg = await startPostgres();
    if (!pg.ok) {
      console.log(`\nPostgreSQL: skipped (not available: ${pg.reason})`);
    } else {
      url = await pg.createDatabase(`bench_${Date.now()}`);
      stop = () => pg.stop();
    }
  }
  if (url) {
    try {
      await bench(
        'PostgreSQL (server)',
        () => openStore({ db: url }),
        async (s) => {
          const { sql } = await import('kysely');
          const r = await sql<{ n: string }>`select pg_database_size(current_database())::text as n`.execute(s.db);
          return Number(r.rows[0]!.n);
        },
      );
    } finally {
      await stop();
    }
  }
}
