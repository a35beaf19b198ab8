import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ingest } from '../../src/ingest/index.js';
import { parsePlainText, cellGaps } from '../../src/ingest/plaintext.js';
import { segment } from '../../src/segment/index.js';
import { assertOffsets, fixture, readFixture } from './util.js';

const blocks = (text: string) => parsePlainText(text).blocks.map((b) => `${b.kind}:${text.slice(b.start, b.end)}`);

test('.txt release notes: numbered and caps headings, wrapped paragraphs, bullets, aligned table', async () => {
  const doc = await ingest({ bytes: readFixture('orca-7b-notes.txt'), source: 'orca-7b-notes.txt' });
  assert.equal(doc.format, 'text');
  assert.equal(doc.text, readFileSync(fixture('orca-7b-notes.txt'), 'utf8'));
  assert.deepEqual(doc.headings.map((h) => [h.depth, h.text]), [
    [1, 'ORCA-7B RELEASE NOTES'],
    [1, '1 Introduction'],
    [1, '2 Training Data'],
    [2, '2.1 Data Mix'],
    [1, '3 Evaluation'],
    [2, 'Known Limitations'],
  ]);
  assert.equal(doc.title, 'ORCA-7B RELEASE NOTES');
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const intro = sentences.filter((s) => s.headingPath.at(-1) === '1 Introduction' && s.kind === 'prose').map((s) => s.text);
  assert.deepEqual(intro, [
    'Orca-7B is a 7.2 billion parameter language model trained by Example Labs.',
    'It was released on 3 March 2025 under the Apache 2.0 licence.',
    'The weights are available to researchers.',
  ]);
  // A numbered heading directly followed by its paragraph (no blank line between).
  assert.deepEqual(sentences.filter((s) => s.headingPath.at(-1) === '2 Training Data').map((s) => s.kind), ['heading', 'prose', 'prose']);
  assert.deepEqual(sentences.filter((s) => s.kind === 'list').map((s) => s.text), [
    'Web pages, 70% of tokens',
    'Books, 20% of tokens',
    'Source code, 10% of tokens, filtered for licences',
  ]);
  const rows = sentences.filter((s) => s.kind === 'table-row');
  assert.deepEqual(rows.map((s) => s.text), ['| Benchmark | Orca-7B | Orca-3B |', '| ReadBench | 61.2 | 57.7 |', '| MathBench | 34.0 | 28.1 |']);
  assert.deepEqual(rows.map((s) => s.raw), ['Benchmark      Orca-7B    Orca-3B', 'ReadBench      61.2       57.7', 'MathBench      34.0       28.1']);
  const last = sentences.filter((s) => s.headingPath.at(-1) === 'Known Limitations' && s.kind === 'prose').map((s) => s.text);
  assert.deepEqual(last, [
    'The model can produce incorrect text.',
    'Dr. Smith led the red-team review in the U.S. and found 3.5 issues per 100 prompts on average.',
  ]);
});

test('headings are not taken from sentences, numbers or wrapped lines', () => {
  assert.deepEqual(blocks('We trained on\n2 trillion tokens of text.\n'), ['prose:We trained on\n2 trillion tokens of text.']);
  assert.deepEqual(blocks('The model was trained\n7 Days A Week\nwith no pause.\n'), ['prose:The model was trained\n7 Days A Week\nwith no pause.']);
  assert.deepEqual(blocks('2024 was a good year for models.\n'), ['prose:2024 was a good year for models.']);
  assert.deepEqual(blocks('Example Labs, March 2025\n'), ['prose:Example Labs, March 2025']);
  assert.deepEqual(blocks('Model Details\n\nText here.\n\nAPPENDIX A: EXTRA RESULTS\n\n训练数据\n\n数据包括网页。\n'), [
    'heading:Model Details', 'prose:Text here.', 'heading:APPENDIX A: EXTRA RESULTS', 'heading:训练数据', 'prose:数据包括网页。',
  ]);
  assert.deepEqual(blocks('1. Web pages\n2. Books\n3. Code\n'), ['list:Web pages', 'list:Books', 'list:Code']);
  assert.deepEqual(blocks('1. Introduction\n\nSome text.\n'), ['heading:1. Introduction', 'prose:Some text.']);
  assert.deepEqual(blocks('Done.  Next sentence after two spaces.\nAnother line.  With two spaces.\n'), ['prose:Done.  Next sentence after two spaces.\nAnother line.  With two spaces.']);
});

test('tables: tabs, aligned columns and pipe rows; markdown delimiter rows are skipped', () => {
  assert.equal(cellGaps('a\tb\tc'), 2);
  assert.equal(cellGaps('a  b'), 1);
  assert.equal(cellGaps('End.  Start'), 0);
  assert.deepEqual(blocks('Key    Value\nLayers    32\n'), ['table-row:Key    Value', 'table-row:Layers    32']);
  assert.deepEqual(blocks('| a | b |\n|---|---|\n| 1 | 2 |\n'), ['table-row:| a | b |', 'table-row:| 1 | 2 |']);
  const s = parsePlainText('| a | b |\n|---|---|\n| 1 | 2 |\n');
  assert.deepEqual(s.blocks.map((b) => b.table), [{ id: 0, row: 0 }, { id: 0, row: 1 }]);
});

test('a label and its value on a line of their own ("Model Release Date: Oct 24, 2024") are a field, not a heading', () => {
  const text = 'Model Information\n\nModel Developer: Meta\n\nModel Release Date: Oct 24, 2024\n\n发布日期：2024 年 10 月 24 日\n\nQwen3: Think Deeper\n\nStep 1: Install\n\nThe model is released under a custom licence, with more details below.\n';
  const s = parsePlainText(text);
  const heads = s.headings.map((h) => h.text);
  assert.ok(heads.includes('Model Information'));
  assert.ok(!heads.includes('Model Developer: Meta'));
  assert.ok(!heads.includes('Model Release Date: Oct 24, 2024'));
  assert.ok(!heads.includes('发布日期：2024 年 10 月 24 日'));
  assert.ok(heads.includes('Qwen3: Think Deeper'));
  assert.ok(heads.includes('Step 1: Install'));
});
