/**
 * A document full of XSS payloads: the markdown and html reports must be inert. Formatters are reached
 * only through `loadFormatter` (and once through the CLI), so this checks what users actually get.
 */
import { test, describe, before } from 'node:test';
import assert from 'node:assert/strict';
import { auditBytes } from '../../src/audit.js';
import { ingest } from '../../src/ingest/index.js';
import { loadFormatter } from '../../src/report/index.js';
import { loadRubric } from '../../src/rubric/index.js';
import type { Audit } from '../../src/types.js';
import { cli } from './helpers.js';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PAYLOADS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '"><script>alert(document.cookie)</script>',
  "'><img src=x onerror=alert(2)>",
  '<a href="javascript:alert(1)">click</a>',
  '[click me](javascript:alert(1))',
  '![x](javascript:alert(1))',
  '<details open ontoggle=alert(1)>',
  '<body onload=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '<style>body{background:url("javascript:alert(1)")}</style>',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '{{constructor.constructor("alert(1)")()}}',
  '\u202Egnp.exe\u202C <b onmouseover=alert(1)>hover</b>',
];

const DOC = [
  '---',
  'title: "<script>alert(\'front matter\')</script>"',
  'license: "<img src=x onerror=alert(1)>"',
  '---',
  '',
  '# XSS <script>alert("title")</script> model',
  '',
  ...PAYLOADS.map((p, i) => `The model has ${i + 1} billion parameters ${p} and was trained on 2 trillion tokens ${p}.`),
  '',
  '## Training data <img src=x onerror=alert(1)>',
  '',
  'The training data came from Common Crawl <script>alert(1)</script> and Wikipedia. It is 30% better than GPT-4 <svg onload=alert(1)>.',
  '',
  '| Benchmark <script>alert(1)</script> | Score |',
  '|---|---|',
  '| MMLU <img src=x onerror=alert(1)> | 70.1 |',
  '',
  '## Limitations',
  '',
  'It can fail <iframe src=javascript:alert(1)>.',
].join('\n');

/** What must never appear live in an HTML report: checked on the real (unescaped) tags only. */
function assertInertHtml(html: string): void {
  const FORBIDDEN = new Set([
    'script',
    'iframe',
    'object',
    'embed',
    'base',
    'form',
    'frame',
    'frameset',
    'applet',
    'svg',
    'math',
    'template',
    'details',
    'img',
    'link',
  ]);
  for (const m of html.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g)) {
    const [tag, name, attrs] = m;
    assert.ok(!FORBIDDEN.has(name.toLowerCase()), `live <${name}> element: ${tag.slice(0, 120)}`);
    assert.ok(!/(^|\s)on[a-z]+\s*=/i.test(attrs), `event-handler attribute: ${tag.slice(0, 120)}`);
    assert.ok(
      !/=\s*["']?\s*(javascript|vbscript|data):/i.test(attrs),
      `script or data URL in an attribute: ${tag.slice(0, 120)}`,
    );
    if (name.toLowerCase() === 'meta') assert.ok(!/http-equiv\s*=\s*["']?refresh/i.test(attrs), 'meta refresh');
  }
  assert.ok(!html.includes('\u202E'), 'no bidi override characters');
}

/** A markdown report is rendered by GitHub, GitLab, editors: document text must not become markup. */
function assertInertMarkdown(md: string): void {
  for (const tag of [
    '<script',
    '<img',
    '<svg',
    '<iframe',
    '<details',
    '<body',
    '<math',
    '<style',
    '</textarea',
    '<a href',
    '<b ',
  ]) {
    assert.ok(!md.toLowerCase().includes(tag), `raw ${tag} in the markdown report`);
  }
  assert.ok(!/\]\(\s*javascript:/i.test(md), 'no javascript: links');
  assert.ok(!/\]\(\s*data:/i.test(md), 'no data: links');
  assert.ok(!md.includes('\u202E'), 'no bidi override characters');
}

describe('XSS payloads in a document', () => {
  let audit: Audit;
  let text: string;
  before(async () => {
    const bytes = new TextEncoder().encode(DOC);
    audit = await auditBytes({ bytes, source: 'xss<script>alert(1)</script>.md' });
    text = (await ingest({ bytes, source: 'xss.md' })).text;
  });

  test('the audit still quotes the payloads (evidence is exact text)', () => {
    const quotes = audit.indicators.flatMap((f) => f.evidence.map((e) => e.quote)).join('\n');
    assert.ok(/<script>|onerror/.test(quotes), 'evidence keeps the document text exactly');
  });

  test('html report is inert', async () => {
    const html = await loadFormatter('html');
    const out = html([audit], { color: false, docText: new Map([[audit.document.source, text]]), rubric: loadRubric() });
    assertInertHtml(out);
    assert.match(out, /&lt;script&gt;|&#x3C;script|&#60;script/i, 'payloads are shown escaped');
  });

  test('markdown report is inert', async () => {
    const markdown = await loadFormatter('markdown');
    const out = markdown([audit], { color: false, docText: new Map([[audit.document.source, text]]), rubric: loadRubric() });
    assertInertMarkdown(out);
  });

  test('stylish report has no control or bidi characters from the document', async () => {
    const stylish = await loadFormatter('stylish');
    const out = stylish([audit], { color: false });
    assert.ok(!out.includes('\u202E'));
    assert.ok(!/[\u0000-\u0008\u000b-\u001f\u007f]/.test(out));
  });

  test('through the CLI: html and markdown output are inert', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-xss-'));
    const file = join(dir, 'xss.md');
    writeFileSync(file, DOC);
    const [h, m] = await Promise.all([cli(['audit', file, '--format', 'html']), cli(['audit', file, '--format', 'markdown'])]);
    assert.equal(h.code, 0, h.stderr);
    assert.equal(m.code, 0, m.stderr);
    assertInertHtml(h.stdout);
    assertInertMarkdown(m.stdout);
  });
});
