// The store on both engines: migrations, idempotent add, list/show/ref resolution, reviews,
// export → import → export (same engine and across engines), reaudit; and the embedded engine's
// creation, single-writer lock and stale-lock recovery.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test, type TestContext } from 'node:test';
import { Migrator, sql } from 'kysely';
import { UnsaidError } from '../../src/errors.js';
import { openStore, resolveLocation, defaultStoreDir } from '../../src/store/db.js';
import { migrationProvider } from '../../src/store/migrations/index.js';
import { applyReviews, parseRef, type Store } from '../../src/store/store.js';
import type { Audit } from '../../src/types.js';
import {
  freshPgliteDir,
  pgTestOptions,
  requirePg,
  startPostgres,
  tempDir,
  type PgServer,
  type PgUnavailable,
} from '../helpers/pg.js';
import { makeAudit } from './make-audit.js';
import { spawnChild } from './kill-helpers.js';

let pg: PgServer | PgUnavailable = { ok: false, reason: 'not started' };
before(async () => {
  pg = await startPostgres();
});
after(async () => {
  if (pg.ok) await pg.stop();
});

async function exportAll(store: Store): Promise<string> {
  let s = '';
  for await (const line of store.exportJsonl()) s += line + '\n';
  return s;
}

async function rejectsStore(p: Promise<unknown>, re: RegExp, kind: UnsaidError['kind'] = 'store') {
  await assert.rejects(p, (e: unknown) => {
    assert.ok(e instanceof UnsaidError, `expected UnsaidError, got ${String(e)}`);
    assert.equal(e.kind, kind);
    assert.match(e.message, re);
    return true;
  });
}

/** A varied data set: several releases, a re-audit under another rubric version, reviews, odd text and bytes. */
async function populate(store: Store, tag: string): Promise<void> {
  const docs = [
    { text: `# Llama 3 ${tag}\n\nplain`, vendor: 'meta', model: 'llama', release: '3', date: '2024-04-18' },
    {
      text: `# Llama 3.1 ${tag}\n\n中文 “quotes” <script>alert(1)</script> & é`,
      vendor: 'meta',
      model: 'llama',
      release: '3.1',
      date: null,
    },
    { text: `# Qwen2 ${tag}\n\n\u0000\u0001 control`, vendor: 'alibaba', model: 'qwen', release: '2', date: '2024-06-07' },
  ];
  for (const d of docs) {
    const { audit, bytes } = makeAudit({
      text: d.text,
      source: `${d.model}-${d.release}.md`,
      facts: { 'params.total': d.release, note: 'ünïcödé 🚀', odd: 'lone \ud800 surrogate, NUL \u0000, \\ "' },
    });
    await store.addAudit({ audit, bytes, vendor: d.vendor, model: d.model, release: d.release, date: d.date });
  }
  // Not UTF-8 at all: the bytes must survive as bytes.
  const raw = new Uint8Array([0xff, 0xfe, 0x00, 0x80, 0x81, 0x0a, 0xc3]);
  const a = makeAudit({ text: 'x' }).audit;
  const { createHash } = await import('node:crypto');
  const bin: Audit = {
    ...a,
    document: { ...a.document, sha256: createHash('sha256').update(raw).digest('hex'), bytes: raw.length, encoding: 'binary' },
  };
  await store.addAudit({ audit: bin, bytes: raw, vendor: 'acme', model: 'blob', release: '1' });
  // Same document, newer rubric version.
  const v2 = makeAudit({
    text: docs[0]!.text,
    source: 'llama-3.md',
    rubric: { id: 'unsaid-default', version: '2.0.0' },
    statuses: { 'data.size': 'disclosed' },
  });
  await store.addAudit({ ...v2, vendor: 'meta', model: 'llama', release: '3' });
  await store.review(1, 'data.size', {
    status: 'disclosed',
    note: 'Table 2 gives 15T tokens; "quoted" <b>',
    reviewer: 'alice',
    at: '2025-01-02T03:04:05.123Z',
  });
  await store.review(1, 'data.size', { status: 'partial', note: null, reviewer: 'bob', at: '2025-01-03T00:00:00Z' });
  await store.review('meta/llama@3.1', 'eval.safety', { status: 'absent', reviewer: 'carol' });
}

interface Engine {
  name: string;
  skip(): string | undefined;
  /** A new, empty, migrated store. */
  fresh(): Promise<Store>;
}

const engines: Engine[] = [
  { name: 'PGlite', skip: () => undefined, fresh: async () => openStore({ db: await freshPgliteDir() }) },
  {
    name: 'PostgreSQL',
    skip: () => pgTestOptions(pg).skip,
    fresh: async () => openStore({ db: await requirePg(pg).createDatabase() }),
  },
];

