/**
 * What the CLI prints: one JSON object for one document, JSON Lines for several, stdin as `-`,
 * --output files, the claims report, the batch summary on stderr, colour switches, rubric commands,
 * and a batch through the worker pool (--jobs 2) giving the same bytes as one job.
 */
import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ROOT } from './helpers.js';

let dir: string;
const CARD = 'examples/orca-7b-model-card.md';
const ESC = '\u001b[';

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'unsaid-out-'));
  // Ten documents: enough for the pool (batches of fewer than 8 documents run in-process).
  const names = ['orca-7b-model-card.md', 'nimbus-release-post.md', 'qingyun-zh.md'];
  mkdirSync(join(dir, 'docs'));
  for (let i = 0; i < 10; i++)
    copyFileSync(join(ROOT, 'examples', names[i % 3]), join(dir, 'docs', `doc-${String(i).padStart(2, '0')}.md`));
  writeFileSync(join(dir, 'list.txt'), `docs/doc-00.md\n${join(ROOT, 'examples', 'qingyun-zh.md')}\n`);
});

after(() => rmSync(dir, { recursive: true, force: true }));

describe('output', { concurrency: 4 }, () => {
  test('--format json: one document → one pretty object', async () => {
    const r = await cli(['audit', CARD, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.schemaVersion, '1');
    assert.equal(a.document.source, CARD);
    assert.ok(Array.isArray(a.indicators) && a.indicators.length > 0);
    assert.ok(r.stdout.includes('\n  "'), 'pretty-printed');
  });

  test('--format json: several documents → JSON Lines in input order', async () => {
    const r = await cli(['audit', 'examples/qingyun-zh.md', CARD, 'examples/nimbus-release-post.md', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n').filter(Boolean);
    assert.equal(lines.length, 3);
    assert.deepEqual(
      lines.map((l) => JSON.parse(l).document.source),
      ['examples/qingyun-zh.md', CARD, 'examples/nimbus-release-post.md'],
    );
    assert.equal(JSON.parse(lines[0]).document.language, 'zh');
    assert.equal(r.stderr, '', 'no summary table for json');
  });

  test('stdin: `-` reads the document from standard input', async () => {
    const r = await cli(['audit', '-', '--format', 'json'], { input: readFileSync(join(ROOT, CARD)) });
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.document.source, '-');
    const file = JSON.parse((await cli(['audit', CARD, '--format', 'json'])).stdout);
    assert.equal(a.document.sha256, file.document.sha256);
    assert.deepEqual(a.indicators, file.indicators);
  });

  test('--output writes the report to a file, without colour', async () => {
    const out = join(dir, 'report.txt');
    const r = await cli(['audit', CARD, '--output', out]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout, '');
    const text = readFileSync(out, 'utf8');
    assert.match(text, /orca-7b-model-card\.md/);
    assert.ok(!text.includes(ESC));
  });

  test('--color forces ANSI colour, --no-color and NO_COLOR turn it off', async () => {
    const on = await cli(['audit', CARD, '--color']);
    assert.ok(on.stdout.includes(ESC), 'colour with --color');
    const off = await cli(['audit', CARD, '--no-color'], { env: { FORCE_COLOR: '1' } });
    assert.ok(!off.stdout.includes(ESC));
    const env = await cli(['audit', CARD]);
    assert.ok(!env.stdout.includes(ESC), 'not a terminal: no colour');
  });

  test('stylish batch: reports in order, summary table on stderr', async () => {
    const r = await cli(['audit', `@${join(dir, 'list.txt')}`]);
    assert.equal(r.code, 0, r.stderr);
    const first = r.stdout.indexOf('doc-00.md');
    const second = r.stdout.indexOf('qingyun-zh.md');
    assert.ok(first >= 0 && second > first);
    assert.match(r.stderr, /documents\s+2/);
    assert.match(r.stderr, /audited\s+2/);
    assert.match(r.stderr, /mean score\s+[\d.]+%/);
  });

  test('--jobs 2 (worker pool) gives the same JSON Lines as --jobs 1', async () => {
    const [one, two] = await Promise.all([
      cli(['audit', join(dir, 'docs'), '--format', 'jsonl', '--jobs', '1']),
      cli(['audit', join(dir, 'docs'), '--format', 'jsonl', '--jobs', '2']),
    ]);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(two.code, 0, two.stderr);
    assert.equal(one.stdout.split('\n').filter(Boolean).length, 10);
    assert.equal(two.stdout, one.stdout);
  });

  test('claims --format json: {document, claims, summary}', async () => {
    const r = await cli(['claims', 'examples/nimbus-release-post.md', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const c = JSON.parse(r.stdout);
    assert.deepEqual(Object.keys(c), ['document', 'claims', 'summary']);
    assert.equal(c.document.source, 'examples/nimbus-release-post.md');
    assert.ok(Array.isArray(c.claims));
    assert.equal(c.summary.claims, c.claims.length);
    assert.equal(c.summary.substantiated + c.summary.partly + c.summary.unsubstantiated, c.claims.length);
  });

  test('claims stylish prints only claims', async () => {
    const r = await cli(['claims', CARD, 'examples/qingyun-zh.md']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /orca-7b-model-card\.md/);
    assert.match(r.stdout, /qingyun-zh\.md/);
    assert.ok(!/data\.sources/.test(r.stdout), 'no indicators in the claims report');
  });

  test('--lang zh rebuilds what was not said in Chinese', async () => {
    const r = await cli(['audit', CARD, '--format', 'json', '--lang', 'zh']);
    assert.equal(r.code, 0, r.stderr);
    const a = JSON.parse(r.stdout);
    assert.equal(a.unsaid.language, 'zh');
    assert.match(a.unsaid.gaps[0].text, /\p{Script=Han}/u);
  });

  test('a URL with --allow-private is fetched, audited and named by its URL', async () => {
    const { createServer } = await import('node:http');
    const body = readFileSync(join(ROOT, CARD));
    const server = createServer((req, res) => {
      if (req.url === '/card.md') {
        res.writeHead(200, { 'content-type': 'text/markdown' });
        res.end(body);
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as import('node:net').AddressInfo).port;
    try {
      const url = `http://127.0.0.1:${port}/card.md`;
      const r = await cli(['audit', url, '--allow-private', '--format', 'json']);
      assert.equal(r.code, 0, r.stderr);
      const a = JSON.parse(r.stdout);
      assert.equal(a.document.source, url);
      assert.equal(a.document.format, 'markdown');
      const missing = await cli(['audit', `http://127.0.0.1:${port}/nope.md`, '--allow-private']);
      assert.equal(missing.code, 6, missing.stderr);
      assert.match(missing.stderr, /^unsaid: .*HTTP 404\n$/);
    } finally {
      server.close();
    }
  });

  test('library warnings (a YAML tag in front matter) do not reach stderr', async () => {
    const file = join(dir, 'odd-front-matter.md');
    writeFileSync(file, '---\nx: !!js/function "function(){}"\n---\n# T\n\nThe model has 7B parameters.\n');
    const r = await cli(['audit', file, '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
  });

  test('rubric show lists ids and weights; rubric check accepts the default rubric', async () => {
    const r = await cli(['rubric', 'show']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /data\.sources\s+\d+/);
    const j = await cli(['rubric', 'show', '--json']);
    const parsed = JSON.parse(j.stdout);
    assert.ok(parsed.indicators.length >= 30);
    const c = await cli(['rubric', 'check', 'data/rubric/default.yaml']);
    assert.equal(c.code, 0, c.stderr);
    assert.match(c.stdout, /ok/);
  });

  test('--max-chars: text past the limit is not audited, and the report says so', async () => {
    // The licence is stated only after ~3,000 characters of filler.
    const filler = Array.from({ length: 30 }, (_, i) => `Paragraph ${i} about the weather and nothing else at all, repeated for length.`).join('\n\n');
    const md = `# Nimbus 7B\n\n${filler}\n\n## License\n\nThe weights are released under the Apache 2.0 license.\n`;
    const file = join(dir, 'long.md');
    writeFileSync(file, md);
    const full = JSON.parse((await cli(['audit', file, '--format', 'json'])).stdout);
    assert.equal(full.document.truncated, undefined);
    assert.notEqual(full.indicators.find((f: { id: string }) => f.id === 'access.license').status, 'absent');
    const cut = await cli(['audit', file, '--format', 'json', '--max-chars', '1k']);
    assert.equal(cut.code, 0, cut.stderr);
    const a = JSON.parse(cut.stdout);
    // Markdown is cut at the last line break before the limit.
    assert.equal(a.document.truncated.totalChars, md.length);
    assert.ok(a.document.truncated.auditedChars <= 1000 && a.document.truncated.auditedChars > 900, JSON.stringify(a.document.truncated));
    assert.equal(md[a.document.truncated.auditedChars - 1], '\n');
    assert.equal(a.indicators.find((f: { id: string }) => f.id === 'access.license').status, 'absent');
    for (const f of a.indicators) for (const e of f.evidence) assert.ok(e.start < 1000, `evidence past the limit: ${e.quote}`);
    const text = await cli(['audit', file, '--max-chars', '1000']);
    assert.match(text.stdout, /only the first \d+ of \d+ characters were audited/);
    const bad = await cli(['audit', file, '--max-chars', 'lots']);
    assert.equal(bad.code, 2);
  });
});
