/**
 * Every documented exit code, through the real command line, and never a stack trace:
 *   0 ok · 1 threshold · 2 usage · 3 missing · 4 empty/binary · 5 refused · 6 fetch failed ·
 *   7 bad rubric · 9 batch with failures · 70 internal.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, hasStack, type CliResult } from './helpers.js';

let dir: string;
const CARD = 'examples/orca-7b-model-card.md';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsaid-cli-'));
  writeFileSync(join(dir, 'empty.md'), '');
  writeFileSync(join(dir, 'blank.md'), '   \n\n\t\n');
  writeFileSync(join(dir, 'binary.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3, 0, 0, 0xff, 0xfe, 0]));
  writeFileSync(join(dir, 'bad-rubric.yaml'), 'id: broken\nversion: 1\nindicators: "not a list"\n');
  writeFileSync(join(dir, 'not-yaml.yaml'), 'id: [unclosed\n  - : :\n');
  writeFileSync(join(dir, 'throws.mjs'), 'export default function () { throw new Error("formatter exploded"); }\n');
});

after(() => rmSync(dir, { recursive: true, force: true }));

function expectCode(r: CliResult, code: number, stderr?: RegExp): void {
  assert.equal(r.code, code, `exit ${r.code}, expected ${code}\nstderr: ${r.stderr}`);
  assert.ok(!hasStack(r.stderr), `stack trace in stderr:\n${r.stderr}`);
  if (stderr) assert.match(r.stderr, stderr);
  if (code !== 0 && code !== 1) {
    const lines = r.stderr.split('\n').filter((l) => l.trim() !== '');
    assert.ok(
      lines.length >= 1 && lines.every((l) => l.startsWith('unsaid: ') || code === 9 || code === 2),
      `one "unsaid: " line per failure:\n${r.stderr}`,
    );
  }
}

describe('exit codes', { concurrency: 4 }, () => {
  test('0: a model card audits cleanly', async () => {
    const r = await cli(['audit', CARD]);
    expectCode(r, 0);
    assert.match(r.stdout, /orca-7b-model-card\.md/);
    assert.equal(r.stderr, '');
  });

  test('0: --help and --version', async () => {
    const h = await cli(['--help']);
    expectCode(h, 0);
    assert.match(h.stdout, /audit/);
    assert.match(h.stdout, /Exit codes/);
    const v = await cli(['--version']);
    expectCode(v, 0);
    assert.match(v.stdout, /^\d+\.\d+\.\d+/);
    const ah = await cli(['audit', '--help']);
    expectCode(ah, 0);
    assert.match(ah.stdout, /--fail-under/);
  });

  test('1: --fail-under above the score', async () => {
    const r = await cli(['audit', CARD, '--fail-under', '100', '--format', 'json']);
    expectCode(r, 1);
    const audit = JSON.parse(r.stdout);
    assert.ok(audit.score.percent < 100);
    const ok = await cli(['audit', CARD, '--fail-under', '0', '--format', 'json']);
    expectCode(ok, 0);
  });

  test('1: --fail-on-unsubstantiated with a hype-heavy post (when claims are found)', async () => {
    const r = await cli(['claims', 'examples/nimbus-release-post.md', '--format', 'json', '--fail-on-unsubstantiated']);
    const report = JSON.parse(r.stdout);
    const expected = report.claims.some((c: { verdict: string }) => c.verdict === 'unsubstantiated') ? 1 : 0;
    expectCode(r, expected);
  });

  test('2: usage errors are one line', async () => {
    expectCode(await cli(['audit', CARD, '--bogus']), 2, /^unsaid: unknown option '--bogus'/);
    expectCode(await cli(['audit']), 2, /^unsaid: missing required argument/);
    expectCode(await cli(['audit', CARD, '--fail-under', 'abc']), 2, /0 to 100/);
    expectCode(await cli(['audit', CARD, '--fail-under', '101']), 2, /0 to 100/);
    expectCode(await cli(['audit', CARD, '--jobs', '0']), 2, /jobs/);
    expectCode(await cli(['audit', CARD, '--format', 'yaml']), 2, /unknown format/);
    expectCode(await cli(['claims', CARD, '--format', 'html']), 2, /unknown format/);
    expectCode(await cli(['audit', CARD, '--lang', 'fr']), 2, /en or zh/);
    expectCode(await cli(['audit', CARD, '--max-bytes', 'lots']), 2, /size/);
    expectCode(await cli(['frobnicate']), 2, /unknown command/);
  });

  test('3: missing file', async () => {
    expectCode(await cli(['audit', join(dir, 'nope.md')]), 3, /no such file/);
    expectCode(await cli(['audit', join(dir, 'nothing-*.md')]), 3, /no files match/);
    expectCode(await cli(['audit', `@${join(dir, 'no-list.txt')}`]), 3, /list file/);
  });

  test('4: empty, blank and binary input', async () => {
    expectCode(await cli(['audit', join(dir, 'empty.md')]), 4, /empty/);
    expectCode(await cli(['audit', join(dir, 'blank.md')]), 4, /no text/);
    expectCode(await cli(['audit', join(dir, 'binary.bin')]), 4, /binary|executable|not a document/);
    expectCode(await cli(['audit', '-'], { input: '' }), 4, /empty/);
    expectCode(await cli(['audit', CARD, '--max-bytes', '100']), 4, /too large|size limit/);
  });

  test('5: SSRF refusals', async () => {
    expectCode(await cli(['audit', 'http://127.0.0.1:9/card.md']), 5, /loopback/);
    expectCode(await cli(['audit', 'http://169.254.169.254/latest/meta-data/']), 5, /linkLocal/);
    expectCode(await cli(['audit', 'http://[::ffff:127.0.0.1]/']), 5, /loopback/);
    expectCode(await cli(['audit', 'http://2130706433/']), 5, /loopback/);
    expectCode(await cli(['audit', 'file:///etc/passwd']), 5, /only http and https/);
  });

  test('6: fetch failure', async () => {
    expectCode(await cli(['audit', 'http://127.0.0.1:1/card.md', '--allow-private', '--timeout', '5s']), 6);
    expectCode(await cli(['audit', 'http://no-such-host.invalid/card.md', '--timeout', '5s']), 6, /cannot resolve/);
  });

  test('7: bad rubric', async () => {
    expectCode(await cli(['audit', CARD, '--rubric', join(dir, 'bad-rubric.yaml')]), 7, /rubric/);
    expectCode(await cli(['audit', CARD, '--rubric', join(dir, 'not-yaml.yaml')]), 7, /rubric/);
    expectCode(await cli(['audit', CARD, '--rubric', join(dir, 'missing.yaml')]), 7, /rubric/);
    expectCode(await cli(['rubric', 'check', join(dir, 'bad-rubric.yaml')]), 7, /rubric/);
  });

  test('9: a batch with some failures reports each and audits the rest', async () => {
    const r = await cli([
      'audit',
      'examples/orca-7b-model-card.md',
      join(dir, 'nope.md'),
      join(dir, 'empty.md'),
      'examples/qingyun-zh.md',
      '--format',
      'json',
    ]);
    expectCode(r, 9);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2, 'two audits as JSON Lines');
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).document.source),
      ['examples/orca-7b-model-card.md', 'examples/qingyun-zh.md'],
    );
    const errors = r.stderr.split('\n').filter((l) => l.startsWith('unsaid: '));
    assert.equal(errors.length, 2);
    assert.match(errors[0], /nope\.md: no such file/);
    assert.match(errors[1], /empty\.md: empty/);
  });

  test('9 wins over a missed threshold', async () => {
    const r = await cli(['audit', CARD, join(dir, 'nope.md'), '--fail-under', '100', '--format', 'jsonl']);
    expectCode(r, 9);
  });

  test('70: an unexpected exception is one line (a stack only with UNSAID_DEBUG=1)', async () => {
    // A formatter module that throws is the simplest way to raise a non-UnsaidError in the CLI.
    const r = await cli(['audit', CARD, '--format', join(dir, 'throws.mjs')]);
    expectCode(r, 70, /^unsaid: internal error: formatter exploded\n$/);
    const d = await cli(['audit', CARD, '--format', join(dir, 'throws.mjs')], { env: { UNSAID_DEBUG: '1' } });
    assert.equal(d.code, 70);
    assert.ok(hasStack(d.stderr), 'UNSAID_DEBUG=1 prints the stack');
  });
});
