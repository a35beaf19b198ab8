/**
 * Batch inputs: directories, globs, @list files, stdin and URLs expand in order; failures are entries
 * of their own; runBatch hands results back in input order with one job and with a pool of two.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expandInputs, type Entry } from '../../src/batch/expand.js';
import { expandGlob, globToRegExp } from '../../src/batch/glob.js';
import { runBatch } from '../../src/batch/pool.js';
import { StatsCollector, formatSummary } from '../../src/batch/summary.js';
import type { TaskResult } from '../../src/batch/task.js';

let dir: string;
const card = (name: string, params: number) =>
  `# ${name}\n\n${name} is a language model with ${params} billion parameters, trained on 1 trillion tokens of web text.\n\n## Limitations\n\nIt makes mistakes.\n`;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsaid-batch-'));
  mkdirSync(join(dir, 'cards/nested/deeper'), { recursive: true });
  mkdirSync(join(dir, 'cards/.hidden'), { recursive: true });
  mkdirSync(join(dir, 'cards/node_modules'), { recursive: true });
  mkdirSync(join(dir, 'empty'), { recursive: true });
  writeFileSync(join(dir, 'cards/a.md'), card('Alpha', 7));
  writeFileSync(join(dir, 'cards/b.markdown'), card('Beta', 13));
  writeFileSync(join(dir, 'cards/c.txt'), card('Gamma', 70));
  writeFileSync(
    join(dir, 'cards/d.html'),
    `<!doctype html><html><body><h1>Delta</h1><p>Delta has 3 billion parameters.</p></body></html>`,
  );
  writeFileSync(join(dir, 'cards/ignored.json'), '{}');
  writeFileSync(join(dir, 'cards/nested/e.md'), card('Epsilon', 1));
  writeFileSync(join(dir, 'cards/nested/deeper/f.htm'), '<html><body><p>Zeta has 2 billion parameters.</p></body></html>');
  writeFileSync(join(dir, 'cards/.hidden/secret.md'), card('Hidden', 1));
  writeFileSync(join(dir, 'cards/node_modules/dep.md'), card('Dep', 1));
  writeFileSync(join(dir, 'empty.md'), '');
  writeFileSync(join(dir, 'empty/notes.json'), '{}');
  writeFileSync(
    join(dir, 'list.txt'),
    ['# a comment', 'cards/a.md', '', '  cards/nested/e.md  ', 'https://example.com/card.md', 'missing.md', '-'].join('\n'),
  );
  writeFileSync(join(dir, 'outer.txt'), '@list.txt\ncards/c.txt\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

const sources = (entries: Entry[]) => entries.map((e) => ('item' in e ? e.item.source : `!${e.failure.source}`));

describe('glob matching', () => {
  test('segments, stars and braces', () => {
    const re = globToRegExp('**/*.{md,txt}');
    assert.ok(re.test('a.md'));
    assert.ok(re.test('x/y/z.txt'));
    assert.ok(!re.test('a.html'));
    assert.ok(!re.test('amd'));
    assert.ok(globToRegExp('*.md').test('a.md'));
    assert.ok(!globToRegExp('*.md').test('x/a.md'));
    assert.ok(globToRegExp('docs/**').test('docs/a/b.md'));
    assert.ok(globToRegExp('c?rd-[0-9].md').test('card-7.md'));
    assert.ok(!globToRegExp('c?rd-[!0-9].md').test('card-7.md'));
    assert.ok(globToRegExp('a.b+(c).md').test('a.b+(c).md'), 'regex characters are literal');
  });

  test('expandGlob walks from the static base and skips hidden and node_modules', () => {
    assert.deepEqual(expandGlob('cards/*.md', dir), ['cards/a.md']);
    assert.deepEqual(expandGlob('cards/**/*.md', dir), ['cards/a.md', 'cards/nested/e.md']);
    assert.deepEqual(expandGlob('cards/**/*.{htm,html}', dir), ['cards/d.html', 'cards/nested/deeper/f.htm']);
    assert.deepEqual(expandGlob('**/e.md', dir), ['cards/nested/e.md']);
    assert.deepEqual(expandGlob(`${dir}/cards/*.txt`), [`${dir}/cards/c.txt`]);
  });
});