for (const engine of engines) {
  describe(`store on ${engine.name}`, () => {
    let store: Store | undefined;
    const skipped = (t: TestContext): boolean => {
      const why = engine.skip();
      if (why) t.skip(why);
      return !!why;
    };
    const shared = async () => (store ??= await engine.fresh());
    after(async () => {
      await store?.close();
    });

    test('migrations: schema at the latest version; migrating again does nothing', async (t) => {
      if (skipped(t)) return;
      const s = await shared();
      const rows = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(s.db);
      assert.deepEqual(
        rows.rows.map((r) => r.name),
        Object.keys(await migrationProvider.getMigrations()),
      );
      const tables = await sql<{
        t: string;
      }>`select table_name as t from information_schema.tables where table_schema = 'public' and table_name not like 'kysely%' order by 1`.execute(
        s.db,
      );
      assert.deepEqual(
        tables.rows.map((r) => r.t),
        ['audits', 'documents', 'findings', 'releases', 'reviews'],
      );
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const again = await new Migrator({ db: s.db as any, provider: migrationProvider }).migrateToLatest();
      assert.equal(again.error, undefined);
      assert.deepEqual(again.results, []);
    });

    test('add: idempotent on (sha256, rubric id, rubric version); bytes kept; wrong bytes refused', async (t) => {
      if (skipped(t)) return;
      const s = await shared();
      const { audit, bytes } = makeAudit({ text: 'idempotent doc' });
      const first = await s.addAudit({ audit, bytes, vendor: 'idem', model: 'm', release: '1', date: '2025-01-01' });
      assert.equal(first.created, true);
      const before = await s.counts();
      const again = await s.addAudit({ audit, bytes, vendor: 'idem', model: 'm', release: '1' });
      assert.equal(again.created, false);
      assert.equal(again.id, first.id);
      assert.deepEqual(await s.counts(), before);
      assert.equal(again.entry.date, '2025-01-01', 'a later add without a date keeps the date');
      const other = makeAudit({ text: 'idempotent doc', rubric: { id: 'unsaid-default', version: '9' } });
      const v9 = await s.addAudit({ ...other, vendor: 'idem', model: 'm', release: '1' });
      assert.equal(v9.created, true);
      const after = await s.counts();
      assert.equal(after.documents, before.documents, 'same bytes: one document');
      assert.equal(after.audits, before.audits + 1);
      const doc = await s.document(
        (await s.db.selectFrom('audits').select('document_id').where('id', '=', first.id).executeTakeFirstOrThrow()).document_id,
      );
      assert.deepEqual([...doc.bytes], [...bytes]);
      await rejectsStore(
        s.addAudit({ audit, bytes: new TextEncoder().encode('other bytes'), vendor: 'idem', model: 'm', release: '1' }),
        /other bytes/,
      );
      await rejectsStore(s.addAudit({ audit, bytes, vendor: ' ', model: 'm', release: '1' }), /vendor/, 'usage');
    });

    test('list, get and refs: id, #id, vendor/model@release (latest audit), vendor/model; not found is a store error', async (t) => {
      if (skipped(t)) return;
      const s = await shared();
      const a1 = makeAudit({ text: 'ref doc 1' });
      const a2 = makeAudit({ text: 'ref doc 2' });
      const a3 = makeAudit({ text: 'ref doc 3' });
      const r1 = await s.addAudit({ ...a1, vendor: 'Refco', model: 'Rm', release: '1' });
      const r2 = await s.addAudit({ ...a2, vendor: 'refco', model: 'rm', release: '1' }); // same release (case-insensitive match on read)
      const r3 = await s.addAudit({ ...a3, vendor: 'refco', model: 'other', release: '2.0' });
      const byVendor = await s.list({ vendor: 'REFCO' });
      assert.deepEqual(
        byVendor.map((e) => e.id),
        [r1.id, r2.id, r3.id],
      );
      assert.deepEqual(
        (await s.list({ vendor: 'refco', model: 'other' })).map((e) => e.id),
        [r3.id],
      );
      assert.deepEqual(
        (await s.list({ vendor: 'refco', limit: 1 })).map((e) => e.id),
        [r1.id],
      );
      const e = byVendor[0]!;
      assert.match(e.createdAt, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.equal(e.sha256, a1.audit.document.sha256);
      assert.equal(e.score, a1.audit.score.percent);
      assert.equal(await s.resolve(r1.id), r1.id);
      assert.equal(await s.resolve(`#${r1.id}`), r1.id);
      assert.equal(await s.resolve(String(r3.id)), r3.id);
      assert.equal(await s.resolve('refco/rm@1'), r2.id, 'latest audit of the release');
      assert.equal(await s.resolve('refco/other@2.0'), r3.id);
      assert.equal(await s.resolve('refco/other'), r3.id);
      const got = await s.get('refco/other@2.0');
      assert.deepEqual(got.machine, a3.audit);
      assert.deepEqual(got.audit, a3.audit, 'no reviews: the audit as stored');
      assert.equal(JSON.stringify(got.machine), JSON.stringify(a3.audit), 'key order kept');
      await rejectsStore(s.get(999999), /no audit #999999/);
      await rejectsStore(s.get('refco/rm@9'), /no audit of refco\/rm@9/);
      await rejectsStore(s.get('nonsense'), /expected an id or vendor\/model@release/);
    });

    test('review: human override with reviewer and time; machine finding kept; latest wins; history kept', async (t) => {
      if (skipped(t)) return;
      const s = await shared();
      const { audit, bytes } = makeAudit({ text: 'review doc', statuses: { 'data.size': 'partial' } });
      const { id } = await s.addAudit({ audit, bytes, vendor: 'rev', model: 'm', release: '1' });
      const r1 = await s.review(id, 'data.size', {
        status: 'disclosed',
        note: 'table 2',
        reviewer: 'alice',
        at: '2025-01-01T00:00:00Z',
      });
      assert.equal(r1.createdAt, '2025-01-01T00:00:00.000Z');
      let got = await s.get(id);
      const f = got.audit.indicators.find((x) => x.id === 'data.size')!;
      assert.equal(f.status, 'disclosed');
      assert.deepEqual(f.review, {
        status: 'disclosed',
        reviewer: 'alice',
        at: '2025-01-01T00:00:00.000Z',
        note: 'table 2',
        machineStatus: 'partial',
      });
      assert.equal(got.machine.indicators.find((x) => x.id === 'data.size')!.status, 'partial', 'machine finding unchanged');
      assert.equal(got.audit.summary.disclosed, audit.summary.disclosed + 1);
      assert.equal(got.audit.summary.partial, audit.summary.partial - 1);
      assert.equal(got.reviews, 1);
      await s.review(`rev/m@1`, 'data.size', { status: 'absent', reviewer: 'bob' });
      got = await s.get(id);
      assert.equal(got.audit.indicators.find((x) => x.id === 'data.size')!.status, 'absent', 'latest review wins');
      assert.equal(got.audit.indicators.find((x) => x.id === 'data.size')!.review!.machineStatus, 'partial');
      assert.deepEqual(
        got.reviewHistory.map((r) => r.reviewer),
        ['alice', 'bob'],
      );
      assert.equal((await s.list({ vendor: 'rev' }))[0]!.reviews, 2);
      await rejectsStore(s.review(id, 'no.such', { status: 'absent', reviewer: 'x' }), /has no indicator "no.such"/);
      await rejectsStore(s.review(id, 'data.size', { status: 'maybe' as never, reviewer: 'x' }), /status/, 'usage');
      await rejectsStore(s.review(id, 'data.size', { status: 'absent', reviewer: '' }), /reviewer/, 'usage');
    });

    test('export → import into an empty store → export is byte-identical; importing again adds nothing', async (t) => {
      if (skipped(t)) return;
      const a = await engine.fresh();
      const b = await engine.fresh();
      try {
        await populate(a, 'x');
        const one = await exportAll(a);
        const lines = one.trimEnd().split('\n');
        assert.equal(JSON.parse(lines[0]!).type, 'unsaid-export');
        assert.deepEqual(
          lines.map((l) => JSON.parse(l).type),
          [
            'unsaid-export',
            'document',
            'document',
            'document',
            'document',
            'release',
            'release',
            'release',
            'release',
            'audit',
            'audit',
            'audit',
            'audit',
            'audit',
            'review',
            'review',
            'review',
          ],
        );
        const r = await b.importJsonl(lines);
        assert.deepEqual(r, { documents: 4, releases: 4, audits: 5, reviews: 3, skipped: 0, idsKept: true });
        const two = await exportAll(b);
        assert.equal(two, one);
        // Importing into the (now non-empty) store: everything matched, nothing duplicated.
        const r2 = await b.importJsonl(lines);
        assert.deepEqual(r2, { documents: 0, releases: 0, audits: 0, reviews: 0, skipped: 16, idsKept: false });
        assert.equal(await exportAll(b), one);
        // Ids continue after the imported ones.
        const next = makeAudit({ text: 'after import' });
        const added = await b.addAudit({ ...next, vendor: 'meta', model: 'llama', release: '4' });
        assert.equal(added.id, 6);
        // Reviews survive the round trip as reviews, not baked into the audit.
        const got = await b.get(1);
        assert.equal(got.audit.indicators.find((f) => f.id === 'data.size')!.review!.reviewer, 'bob');
        assert.deepEqual(got.audit, applyReviews(got.machine, got.reviewHistory));
      } finally {
        await a.close();
        await b.close();
      }
    });

    test('import is all or nothing, and checks what it reads', async (t) => {
      if (skipped(t)) return;
      const src = await shared();
      const lines: string[] = [];
      for await (const l of src.exportJsonl()) lines.push(l);
      const dst = await engine.fresh();
      try {
        await rejectsStore(
          dst.importJsonl([...lines, '{"type":"review","id":1,"auditId":424242}']),
          /auditId 424242 refers to no earlier record/,
        );
        assert.deepEqual(await dst.counts(), { documents: 0, releases: 0, audits: 0, findings: 0, reviews: 0 });
        await rejectsStore(dst.importJsonl([lines[0]!, 'not json']), /line 2: not JSON/);
        const doc = JSON.parse(lines[1]!);
        doc.bytes = Buffer.from('tampered').toString('base64');
        await rejectsStore(dst.importJsonl([JSON.stringify(doc)]), /sha256 does not match/);
        await rejectsStore(dst.importJsonl(['{"type":"unsaid-export","version":99}']), /version 99/);
        assert.deepEqual(await dst.counts(), { documents: 0, releases: 0, audits: 0, findings: 0, reviews: 0 });
      } finally {
        await dst.close();
      }
    });

    test('reaudit: every stored document re-run under a new rubric version, once', async (t) => {
      if (skipped(t)) return;
      const s = await engine.fresh();
      try {
        await populate(s, 'r');
        const docs = (await s.counts()).documents;
        const rubric = { id: 'unsaid-default', version: '3.0.0' };
        const fn = async (d: { bytes: Uint8Array; source: string; sha256: string }) => {
          const { audit } = makeAudit({ text: 'placeholder', rubric });
          return { ...audit, document: { ...audit.document, sha256: d.sha256, source: d.source, bytes: d.bytes.length } };
        };
        const r = await s.reaudit(fn, { rubric });
        assert.equal(r.documents, docs);
        assert.equal(r.audited, docs);
        assert.equal(r.failed.length, 0);
        const again = await s.reaudit(fn, { rubric });
        assert.equal(again.audited, 0);
        assert.equal(again.skipped, docs);
        const v3 = (await s.list()).filter((e) => e.rubricVersion === '3.0.0');
        assert.equal(v3.length, docs);
        // The new audit joins the release its document was last audited under.
        assert.equal((await s.get('alibaba/qwen@2')).rubricVersion, '3.0.0');
        const failing = await s.reaudit(
          async () => {
            throw new Error('boom');
          },
          { rubric: { id: 'x', version: '1' } },
        );
        assert.equal(failing.failed.length, docs);
        assert.match(failing.failed[0]!.error, /boom/);
      } finally {
        await s.close();
      }
    });
  });
}

describe('across engines', () => {
  test('a PGlite export imported into PostgreSQL exports identically, and back', async (t) => {
    const opts = pgTestOptions(pg);
    if (opts.skip) return t.skip(opts.skip);
    const server = requirePg(pg);
    const lite = await openStore({ db: await freshPgliteDir() });
    const pgStore = await openStore({ db: await server.createDatabase() });
    const lite2 = await openStore({ db: await freshPgliteDir() });
    try {
      await populate(lite, 'cross');
      const one = await exportAll(lite);
      await pgStore.importJsonl(one.trimEnd().split('\n'));
      const two = await exportAll(pgStore);
      assert.equal(two, one);
      await lite2.importJsonl(two.trimEnd().split('\n'));
      assert.equal(await exportAll(lite2), one);
    } finally {
      await lite.close();
      await pgStore.close();
      await lite2.close();
    }
  });
});

describe('embedded store: creation and the single-writer lock', () => {
  test(
    'first open of a new directory creates and migrates the database; leftovers of a killed creation are removed',
    { timeout: 120_000 },
    async () => {
      const dir = join(tempDir(), 'nested', 'store');
      const s = await openStore({ db: dir });
      try {
        assert.equal(s.engine, 'pglite');
        assert.ok(existsSync(join(dir, 'pgdata', 'PG_VERSION')));
        assert.equal(readFileSync(join(dir, 'unsaid.lock'), 'utf8').split('\n')[0], String(process.pid));
        assert.deepEqual(await s.counts(), { documents: 0, releases: 0, audits: 0, findings: 0, reviews: 0 });
      } finally {
        await s.close();
      }
      assert.ok(!existsSync(join(dir, 'unsaid.lock')), 'lock released on close');
      mkdirSync(join(dir, 'pgdata.tmp-424242'));
      const again = await openStore({ db: dir });
      await again.close();
      assert.ok(!existsSync(join(dir, 'pgdata.tmp-424242')));
    },
  );

  test('a second opener gets a one-line "in use" error; a dead holder\'s lock is taken over', { timeout: 120_000 }, async () => {
    const dir = await freshPgliteDir();
    const s = await openStore({ db: dir });
    await rejectsStore(openStore({ db: dir }), /in use by this process/);
    await s.close();
    const child = spawnChild([dir, 'hold']);
    try {
      await child.ready;
      await rejectsStore(
        openStore({ db: dir }),
        new RegExp(`^database is in use by another unsaid process \\(pid ${child.proc.pid}\\)$`),
      );
    } finally {
      child.proc.kill('SIGKILL');
      await child.exited;
    }
    const after = await openStore({ db: dir });
    try {
      assert.equal(readFileSync(join(dir, 'unsaid.lock'), 'utf8').split('\n')[0], String(process.pid));
    } finally {
      await after.close();
    }
  });

  test(
    'a lock whose pid now belongs to another process (recycled pid) is stale',
    { skip: !existsSync('/proc/self/stat') && 'needs /proc' },
    async () => {
      const dir = await freshPgliteDir();
      const ppid = process.ppid;
      const stat = readFileSync(`/proc/${ppid}/stat`, 'utf8');
      const start = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
      writeFileSync(join(dir, 'unsaid.lock'), `${ppid}\n${start}\n`);
      await rejectsStore(openStore({ db: dir }), new RegExp(`\\(pid ${ppid}\\)$`));
      writeFileSync(join(dir, 'unsaid.lock'), `${ppid}\n1\n`); // same pid, another process
      writeFileSync(join(dir, 'unsaid.lock.999999'), '999999\n'); // a killed lock attempt's leftover
      const s = await openStore({ db: dir });
      await s.close();
      assert.ok(!existsSync(join(dir, 'unsaid.lock.999999')));
    },
  );
});

describe('locations and refs', () => {
  test('--db, then UNSAID_DB, then DATABASE_URL, then the XDG default', () => {
    assert.equal(defaultStoreDir({}), join(homedir(), '.local', 'share', 'unsaid'));
    assert.equal(defaultStoreDir({ XDG_DATA_HOME: 'relative' }), join(homedir(), '.local', 'share', 'unsaid'));
    assert.equal(defaultStoreDir({ XDG_DATA_HOME: '/x/data' }), '/x/data/unsaid');
    assert.deepEqual(resolveLocation({ db: '/tmp/s' }, { DATABASE_URL: 'postgres://h/d' }), {
      engine: 'pglite',
      dir: '/tmp/s',
      display: '/tmp/s',
    });
    assert.equal(resolveLocation({}, { UNSAID_DB: 'postgresql://u:secret@h:5/d' }).engine, 'postgres');
    assert.equal(resolveLocation({}, { UNSAID_DB: 'postgresql://u:secret@h:5/d' }).display, 'postgresql://u:***@h:5/d');
    assert.equal(resolveLocation({}, { UNSAID_DB: '/a', DATABASE_URL: 'postgres://h/d' }).dir, '/a');
    assert.equal(resolveLocation({}, { DATABASE_URL: 'postgres://h/d' }).url, 'postgres://h/d');
    assert.equal(resolveLocation({}, { XDG_DATA_HOME: '/x' }).dir, '/x/unsaid');
    assert.equal(resolveLocation({ db: 'memory:' }, {}).dir, undefined);
    assert.throws(() => resolveLocation({}, { DATABASE_URL: 'mysql://x' }), UnsaidError);
  });

  test('refs parse vendor/model@release', () => {
    assert.deepEqual(parseRef('meta/llama@3.1'), { vendor: 'meta', model: 'llama', release: '3.1' });
    assert.deepEqual(parseRef('meta/llama'), { vendor: 'meta', model: 'llama', release: undefined });
    assert.deepEqual(parseRef('meta-llama/Llama-3.1-8B@v1'), { vendor: 'meta-llama', model: 'Llama-3.1-8B', release: 'v1' });
    assert.equal(parseRef('llama'), null);
    assert.equal(parseRef('meta/llama@'), null);
    assert.equal(parseRef('/llama@1'), null);
  });
});
