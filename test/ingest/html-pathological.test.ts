/**
 * Hostile HTML must not hang ingest: every input ends in a Doc or an UnsaidError. A hang guard, not a
 * speed target (those live in `npm run fuzz` and `npm run bench`): each case runs in well under 0.5 s,
 * and only a blow-up (minutes, as several took before the Readability guards) trips the 60 s timeout.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { domWithin } from '../../src/ingest/html.js';
import { UnsaidError } from '../../src/errors.js';
import { assertOffsets, utf8 } from './util.js';

const nest = (tag: string, depth: number, inner = '') => `<${tag}>`.repeat(depth) + inner + `</${tag}>`.repeat(depth);

const CASES: Array<[string, () => string]> = [
  ['<noscript> x 20 000 (200 KB)', () => '<noscript>'.repeat(20000)],
  ['<tr> x 20 000', () => '<tr>'.repeat(20000)],
  ['<p> x 6 600', () => '<p>'.repeat(6600)],
  ['<p> x 20 000 with text', () => `<body>${'<p>'.repeat(20000)}The model was evaluated on twelve benchmarks.`],
  ['<div> x 50 000', () => '<div>'.repeat(50000)],
  ['<table><tr><td> x 5 000', () => '<table><tr><td>'.repeat(5000)],
  ['<ul><li> x 20 000', () => '<ul><li>'.repeat(20000)],
  ['1 MB of <a href=x>x</a>', () => '<a href=x>x</a>'.repeat(70000)],
  ['unclosed <script> with 1 MB after it', () => `<p>Intro text.</p><script>${'var x = "<p>y</p>";\n'.repeat(50000)}`],
  ['<noscript> nesting', () => nest('noscript', 10000, 'hidden text')],
  ['<noscript><div> nesting', () => '<noscript><div>'.repeat(10000) + 'hi' + '</div></noscript>'.repeat(10000)],
  ['<noscript> nested 119 deep, 66 times', () => nest('noscript', 119).repeat(66)],
  ['<div> 119 deep, then 7 800 <div>s', () => '<div>'.repeat(119) + '<div>Word, words, more.</div>'.repeat(7800)],
  ['<div> x 20 000 then </p> x 20 000', () => '<div>'.repeat(20000) + '</p>'.repeat(20000)],
  ['<div> x 20 000 then <header> x 20 000', () => '<div>'.repeat(20000) + '<header>x</header>'.repeat(20000)],
  ['<pre> with 300 000 inner spaces', () => `<pre>a${' '.repeat(300000)}b</pre>`],
  ['<a> x 3 000 then <table><b><i><table> x 500', () => '<html>' + '<a>'.repeat(3000) + '<table><b><i><table>'.repeat(500)],
  ['<option> x 20 000', () => '<select>' + '<option>'.repeat(20000)],
  ['<svg> self-closing soup', () => `<svg>${'<path d="M0 0"/>'.repeat(30000)}</svg><p>After the drawing.</p>`],
];

for (const [name, make] of CASES) {
  test(`pathological HTML ends in a Doc or a one-line error: ${name}`, { timeout: 60_000 }, async () => {
    const bytes = utf8(make());
    try {
      const doc = await ingest({ bytes, source: 'x.html' });
      assert.equal(doc.format, 'html');
      assertOffsets(doc);
    } catch (e) {
      assert.ok(e instanceof UnsaidError, `expected a Doc or an UnsaidError, got ${String(e)}`);
    }
  });
}

test('domWithin mirrors linkedom: implied closes keep tag soup shallow, real nesting does not', () => {
  assert.equal(domWithin('<p>'.repeat(500), 10, 1e6, 1e9), true); // <p> closes <p>
  assert.equal(domWithin('<ul>' + '<li>a'.repeat(500), 10, 1e6, 1e9), true); // <li> closes <li>
  assert.equal(domWithin('<tr>'.repeat(500), 10, 1e6, 1e9), true);
  assert.equal(domWithin('<div>'.repeat(11), 10, 1e6, 1e9), false);
  assert.equal(domWithin('<noscript>'.repeat(11), 100, 1e6, 1e9), false); // nested <noscript>
  assert.equal(domWithin('<noscript><img></noscript>'.repeat(50), 10, 1e6, 1e9), true);
  assert.equal(domWithin(`<script>${'<div>'.repeat(50)}</script>`, 10, 1e6, 1e9), true); // raw text
  assert.equal(domWithin(`<svg>${'<path/>'.repeat(50)}</svg>`, 10, 1e6, 1e9), true);
  assert.equal(domWithin('<b>x</b>'.repeat(101), 10, 100, 1e9), false); // element count
  assert.equal(domWithin(`${'<div>'.repeat(10)}${'<i>x</i>'.repeat(100)}`, 20, 1e6, 1000), false); // depth sum
  // Tag soup: thousands of elements around almost no text.
  assert.equal(domWithin('<p>'.repeat(5000), 10, 1e6, 1e9), false);
  assert.equal(domWithin('<p>A sentence of ordinary text.</p>'.repeat(5000), 10, 1e6, 1e9), true);
});

test('a normal page still goes through Readability and keeps its main content', async () => {
  const para = (i: number) => `<p>Paragraph ${i} of the report explains, in some detail, how the model was trained and evaluated on public benchmarks.</p>`;
  const html = `<!doctype html><html><head><title>Model report</title></head><body>
    <nav class="site-nav"><a href="/">Home</a><a href="/blog">Blog</a></nav>
    <div class="content"><h1>Model report</h1>${Array.from({ length: 40 }, (_, i) => para(i)).join('\n')}</div>
    <footer>Copyright footer text</footer></body></html>`;
  const doc = await ingest({ bytes: utf8(html), source: 'report.html' });
  assert.ok(doc.text.includes('Paragraph 39 of the report'));
  assert.ok(!doc.text.includes('Copyright footer text'));
  assert.ok(!doc.text.includes('Blog'));
  assertOffsets(doc);
});
