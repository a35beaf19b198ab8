import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { ingestHtml, decodeEntities } from '../../src/ingest/html.js';
import { segment } from '../../src/segment/index.js';
import { UnsaidError } from '../../src/errors.js';
import { assertOffsets, readFixture, utf8 } from './util.js';

const meta = { source: 'page.html', sha256: 'x', bytes: 0, encoding: 'utf-8' };

test('main content only: nav, header, footer, sidebar, scripts, styles, cookie banner and alt text are dropped', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-page.html'), source: 'orca-7b-page.html' });
  assert.equal(doc.format, 'html');
  for (const gone of ['Careers at Example Labs', 'Products', 'Accept all cookies', 'FOOTER LEGAL TEXT', 'SIDEBAR TEASER', 'TRACKING SCRIPT', 'INLINE BODY SCRIPT', 'font-family', 'ALT TEXT', 'Privacy', 'Reject']) {
    assert.ok(!doc.text.includes(gone), `"${gone}" should not be in the text`);
  }
  for (const kept of ['Today we release Orca-7B, a decoder-only language model with 7.2 billion parameters.', 'Dr. Smith led the data review.', '训练数据包括公开网页。']) {
    assert.ok(doc.text.includes(kept), `"${kept}" should be in the text`);
  }
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  assert.deepEqual(doc.headings.map((h) => [h.depth, h.text]), [[1, 'Introducing Orca-7B'], [2, 'Training data'], [2, 'Evaluation'], [3, 'Limitations']]);
  const rows = doc.blocks.filter((b) => b.kind === 'table-row').map((b) => [doc.text.slice(b.start, b.end), b.table]);
  assert.deepEqual(rows, [
    ['| Benchmark | Orca-7B | Orca-3B |', { id: 0, row: 0 }],
    ['| ReadBench | 61.2 | 57.7 |', { id: 0, row: 1 }],
    ['| MathBench | 34.0 | 28.1 |', { id: 0, row: 2 }],
  ]);
  assert.deepEqual(doc.blocks.filter((b) => b.kind === 'list').map((b) => doc.text.slice(b.start, b.end)), ['Web pages (70%)', 'Books (20%)', 'Source code (10%)']);
  assert.ok(doc.blocks.some((b) => b.kind === 'quote' && doc.text.slice(b.start, b.end) === 'The model can produce incorrect or biased text.'));
  assert.ok(doc.blocks.some((b) => b.kind === 'code' && doc.text.slice(b.start, b.end) === 'pip install orca-7b\norca run --prompt "hello"'));
  assert.deepEqual(sentences.find((s) => s.text.startsWith('| ReadBench'))?.headingPath, ['Introducing Orca-7B', 'Evaluation']);
  assert.deepEqual(sentences.filter((s) => s.block === doc.blocks.findIndex((b) => doc.text.slice(b.start, b.end).startsWith('We filtered'))).map((s) => s.text), [
    'We filtered personal information, e.g. e-mail addresses, before training.',
    'Dr. Smith led the data review.',
    'The data mix was:',
  ]);

  assert.equal(doc.title, 'Introducing Orca-7B');
  assert.equal(doc.frontMatter.description, 'Orca-7B is an open 7B language model from Example Labs.');
  assert.equal(doc.frontMatter.author, 'Example Labs Research');
  assert.equal(doc.frontMatter.date, '2025-03-03T09:00:00Z');
  assert.equal(doc.frontMatter.license, 'https://www.apache.org/licenses/LICENSE-2.0');
  assert.equal(doc.language, 'en');
});

test('no <main>/<article>: body with boilerplate skipped; h1 gives the title when there is no <title>', () => {
  const html = `<html><body><div class="navbar"><a href="/">Home</a> <a href="/x">Models</a></div>
    <div class="content"><h1>Orca-7B card</h1><p>The model has 7.2B parameters and was trained on 1.4T tokens.</p>
    <p>It is licensed under Apache 2.0 and <b>supports</b> English and <i>Chinese</i>.</p></div>
    <div id="footer">Copyright Example Labs</div><div style="display:none">HIDDEN TEXT</div><div hidden>ALSO HIDDEN</div></body></html>`;
  const doc = ingestHtml(html, meta);
  assert.equal(doc.title, 'Orca-7B card');
  assert.ok(!/Home|Copyright|HIDDEN/.test(doc.text), doc.text);
  assert.ok(doc.text.includes('It is licensed under Apache 2.0 and supports English and Chinese.'));
  assertOffsets(doc, segment(doc));
});

