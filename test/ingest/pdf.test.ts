import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { UnsaidError } from '../../src/errors.js';
import { assertOffsets, readFixture, utf8 } from './util.js';

const unsupported = (re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof UnsaidError, `expected UnsaidError, got ${String(e)}`);
  assert.equal(e.kind, 'unsupported');
  assert.match(e.message, re);
  assert.ok(!e.message.includes('\n'));
  return true;
};

test('English PDF (printed by Chromium): headings, paragraphs, list items and table rows', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-report.pdf'), source: 'orca-7b-report.pdf' });
  assert.equal(doc.format, 'pdf');
  assert.equal(doc.language, 'en');
  assert.equal(doc.title, 'Orca-7B Technical Report');
  assert.deepEqual(doc.headings.map((h) => [h.depth, h.text]), [
    [1, 'Orca-7B Technical Report'],
    [1, '1 Introduction'],
    [1, '2 Training'],
    [2, '2.1 Training Data'],
    [2, '2.2 Compute'],
    [1, '3 Evaluation'],
    [1, '4 Limitations'],
  ]);
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  // Hard-wrapped lines are joined: the paragraph is one block, its sentences split as usual.
  const intro = sentences.filter((s) => s.headingPath.join('/') === '1 Introduction' && s.kind === 'prose').map((s) => s.text);
  assert.deepEqual(intro, [
    'Orca-7B is a decoder-only language model with 7.2 billion parameters, trained by Example Labs.',
    'It is released under the Apache 2.0 licence.',
    'This report describes the training data, the architecture and the evaluation of the model.',
  ]);
  assert.ok(sentences.some((s) => s.text === 'Personal information was filtered with a rule-based scrubber, e.g. e-mail addresses and phone numbers.'));
  assert.deepEqual(sentences.filter((s) => s.kind === 'list').map((s) => s.text), ['Web pages: 70% of tokens', 'Books: 20% of tokens', 'Source code: 10% of tokens']);
  const rows = sentences.filter((s) => s.kind === 'table-row');
  assert.deepEqual(rows.map((s) => s.text), ['| Benchmark | Orca-7B | Orca-3B |', '| ReadBench | 61.2 | 57.7 |', '| MathBench | 34.0 | 28.1 |']);
  assert.deepEqual(rows.map((s) => s.table), [{ id: 0, row: 0 }, { id: 0, row: 1 }, { id: 0, row: 2 }]);
  assert.deepEqual(rows[1].headingPath, ['3 Evaluation']);
  assert.equal(doc.frontMatter.title, 'Orca-7B Technical Report');
});

test('Chinese PDF: zh, lines joined without spaces, closing quote kept with its sentence', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-report-zh.pdf'), source: 'orca-7b-report-zh.pdf' });
  assert.equal(doc.language, 'zh');
  assert.equal(doc.title, 'Orca-7B 技术报告');
  assert.deepEqual(doc.headings.slice(1).map((h) => h.text), ['1 简介', '2 训练数据', '3 评测', '4 局限性']);
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const texts = sentences.map((s) => s.text);
  assert.ok(texts.includes('模型以 Apache 2.0 许可证发布。'), texts.join('\n'));
  assert.ok(texts.includes('我们过滤了电子邮件地址等个人信息。'));
  assert.ok(texts.includes('“我们会继续改进。”'));
  assert.ok(texts.includes('团队表示。'));
  assert.ok(sentences.filter((s) => s.kind === 'prose').every((s) => s.lang === 'zh'));
});

test('multi-page PDF: running headers and footers dropped, a paragraph split by a page break is joined', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-long.pdf'), source: 'orca-7b-long.pdf' });
  assert.ok(!/file:\/\/|\d+\/5\b|Model Card \(long\)/.test(doc.text), doc.text);
  assert.deepEqual(doc.headings.map((h) => h.text), ['Orca-7B Model Card', '1 Model Details', '2 Intended Use', '3 Evaluation', '4 Training Data']);
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const long = sentences.filter((s) => s.headingPath.at(-1) === '3 Evaluation' && s.kind === 'prose');
  assert.equal(long.length, 1);
  assert.match(long[0].text, /^This paragraph runs over a page break on purpose: .* readers of this card\.$/);
  assert.equal(doc.title, 'Orca-7B Model Card (long)');
});

test('bad PDFs are unsupported with a one-line reason', async () => {
  const good = readFixture('orca-7b-report.pdf');
  await assert.rejects(ingest({ bytes: good.subarray(0, Math.floor(good.length / 2)), source: 'half.pdf' }), unsupported(/^half\.pdf: unreadable PDF \(/));
  await assert.rejects(ingest({ bytes: good.subarray(0, 2000), source: 'cut.pdf' }), unsupported(/unreadable PDF/));
  await assert.rejects(ingest({ bytes: readFixture('encrypted.pdf'), source: 'encrypted.pdf' }), unsupported(/^encrypted\.pdf: unreadable PDF \(encrypted/));
  const garbage = utf8('%PDF-1.4\n1 0 obj\n<< /Filter /Standard /V 2 /R 3 /O <' + 'ab'.repeat(32) + '> /U <' + 'cd'.repeat(32) + '> /P -1044 >>\nendobj\ntrailer\n<< /Encrypt 1 0 R /Root 2 0 R >>\n%%EOF\n' + 'x\u0001'.repeat(200));
  await assert.rejects(ingest({ bytes: garbage, source: 'garbage.pdf' }), unsupported(/^garbage\.pdf: unreadable PDF/));
  await assert.rejects(ingest({ bytes: utf8('%PDF-1.7\n'), source: 'header.pdf' }), unsupported(/unreadable PDF/));
  await assert.rejects(ingest({ bytes: utf8('not a pdf at all'), source: 'fake.pdf', format: 'pdf' }), unsupported(/unreadable PDF/));
  await assert.rejects(ingest({ bytes: readFixture('scanned.pdf'), source: 'scanned.pdf' }), unsupported(/^scanned\.pdf: PDF has no text layer/));
});

test('PDF: lines in a fixed-pitch font (code) are never headings', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-code.pdf'), source: 'orca-7b-code.pdf' });
  assert.deepEqual(doc.headings.map((h) => h.text), ['Orca-7B Quickstart', 'Usage', 'License']);
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const gpu = sentences.find((s) => s.text.startsWith('The model runs on a single GPU'));
  assert.deepEqual(gpu?.headingPath, ['Orca-7B Quickstart', 'Usage']);
});

test('PDF link annotations: a block keeps the targets of the links on its lines (the text shows the link text only)', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-links.pdf'), source: 'orca-7b-links.pdf' });
  const linksOf = (needle: string) => doc.blocks.find((b) => doc.text.slice(b.start, b.end).includes(needle))?.links;
  assert.ok(!doc.text.includes('huggingface.co'));
  assert.deepEqual(linksOf('the model page'), ['https://huggingface.co/orca/orca-7b']);
  assert.deepEqual(linksOf('Orca-7B-Chat on ModelScope'), ['https://modelscope.cn/models/orca/orca-7b-chat']);
  assert.equal(linksOf('Orca-7B Downloads'), undefined, 'a heading without a link has none');
});
