// The store commands through the real CLI (src/cli/main.ts → registerStoreCommands), in child processes.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { before, describe, test } from 'node:test';
import { openStore } from '../../src/store/db.js';
import { freshPgliteDir, tempDir } from '../helpers/pg.js';
import { makeAudit } from './make-audit.js';
import type { AuditEntry } from '../../src/store/store.js';
import type { Audit } from '../../src/types.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((res) => {
    const p = spawn(process.execPath, ['--import', 'tsx', join(here, 'cli-runner.ts'), ...args], {
      cwd: root,
      env: { ...process.env, NO_COLOR: '1', UNSAID_DB: '', DATABASE_URL: '', UNSAID_REVIEWER: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (err += d));
    p.on('exit', (code) => res({ code, out, err }));
  });
}

/** The store commands in this process (cheaper than a child): stdout captured, errors thrown. */
async function inProc(args: string[]): Promise<string> {
  const { Command } = await import('commander');
  const { registerStoreCommands, setStoreOutput } = await import('../../src/cli/commands/store.js');
  const program = new Command('unsaid').exitOverride().configureOutput({ writeErr: () => {} });
  registerStoreCommands(program);
  let out = '';
  // Not by patching process.stdout: the test runner reports through it.
  setStoreOutput(async (s) => {
    out += s;
  });
  try {
    await program.parseAsync(['node', 'unsaid', ...args]);
  } finally {
    setStoreOutput();
  }
  return out;
}

describe('store CLI', () => {
  let dir = '';
  before(async () => {
    dir = await freshPgliteDir();
    const s = await openStore({ db: dir });
    try {
      const a = makeAudit({
        text: 'v1',
        statuses: { 'data.sources': 'absent' },
        claims: [{ quote: 'Best <model> ever & more' }],
      });
      const b = makeAudit({
        text: 'v2',
        statuses: { 'data.sources': 'disclosed' },
        claims: [{ quote: 'New <script>x</script> claim' }],
      });
      await s.addAudit({ ...a, vendor: 'acme', model: 'rocket', release: '1', date: '2025-01-01' });
      await s.addAudit({ ...b, vendor: 'acme', model: 'rocket', release: '2' });
    } finally {
      await s.close();
    }
  });

  test('list: a table, and JSON entries with their id', async () => {
    const t = await cli(['list', '--db', dir]);
    assert.equal(t.code, 0, t.err);
    assert.match(t.out, /^ID\s+RELEASE\s+DATE\s+SCORE/);
    assert.match(t.out, /\n1\s+acme\/rocket@1\s+2025-01-01/);
    const entries = JSON.parse(await inProc(['list', '--db', dir, '--format', 'json', '--model', 'ROCKET'])) as AuditEntry[];
    assert.deepEqual(
      entries.map((e) => [e.id, e.release]),
      [
        [1, '1'],
        [2, '2'],
      ],
    );
  });

  test('review, then show: the override with reviewer and the machine status beside it', async () => {
    const saved = process.env.UNSAID_REVIEWER;
    process.env.UNSAID_REVIEWER = 'zed';
    let r: string;
    try {
      r = await inProc(['review', 'acme/rocket@2', 'data.size', '--status', 'absent', '--note', 'no table', '--db', dir]);
    } finally {
      if (saved === undefined) delete process.env.UNSAID_REVIEWER;
      else process.env.UNSAID_REVIEWER = saved;
    }
    assert.match(r, /^reviewed #2 data\.size: absent \(machine: partial\) by zed at \d{4}-/);
    const audit = JSON.parse(await inProc(['show', '2', '-f', 'json', '--db', dir])) as Audit | Audit[];
    const one = Array.isArray(audit) ? audit[0]! : audit;
    const f = one.indicators.find((x) => x.id === 'data.size')!;
    assert.equal(f.review?.status, 'absent');
    assert.equal(f.review?.machineStatus, 'partial');
    assert.equal(f.review?.reviewer, 'zed');
    const s = await inProc(['show', 'acme/rocket@2', '--db', dir, '--no-color']);
    assert.match(s, /^#2 acme\/rocket@2/);
    assert.match(s, /Reviews \(latest per indicator wins\):\n.*data\.size: absent by zed — no table/);
    const m = await inProc(['show', '2', '--machine', '-f', 'json', '--db', dir]);
    const machine = JSON.parse(m) as Audit | Audit[];
    assert.equal(
      (Array.isArray(machine) ? machine[0]! : machine).indicators.find((x) => x.id === 'data.size')!.review,
      undefined,
    );
  });

  test('diff in every format; html escapes document text', async () => {
    for (const f of ['stylish', 'json', 'markdown', 'html']) {
      const out = await inProc(['diff', '1', 'acme/rocket@2', '-f', f, '--db', dir, '--no-color']);
      assert.match(out, /data\.sources/);
      if (f === 'json') assert.equal(JSON.parse(out).indicators.becameDisclosed[0].id, 'data.sources');
      if (f === 'html') {
        assert.ok(!out.includes('<script>x'));
        assert.ok(out.includes('&lt;script&gt;x&lt;/script&gt;'));
      }
    }
  });

  test('export | import | export round-trips exactly', async () => {
    const file = join(tempDir(), 'backup.jsonl');
    await inProc(['export', '-o', file, '--db', dir]);
    const other = await freshPgliteDir();
    const i = await inProc(['import', file, '--db', other]);
    assert.match(i, /^imported 2 documents, 2 releases, 2 audits, 1 review\n$/);
    assert.equal(await inProc(['export', '--db', other]), readFileSync(file, 'utf8'));
  });

  test('errors are one line with the store exit code', async () => {
    const r = await cli(['show', '999', '--db', dir]);
    assert.equal(r.code, 8);
    assert.equal(r.err, 'unsaid: no audit #999\n');
  });

  test('add audits real documents (auditBytes), detects what it can, and is idempotent', async () => {
    const db = await freshPgliteDir();
    const file = 'examples/orca-7b-model-card.md';
    const a = await cli(['add', file, '--vendor', 'tidewater', '--db', db]);
    assert.equal(a.code, 0, a.err);
    assert.match(
      a.out,
      /^added #1 tidewater\/orca@2026-03-14 \(2026-03-14\) examples\/orca-7b-model-card\.md score [\d.]+%\s+\[model from title, release from text \(date\)\]\n$/,
    );
    const again = await cli(['add', file, '--vendor', 'tidewater', '--db', db, '--format', 'json']);
    assert.equal(again.code, 0, again.err);
    assert.equal(JSON.parse(again.out)[0].created, false);
    await assert.rejects(
      inProc(['add', join(root, 'examples/nimbus-release-post.md'), '--db', db]),
      /cannot tell its vendor, release \(found model nimbus\): pass --vendor --release/,
    );
    const s = await openStore({ db });
    try {
      const got = await s.get('tidewater/orca@2026-03-14');
      const { auditBytes } = await import('../../src/audit.js');
      const fresh = await auditBytes({ bytes: new Uint8Array(readFileSync(join(root, file))), source: file });
      assert.deepEqual(got.machine, fresh, 'the stored audit is the audit');
    } finally {
      await s.close();
    }
  });
});