test('sloppy HTML: unclosed p/li/td, entities, br, nested lists and tables, CJK line breaks', () => {
  const html = `<main><p>First &amp; only&nbsp;para<p>Second para &#169; &#x4E2D;
    <ul><li>one<li>two<ul><li>two.a</ul><li>three</ul>
    <table><tr><th>Model<th>Score<tr><td>Orca<td>61.2<tr><td>Nested<td><table><tr><td>inner</td></tr></table></td></table>
    <p>训练数据
    包括网页。<br>Line two</main>`;
  const doc = ingestHtml(html, meta);
  const blocks = doc.blocks.map((b) => `${b.kind}:${doc.text.slice(b.start, b.end)}`);
  assert.deepEqual(blocks, [
    'prose:First & only para',
    'prose:Second para © 中',
    'list:one',
    'list:two',
    'list:two.a',
    'list:three',
    'table-row:| Model | Score |',
    'table-row:| Orca | 61.2 |',
    'table-row:| Nested | inner |',
    'prose:训练数据包括网页。 Line two',
  ]);
  assertOffsets(doc, segment(doc));
});

test('a 5 MB page comes through whole (hang guard: 60 s)', { timeout: 60_000 }, () => {
  const para = '<p>Orca-7B was trained on public data. It has 7.2 billion parameters, and it scores 61.2 on ReadBench.</p>\n';
  const html = '<html><head><title>Big</title></head><body><nav>menu</nav><main>' + para.repeat(Math.ceil(5_000_000 / para.length)) + '</main></body></html>';
  const doc = ingestHtml(html, meta);
  assert.ok(html.length > 5_000_000);
  assert.ok(doc.blocks.length > 40_000);
});

test('100 000 nested elements: no stack overflow, the text comes through', async () => {
  const depth = 100_000;
  const html = '<html><body>' + '<div>'.repeat(depth) + '<p>Deep text about Orca-7B.</p>' + '</div>'.repeat(depth) + '</body></html>';
  const doc = await ingest({ bytes: utf8(html), source: 'deep.html' });
  assert.equal(doc.text, 'Deep text about Orca-7B.');
  const unclosed = '<body>' + '<div><span><section>'.repeat(depth) + 'Unclosed deep text.';
  const d2 = await ingest({ bytes: utf8(unclosed), source: 'deep2.html' });
  assert.equal(d2.text, 'Unclosed deep text.');
});

test('a page with no text is unsupported; meta charset is honoured', async () => {
  assert.throws(() => ingestHtml('<html><head><title>x</title><script>var a = 1;</script></head><body><img src="a.png" alt="only an image"></body></html>', meta), (e: unknown) => e instanceof UnsaidError && e.kind === 'unsupported');
  // GBK bytes declared by <meta charset="gbk"> (bytes built by hand: 模型 = C4 A3 D0 CD).
  const head = utf8('<html><head><meta charset="gbk"><title>t</title></head><body><p>');
  const tail = utf8('</p></body></html>');
  const bytes = new Uint8Array([...head, 0xc4, 0xa3, 0xd0, 0xcd, ...tail]);
  const doc = await ingest({ bytes, source: 'gbk.html' });
  assert.equal(doc.encoding, 'gb18030');
  assert.equal(doc.text, '模型');
});

test('entities', () => {
  assert.equal(decodeEntities('a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &#x1F600; &mdash; &unknown; &amp'), 'a & b <c> "d" \'e\' 😀 — &unknown; &');
});

test('a block keeps the targets of its links (the text shows only the link text); nav links are dropped with the nav', async () => {
  const html =
    '<html><body><nav><a href="https://example.org/home">Home</a></nav><main><h1>Orca-7B</h1>' +
    '<p>Get the weights: <a href="https://huggingface.co/orca/orca-7b">Download</a>.</p>' +
    '<table><tr><th>Model</th><th>Link</th></tr><tr><td>Orca-7B</td><td><a href="https://modelscope.cn/models/orca/orca-7b">ModelScope</a></td></tr></table>' +
    '<p>No links here.</p><p><a href="javascript:alert(1)">x</a> and <a href="/relative">y</a></p></main></body></html>';
  const doc = await ingest({ bytes: utf8(html), source: 'page.html' });
  const linksOf = (needle: string) => doc.blocks.find((b) => doc.text.slice(b.start, b.end).includes(needle))?.links;
  assert.ok(!doc.text.includes('huggingface.co'), 'the text shows the link text only');
  assert.deepEqual(linksOf('Get the weights'), ['https://huggingface.co/orca/orca-7b']);
  assert.deepEqual(linksOf('| Orca-7B |'), ['https://modelscope.cn/models/orca/orca-7b']);
  assert.equal(linksOf('No links here'), undefined);
  assert.equal(linksOf('and y'), undefined, 'only absolute http(s) targets');
  assert.ok(!doc.blocks.some((b) => b.links?.includes('https://example.org/home')));
});