describe('expandInputs', () => {
  test('a directory expands recursively to document files, sorted, hidden and node_modules skipped', () => {
    const e = expandInputs(['cards'], { cwd: dir });
    assert.deepEqual(sources(e), [
      'cards/a.md',
      'cards/b.markdown',
      'cards/c.txt',
      'cards/d.html',
      'cards/nested/deeper/f.htm',
      'cards/nested/e.md',
    ]);
  });

  test('globs, files, URLs and stdin keep their order; duplicates are dropped', () => {
    const e = expandInputs(['cards/*.md', 'cards/c.txt', 'https://example.com/x.md', '-', 'cards/a.md', '-'], { cwd: dir });
    assert.deepEqual(sources(e), ['cards/a.md', 'cards/c.txt', 'https://example.com/x.md', '-']);
    const kinds = e.map((x) => ('item' in x ? x.item.kind : 'failure'));
    assert.deepEqual(kinds, ['file', 'file', 'url', 'stdin']);
  });

  test('missing files, empty globs and empty directories are failures (exit 3), in place', () => {
    const e = expandInputs(['missing.md', 'cards/a.md', 'nothing/*.md', 'empty'], { cwd: dir });
    assert.deepEqual(sources(e), ['!missing.md', 'cards/a.md', '!nothing/*.md', '!empty']);
    for (const x of e) if ('failure' in x) assert.equal(x.failure.error.exitCode, 3);
  });

  test('@list files: one input per line, comments and blanks skipped, paths relative to the list', () => {
    const e = expandInputs(['@list.txt'], { cwd: dir });
    assert.deepEqual(sources(e), ['cards/a.md', 'cards/nested/e.md', 'https://example.com/card.md', '!missing.md', '-']);
    const other = mkdtempSync(join(tmpdir(), 'unsaid-cwd-'));
    try {
      const e2 = expandInputs([`@${join(dir, 'outer.txt')}`], { cwd: other });
      assert.deepEqual(sources(e2).slice(0, 2), ['cards/a.md', 'cards/nested/e.md']);
      assert.equal(sources(e2).at(-1), 'cards/c.txt');
      const first = e2[0];
      assert.ok('item' in first && first.item.kind === 'file' && first.item.path === join(dir, 'cards/a.md'));
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  test('a missing list file is a failure', () => {
    const e = expandInputs(['@nope.txt'], { cwd: dir });
    assert.equal(e.length, 1);
    assert.ok('failure' in e[0] && e[0].failure.error.exitCode === 3);
  });
});

async function collect(entries: Entry[], jobs: number): Promise<TaskResult[]> {
  const out: TaskResult[] = [];
  await runBatch(entries, {
    jobs,
    minPoolDocs: 0,
    task: {},
    onResult: (i, r) => {
      assert.equal(i, out.length, 'results arrive in input order');
      out.push(r);
    },
  });
  return out;
}

describe('runBatch', () => {
  test('one job: every entry gives a result, failures counted, the batch carries on', async () => {
    const entries = expandInputs(['cards', 'empty.md', 'missing.md'], { cwd: dir });
    const results = await collect(entries, 1);
    assert.equal(results.length, 8);
    const stats = new StatsCollector();
    results.forEach((r) => stats.add(r));
    const s = stats.result(10);
    assert.equal(s.ok, 6);
    assert.equal(s.failed, 2);
    assert.deepEqual(s.failedByKind, { unsupported: 1, unreadable: 1 });
    const empty = results[6];
    assert.ok(!empty.ok && empty.code === 4 && /empty/.test(empty.message));
    const missing = results[7];
    assert.ok(!missing.ok && missing.code === 3);
    assert.match(formatSummary(s), /documents\s+8\n/);
  });

  test('jobs=2 uses the worker pool and gives the same audits in the same order', async () => {
    const entries = expandInputs(['cards', 'empty.md', 'cards/a.md', 'missing.md'], { cwd: dir });
    const one = await collect(entries, 1);
    const two = await collect(entries, 2);
    assert.equal(two.length, one.length);
    for (let i = 0; i < one.length; i++) {
      const a = one[i];
      const b = two[i];
      assert.equal(a.source, b.source);
      assert.equal(a.ok, b.ok);
      if (a.ok && b.ok) assert.deepEqual(b.audit, a.audit);
      if (!a.ok && !b.ok) assert.equal(b.code, a.code);
    }
  });

  test('stdin bytes are handed to the `-` entry', async () => {
    const bytes = new Uint8Array(readFileSync(join(dir, 'cards/a.md')));
    const out: TaskResult[] = [];
    await runBatch(expandInputs(['-'], { cwd: dir }), {
      jobs: 1,
      task: {},
      stdinBytes: bytes,
      onResult: (_i, r) => void out.push(r),
    });
    assert.equal(out.length, 1);
    assert.ok(out[0].ok);
    assert.equal(out[0].ok && out[0].audit.document.source, '-');
  });
});
