import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unified } from 'unified';
import remarkParse from 'remark-parse';
import remarkGfm from 'remark-gfm';
import { visit } from 'unist-util-visit';
import type { Root } from 'mdast';
import { formatters, getFormatter, loadFormatter, validateAudit, computeScore, escapeHtml, escapeMarkdown } from '../src/report/index.js';
import { highlight } from '../src/report/html.js';
import { UnsaidError } from '../src/errors.js';
import type { Audit, Finding } from '../src/types.js';
import type { Rubric } from '../src/rubric/types.js';
import {
  CONTROL_QUOTE,
  EN_SOURCE,
  EN_TEXT,
  SCRIPT_QUOTE,
  ZH_SOURCE,
  chineseAudit,
  docTexts,
  englishAudit,
  sampleRubric,
} from './helpers/sample-audit.js';

const rubric = sampleRubric();
const opts = { color: false, rubric, docText: docTexts() };
const ANSI = /\u001b\[[0-9;]*m/;
const RAW_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function unescapeHtml(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
}

function clone<T>(x: T): T {
  return JSON.parse(JSON.stringify(x)) as T;
}

// --- json / jsonl -----------------------------------------------------------------------------

test('json: one audit is pretty-printed and validates against the schema', () => {
  const audit = englishAudit();
  const out = formatters.json([audit], opts);
  assert.ok(out.startsWith('{\n  "schemaVersion": "1",'), 'pretty-printed, schemaVersion first');
  const parsed = JSON.parse(out) as unknown;
  assert.deepEqual(parsed, audit);
  const v = validateAudit(parsed);
  assert.deepEqual(v.errors, []);
  assert.equal(v.ok, true);
});

test('json: keys keep the order the audit was built in', () => {
  const out = formatters.json([englishAudit()], opts);
  const keys = Object.keys(JSON.parse(out) as object);
  assert.deepEqual(keys, Object.keys(englishAudit()));
  assert.equal(keys[0], 'schemaVersion');
});

test('json: several audits become JSON Lines, each line a valid audit', () => {
  const out = formatters.json([englishAudit(), chineseAudit()], opts);
  const lines = out.split('\n').filter((l) => l !== '');
  assert.equal(lines.length, 2);
  for (const line of lines) {
    assert.ok(validateAudit(JSON.parse(line)).ok);
  }
  assert.equal((JSON.parse(lines[1]) as Audit).document.source, ZH_SOURCE);
});

test('jsonl: always one compact line per audit', () => {
  const out = formatters.jsonl([chineseAudit()], opts);
  assert.equal(out.split('\n').length, 2); // one line + trailing newline
  assert.ok(out.endsWith('\n'));
  assert.deepEqual(JSON.parse(out), chineseAudit());
  assert.equal(formatters.jsonl([], opts), '');
});

// --- schema -----------------------------------------------------------------------------------

test('schema: a missing required field fails and is named', () => {
  const broken = clone(englishAudit()) as unknown as { document: Record<string, unknown> };
  delete broken.document.sha256;
  const v = validateAudit(broken);
  assert.equal(v.ok, false);
  assert.ok(v.errors.some((e) => e.includes('/document') && e.includes('sha256')), v.errors.join('\n'));
});

test('schema: enum violations are reported at their path', () => {
  const bad = clone(englishAudit()) as unknown as Audit;
  (bad.indicators[0] as { status: string }).status = 'maybe';
  (bad.claims[0] as { kind: string }).kind = 'vibes';
  (bad.claims[1] as { verdict: string }).verdict = 'true';
  (bad.unsaid as { language: string }).language = 'fr';
  const v = validateAudit(bad);
  assert.equal(v.ok, false);
  for (const path of ['/indicators/0/status', '/claims/0/kind', '/claims/1/verdict', '/unsaid/language']) {
    assert.ok(v.errors.some((e) => e.startsWith(path + ' ')), `${path} in ${v.errors.join(' | ')}`);
  }
});

test('schema: extra top-level fields are allowed, wrong types are not', () => {
  const extra = { ...clone(englishAudit()), generatedBy: 'ci' };
  assert.equal(validateAudit(extra).ok, true);
  const wrong = clone(englishAudit()) as unknown as { indicators: Array<{ evidence: Array<{ start: unknown }> }> };
  wrong.indicators[0].evidence[0].start = '12';
  const v = validateAudit(wrong);
  assert.equal(v.ok, false);
  assert.ok(v.errors.some((e) => e.startsWith('/indicators/0/evidence/0/start')), v.errors.join('\n'));
  assert.equal(validateAudit(null).ok, false);
  assert.equal(validateAudit({ ...clone(englishAudit()), schemaVersion: '2' }).ok, false);
});

// --- stylish ----------------------------------------------------------------------------------

test('stylish: no ANSI codes without colour, ANSI codes with colour', () => {
  const plain = formatters.stylish([englishAudit()], { ...opts, color: false });
  assert.doesNotMatch(plain, ANSI);
  const coloured = formatters.stylish([englishAudit()], { ...opts, color: true });
  assert.match(coloured, ANSI);
});

test('stylish: document control characters and bidi overrides never reach the terminal', () => {
  for (const color of [false, true]) {
    const out = formatters.stylish([englishAudit()], { ...opts, color });
    // Our own colour codes are ESC + "[" + digits + "m"; remove them and nothing control-like may remain.
    const withoutOwnColour = out.replace(/\u001b\[[0-9;]*m/g, '');
    assert.doesNotMatch(withoutOwnColour.replace(/\n/g, ''), RAW_CONTROLS);
    assert.ok(!out.includes('\u001b[31mred'), 'the document ESC sequence is stripped');
    assert.ok(!out.includes('\u0007'));
  }
  const out = formatters.stylish([englishAudit()], opts);
  assert.ok(out.includes('Safety was evaluated [31mred[0m by gnp.exe the teamx.'), 'the visible text survives');
});

test('stylish: header, score, groups, claims, gaps, questions, summary', () => {
  const audit = englishAudit();
  const out = formatters.stylish([audit], opts);
  const lines = out.split('\n');
  assert.equal(lines[0], EN_SOURCE);
  assert.match(out, /score 65\.0\/100 \(6\.5 of 10 points\)/);
  // Groups in rubric order, with rubric titles.
  const order = ['Training data', 'Model facts', 'Capabilities and evaluation', 'Risks and safety', 'Claims', "What they didn't say", 'Questions for the vendor'];
  const positions = order.map((h) => lines.findIndex((l) => l.trim() === h));
  assert.ok(positions.every((p) => p > 0), `all sections present: ${positions}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions);
  const params = lines.find((l) => l.includes('model.parameters'))!;
  assert.match(params, /✔\s+model\.parameters\s+Parameter count\s+3:1\s+"Example-7B has 7 billion/);
  assert.match(params, /parameters=7B/);
  assert.match(lines.find((l) => l.includes(' data.size '))!, /✖\s+data\.size/);
  assert.match(lines.find((l) => l.includes('data.sources') && l.includes('◐'))!, /4:1/);
  const claim = lines.find((l) => l.includes('Unsubstantiated'))!;
  assert.match(claim, /superiority\s+9:1/);
  // Setup items by their reader-facing labels (an id the rules do not know stays as it is).
  assert.match(claim, /missing: which models; as of when; no-such-item/);
  assert.ok(out.includes('The document does not say how much data the model was trained on.'));
  assert.match(out, /3 disclosed, 3 partly disclosed, 1 not disclosed/);
  assert.match(out, /2 claims, 1 unsubstantiated/);
});

test('stylish: quotes are single-line and truncated to about 100 characters', () => {
  const out = formatters.stylish([englishAudit()], opts);
  const claim = out.split('\n').find((l) => l.includes('Unsubstantiated'))!;
  const quote = /"([^"]*)"/.exec(claim)![1];
  assert.ok(quote.endsWith('…'), quote);
  assert.ok(quote.length <= 100, `${quote.length}`);
  assert.ok(quote.startsWith('Example-7B is the best open model'));
});

test('stylish: Chinese audit speaks Chinese and aligns wide characters', () => {
  const out = formatters.stylish([chineseAudit()], opts);
  assert.match(out, /得分 60\.0\/100/);
  for (const heading of ['训练数据', '宣称', '没有说明的内容', '可以向发布方提出的问题']) assert.ok(out.includes(heading), heading);
  assert.ok(out.includes('文件没有说明训练数据的规模。'));
  assert.ok(out.includes('缺少：与哪些模型比较、截至何时'), 'setup items by their Chinese labels');
  // Title column: "参数量" (6 cells) and "基准测试结果" (12 cells) padded to the same width,
  // so the line:col column starts at the same display column.
  const a = out.split('\n').find((l) => l.includes('model.parameters'))!;
  const b = out.split('\n').find((l) => l.includes('eval.benchmarks'))!;
  const cells = (s: string) => [...s].reduce((n, ch) => n + (/[\u3000-\u9fff\uff00-\uffef]/.test(ch) ? 2 : 1), 0);
  assert.equal(cells(a.slice(0, a.indexOf('3:1'))), cells(b.slice(0, b.indexOf('5:1'))));
});

// --- markdown ---------------------------------------------------------------------------------

function parseMd(md: string): Root {
  return unified().use(remarkParse).use(remarkGfm).parse(md) as Root;
}

test('markdown: document text cannot inject HTML or links', () => {
  const md = formatters.markdown([englishAudit()], opts);
  assert.ok(!md.includes('<script>'), 'no raw script tag');
  assert.ok(!md.includes('<img'), 'no raw img tag');
  assert.ok(md.includes('&lt;script&gt;'));
  assert.doesNotMatch(md, /(?<!\\)\]\(/, 'no unescaped link syntax');
  assert.ok(md.includes('`https://evil.example/a.png`'), 'a bare URL is shown as code, not linked');
  const tree = parseMd(md);
  const bad: string[] = [];
  visit(tree, (node) => {
    if (node.type === 'html') bad.push(`html: ${(node as { value: string }).value}`);
    if (node.type === 'image' || node.type === 'imageReference' || node.type === 'linkReference') bad.push(node.type);
    // The report itself has no links, so any link came from the document.
    if (node.type === 'link') bad.push(`link: ${(node as { url: string }).url}`);
    // Our own emphasis is only for review notes; none here, so any emphasis came from the document.
    if (node.type === 'emphasis' || node.type === 'strong') {
      const text = JSON.stringify(node);
      if (text.includes('bold')) bad.push(`${node.type} from the document`);
    }
    // Code spans: indicator ids (ours) and URLs (made inert on purpose); the document's `code` is escaped.
    if (node.type === 'inlineCode') {
      const v = (node as { value: string }).value;
      if (!/^[a-z]+\.[a-z-]+$/.test(v) && !v.startsWith('https://evil.example/')) bad.push(`inlineCode: ${v}`);
    }
  });
  assert.deepEqual(bad, []);
});

test('markdown: rendered text of a hostile quote equals the quote', () => {
  const md = formatters.markdown([englishAudit()], opts);
  const tree = parseMd(md);
  let found = false;
  visit(tree, 'blockquote', (node) => {
    const texts: string[] = [];
    visit(node, (t) => {
      if (t.type === 'text' || t.type === 'inlineCode') texts.push((t as { value: string }).value);
    });
    const joined = texts.join('');
    if (joined.includes('Placeholder')) {
      found = true;
      assert.ok(joined.endsWith(SCRIPT_QUOTE), joined);
    }
  });
  assert.ok(found, 'the placeholder quote is in a blockquote');
});

test('markdown: a pipe in a claim does not break the claims table', () => {
  const audit = englishAudit();
  audit.claims[0].quote = 'A | B | C and `x` <b>';
  const tree = parseMd(formatters.markdown([audit], opts));
  let tables = 0;
  visit(tree, 'table', (t) => {
    tables++;
    const width = t.children[0].children.length;
    for (const row of t.children) assert.equal(row.children.length, width);
  });
  assert.equal(tables, 2, 'summary table and claims table');
});

test('markdown: structure and line numbers', () => {
  const md = formatters.markdown([englishAudit()], opts);
  assert.match(md, /^# Transparency audit: Example-7B model card$/m);
  assert.match(md, /^\| Training data \| 0 \| 2 \| 1 \|$/m);
  assert.match(md, /^ {2}> \*\*line 3:\*\* Example-7B has 7 billion parameters/m);
  assert.match(md, /^## What they didn't say$/m);
  assert.match(md, /^1\. Which datasets, crawls/m);
});

test('escapeMarkdown: leading block markers and inline syntax are neutralised', () => {
  assert.equal(escapeMarkdown('# heading'), '\\# heading');
  assert.equal(escapeMarkdown('- item'), '\\- item');
  assert.equal(escapeMarkdown('1. item'), '1\\. item');
  assert.equal(escapeMarkdown('6.5 points'), '6.5 points');
  assert.equal(escapeMarkdown('a_b*c`d|e~f$g[h]i\\j'), 'a\\_b\\*c\\`d\\|e\\~f\\$g\\[h\\]i\\\\j');
  assert.equal(escapeMarkdown('<a href="x">&'), '&lt;a href="x"&gt;&amp;');
  assert.equal(escapeMarkdown('two\nlines\u202e'), 'two lines');
});

// --- html -------------------------------------------------------------------------------------

test('html: self-contained, no script, no external references', () => {
  const out = formatters.html([englishAudit(), chineseAudit()], opts);
  assert.ok(out.startsWith('<!doctype html>'));
  assert.match(out, /<html lang="en">/);
  assert.match(out, /<meta charset="utf-8">/);
  assert.ok(out.includes(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`));
  assert.doesNotMatch(out, /<script/i);
  assert.ok(out.includes('&lt;script&gt;alert(1)&lt;/script&gt;'));
  // Every src/href attribute in a real tag points inside the page.
  const tags = out.match(/<[a-zA-Z][^>]*>/g) ?? [];
  const refs: string[] = [];
  for (const tag of tags) {
    for (const m of tag.matchAll(/\s(src|href|action|poster|srcset)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi)) refs.push(m[2].replace(/^["']|["']$/g, ''));
  }
  assert.ok(refs.length > 0, 'there are in-page links');
  for (const r of refs) assert.ok(r.startsWith('#'), `external reference: ${r}`);
  assert.doesNotMatch(tags.join(''), /https?:/i);
  assert.doesNotMatch(out, /url\(/i, 'no CSS url()');
  assert.doesNotMatch(out, /@import/i);
  assert.doesNotMatch(out, RAW_CONTROLS);
});

test('html: Chinese audit gets <html lang="zh"> and Chinese sections', () => {
  const out = formatters.html([chineseAudit()], opts);
  assert.match(out, /<html lang="zh">/);
  assert.ok(out.includes('没有说明的内容'));
  assert.ok(out.includes('可以向发布方提出的问题'));
  assert.ok(out.includes('文件没有说明训练数据的规模。'));
  assert.ok(out.includes('已披露'));
});

test('html: evidence is highlighted exactly, escaped inside the mark', () => {
  const out = formatters.html([englishAudit()], opts);
  // data.composition is the 3rd indicator (index 2): its evidence anchor is a0-e2-0.
  const m = /<span id="a0-e2-0"><\/span><mark[^>]*>([^<]*)<\/mark>/.exec(out);
  assert.ok(m, 'mark after the anchor');
  assert.equal(unescapeHtml(m[1]), SCRIPT_QUOTE);
  const sources = /<span id="a0-e0-0"><\/span><mark title="data\.sources">([^<]*)<\/mark>/.exec(out);
  assert.ok(sources);
  assert.equal(sources[1], 'We trained on a mix of public data.');
  // The control quote is highlighted with its controls removed and nothing else changed.
  const ctl = /<span id="a0-e6-0"><\/span><mark[^>]*>([^<]*)<\/mark>/.exec(out)!;
  assert.equal(unescapeHtml(ctl[1]), CONTROL_QUOTE.replace(/[\u0000-\u001f\u202a-\u202e\u2066-\u2069]/g, ''));
});

/** Rebuilds text and per-character mark depth from highlight() output. */
function readMarks(h: string): { text: string; depth: number[]; marks: string[] } {
  let text = '';
  const depth: number[] = [];
  const marks: string[] = [];
  let open = 0;
  let current = '';
  for (const tok of h.match(/<[^>]+>|[^<]+/g) ?? []) {
    if (tok.startsWith('<mark')) {
      open++;
      current = '';
    } else if (tok === '</mark>') {
      open--;
      marks.push(current);
    } else if (tok.startsWith('<')) {
      continue;
    } else {
      const t = unescapeHtml(tok);
      for (let i = 0; i < t.length; i++) depth.push(open);
      text += t;
      if (open) current += t;
    }
  }
  return { text, depth, marks };
}

test('highlight: overlapping ranges are split at every boundary and cover exactly their text', () => {
  const text = 'abc <b> def & ghi "jkl"';
  //            0123456789...
  const ranges = [
    { start: 2, end: 10, label: 'one', anchor: 'r1', claim: false },
    { start: 5, end: 15, label: 'two', anchor: 'r2', claim: false },
    { start: 18, end: 23, label: 'three', anchor: 'r3', claim: true },
  ];
  const h = highlight(text, ranges);
  const { text: back, depth, marks } = readMarks(h);
  assert.equal(back, text, 'all text is kept, unescaped it is the original');
  const covered = (i: number) => ranges.some((r) => r.start <= i && i < r.end);
  for (let i = 0; i < text.length; i++) assert.equal(depth[i] > 0, covered(i), `char ${i} (${text[i]})`);
  assert.deepEqual(marks, [text.slice(2, 5), text.slice(5, 10), text.slice(10, 15), text.slice(18, 23)]);
  assert.match(h, /<mark class="x" title="one, two">/);
  assert.match(h, /<mark class="c" title="three">&quot;jkl&quot;<\/mark>/);
  assert.ok(!/<mark[^>]*><mark/.test(h), 'marks are never nested');
  assert.ok(h.indexOf('<span id="r2"></span>') < h.indexOf('<mark class="x"'));
});

test('highlight: out-of-range and surrogate-splitting offsets are repaired, not trusted', () => {
  const text = 'a😀b';
  const h = highlight(text, [
    { start: 2, end: 99, label: 'x', anchor: 'x', claim: false }, // starts inside the emoji, ends past the text
    { start: 7, end: 3, label: 'y', anchor: 'y', claim: false }, // empty after clamping
  ]);
  assert.equal(h, 'a<span id="x"></span><mark title="x">😀b</mark>');
});

test('escapeHtml: escapes attribute and element specials, strips controls', () => {
  assert.equal(escapeHtml(`<a href="x" onclick='y'>&</a>`), '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  assert.equal(escapeHtml('a\u202Eb\u0000c\nd'), 'abc\nd');
});

// --- registry ---------------------------------------------------------------------------------

test('registry: built-ins by name, usage error for unknown names', async () => {
  assert.deepEqual(Object.keys(formatters).sort(), ['html', 'json', 'jsonl', 'markdown', 'stylish']);
  assert.equal(getFormatter('markdown'), formatters.markdown);
  assert.equal(await loadFormatter('json'), formatters.json);
  assert.throws(() => getFormatter('sarif'), (e: unknown) => e instanceof UnsaidError && e.kind === 'usage' && /sarif/.test(e.message));
  await assert.rejects(loadFormatter('nope'), (e: unknown) => e instanceof UnsaidError && e.kind === 'usage');
  await assert.rejects(loadFormatter('./missing-formatter.mjs'), (e: unknown) => e instanceof UnsaidError && e.kind === 'usage');
  assert.throws(() => getFormatter('toString'), UnsaidError, 'no prototype lookups');
});

test('registry: a user formatter module is loaded by path', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'unsaid-fmt-'));
  try {
    writeFileSync(join(dir, 'count.mjs'), 'export default (audits) => audits.map((a) => a.document.source + " " + a.score.percent).join("\\n");\n');
    writeFileSync(join(dir, 'bad.mjs'), 'export const notDefault = 1;\n');
    writeFileSync(join(dir, 'number.mjs'), 'export default () => 42;\n');
    const f = await loadFormatter('count.mjs', dir);
    assert.equal(f([englishAudit()], opts), `${EN_SOURCE} 65`);
    const abs = await loadFormatter(join(dir, 'count.mjs'));
    assert.equal(abs([chineseAudit()], opts), `${ZH_SOURCE} 60`);
    await assert.rejects(loadFormatter('bad.mjs', dir), (e: unknown) => e instanceof UnsaidError && e.kind === 'usage');
    const n = await loadFormatter('number.mjs', dir);
    assert.throws(() => n([englishAudit()], opts), UnsaidError);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('formatters are deterministic and handle no audits', () => {
  for (const [name, f] of Object.entries(formatters)) {
    const a = f([englishAudit(), chineseAudit()], opts);
    const b = f([englishAudit(), chineseAudit()], opts);
    assert.equal(a, b, name);
    assert.doesNotMatch(a, /\b20\d\d-\d\d-\d\d/, `${name}: no dates`);
    assert.equal(typeof f([], opts), 'string');
  }
});

test('formatters work without a rubric or document text', () => {
  const bare = { color: false };
  const s = formatters.stylish([englishAudit()], bare);
  assert.match(s, /✔\s+model\.parameters\s+3:1/);
  const h = formatters.html([englishAudit()], bare);
  assert.ok(!h.includes('<mark'), 'no document view without text');
  assert.ok(h.includes('<code>model.parameters</code>'));
  const md = formatters.markdown([englishAudit()], bare);
  assert.match(md, /^### data$/m, 'group id used as heading');
});

// --- score ------------------------------------------------------------------------------------

function mini(): Rubric {
  const r = sampleRubric();
  r.indicators = r.indicators.slice(0, 3); // weights 2, 1, 1
  return r;
}
function f(id: string, status: Finding['status'], review?: Finding['status']): Finding {
  return {
    id,
    group: 'data',
    status,
    evidence: [],
    facts: {},
    ...(review ? { review: { status: review, reviewer: 'ed', at: '2026-01-01T00:00:00Z', machineStatus: status } } : {}),
  };
}

test('score: weight × points per status, over the sum of weights', () => {
  // 2×1 + 1×0.5 + 1×0 = 2.5 of 4 → 62.5%
  const s = computeScore([f('data.sources', 'disclosed'), f('data.size', 'partial'), f('data.composition', 'absent')], mini());
  assert.deepEqual(s, { value: 2.5, max: 4, percent: 62.5 });
});

test('score: review status wins, missing findings count as absent, unknown ids are ignored', () => {
  const s = computeScore([f('data.sources', 'absent', 'partial'), f('nope.x', 'disclosed')], mini());
  assert.deepEqual(s, { value: 1, max: 4, percent: 25 });
});

test('score: percent is rounded to one decimal; custom scoring is used', () => {
  const r = mini();
  r.indicators = r.indicators.map((i) => ({ ...i, weight: 1 }));
  assert.equal(computeScore([f('data.sources', 'disclosed')], r).percent, 33.3);
  assert.equal(computeScore([f('data.sources', 'disclosed'), f('data.size', 'disclosed')], r).percent, 66.7);
  r.scoring = { disclosed: 1, partial: 0.25, absent: 0 };
  assert.deepEqual(computeScore([f('data.sources', 'partial'), f('data.size', 'partial'), f('data.composition', 'partial')], r), {
    value: 0.75,
    max: 3,
    percent: 25,
  });
  r.indicators = [];
  assert.deepEqual(computeScore([], r), { value: 0, max: 0, percent: 0 });
});

test('score: the fixture audit score matches the formula', () => {
  // partial 2×.5 + absent 0 + partial 1×.5 + disclosed 2 + disclosed 1 + disclosed 1 + partial 2×.5 = 6.5 of 10
  assert.deepEqual(englishAudit().score, { value: 6.5, max: 10, percent: 65 });
  assert.ok(EN_TEXT.length > 0);
});
