import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ingest } from '../../src/ingest/index.js';
import { parseMarkdown } from '../../src/ingest/markdown.js';
import { segment } from '../../src/segment/index.js';
import { assertOffsets, fixture, readFixture, utf8 } from './util.js';

const kinds = (text: string) => parseMarkdown(text).blocks.map((b) => `${b.kind}:${text.slice(b.start, b.end)}`);

test('Hugging Face model card: front matter parsed, its lines are sentences, text is the file', async () => {
  const bytes = readFixture('hf-model-card.md');
  const doc = await ingest({ bytes, source: 'hf-model-card.md' });
  assert.equal(doc.format, 'markdown');
  assert.equal(doc.encoding, 'utf-8');
  assert.equal(doc.text, readFileSync(fixture('hf-model-card.md'), 'utf8'));
  assert.equal(doc.frontMatter.license, 'apache-2.0');
  assert.deepEqual(doc.frontMatter.datasets, ['example-labs/orca-web', 'example-labs/orca-books']);
  assert.deepEqual(doc.frontMatter.language, ['en', 'zh']);
  assert.equal(doc.frontMatter.base_model, 'example-labs/orca-3b');
  assert.equal(doc.frontMatter.pipeline_tag, 'text-generation');
  assert.deepEqual(doc.frontMatterRange, [0, doc.text.indexOf('---', 4) + 3]);
  assert.equal(doc.title, 'Orca-7B');
  assert.equal(doc.language, 'en');

  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const fm = sentences.filter((s) => s.kind === 'front-matter').map((s) => s.raw);
  assert.ok(fm.includes('license: apache-2.0'));
  assert.ok(fm.includes('pipeline_tag: text-generation'));
  assert.ok(fm.includes('base_model: example-labs/orca-3b'));
  assert.ok(fm.includes('- example-labs/orca-web'));
  assert.ok(!fm.includes('---'));

  const rows = sentences.filter((s) => s.kind === 'table-row');
  assert.deepEqual(rows.map((r) => r.raw), ['| Field | Value |', '| Parameters | 7.2B |', '| Context length | 8192 |', '| Layers | 32 |']);
  assert.deepEqual(rows.map((r) => r.table?.row), [0, 1, 2, 3]);
  assert.deepEqual(rows[1].headingPath, ['Orca-7B', 'Model Details']);

  const list = sentences.filter((s) => s.kind === 'list').map((s) => s.text);
  assert.deepEqual(list, ['Research on language models, e.g. evaluation methods.', 'Not for medical advice.']);
  assert.ok(sentences.some((s) => s.kind === 'quote' && s.text === 'Note: the model may produce incorrect text.'));
  assert.ok(sentences.some((s) => s.kind === 'code' && s.raw.startsWith('```python')));

  const zh = sentences.filter((s) => s.lang === 'zh').map((s) => s.raw);
  assert.deepEqual(zh, ['### 训练数据', '训练数据包括公开网页和书籍。', '“数据已去重。”', '团队说。']);
  assert.deepEqual(sentences.find((s) => s.raw === '团队说。')?.headingPath, ['Orca-7B', 'Uses', '训练数据']);
});

test('GBK-encoded Chinese markdown decodes to the same text as its UTF-8 source', async () => {
  const doc = await ingest({ bytes: readFixture('model-card-gbk.md'), source: 'model-card-gbk.md' });
  assert.equal(doc.encoding, 'gb18030');
  assert.ok(doc.text.startsWith('# Orca-7B 模型说明\n\nOrca-7B 是示例实验室训练的语言模型，参数量为 72 亿。'));
  assert.equal(doc.language, 'zh');
  assert.equal(doc.title, 'Orca-7B 模型说明');
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  assert.ok(sentences.some((s) => s.raw === '“我们过滤了个人信息。”'));
  assert.ok(sentences.some((s) => s.kind === 'table-row' && s.text === '| 阅读 | 61.2 |'));
});

test('Big5 markdown', async () => {
  const doc = await ingest({ bytes: readFixture('model-card-big5.md'), source: 'model-card-big5.md' });
  assert.equal(doc.encoding, 'big5');
  assert.match(doc.text, /參數量為 72 億/);
  assert.equal(doc.language, 'zh');
});

test('UTF-16LE with BOM (.txt) and Windows-1252 markdown', async () => {
  const doc = await ingest({ bytes: readFixture('notes-utf16le-bom.txt'), source: 'notes-utf16le-bom.txt' });
  assert.equal(doc.encoding, 'utf-16le');
  assert.equal(doc.format, 'text');
  assert.ok(doc.text.startsWith('Orca-7B Release Notes\r\n'));
  assert.deepEqual(doc.headings.map((h) => h.text), ['Orca-7B Release Notes', '1 Introduction']);
  assertOffsets(doc, segment(doc));
  const cp = await ingest({ bytes: readFixture('notes-cp1252.md'), source: 'notes-cp1252.md' });
  assert.equal(cp.encoding, 'windows-1252');
  assert.equal(cp.headings[0].text, 'Orca-7B — café notes');
});

test('markdown blocks: paragraphs, lists, quotes, code, html, tables, headings', () => {
  assert.deepEqual(kinds('para line\n| a | b |\n|---|---|\n| 1 | 2 |\nbar\n> q\n'), [
    'prose:para line', 'table-row:| a | b |', 'table-row:| 1 | 2 |', 'table-row:bar', 'quote:q',
  ]);
  assert.deepEqual(kinds('  # Head #  \n\nSetext\nline2\n---\n\n- item one\n  cont\n\n  para2\n- **b** item\n\n> quote\nlazy\n'), [
    'heading:# Head #  ', 'heading:Setext\nline2\n---', 'list:item one\n  cont', 'list:para2', 'list:**b** item', 'quote:quote\nlazy',
  ]);
  assert.deepEqual(kinds('1. one\n2. two\n   ```py\n   code\n   ```\n\n    indented\n\n<div align="center">\n<img src="x">\n</div>\ntext after\n\n[ref]: http://x\n\ntext\n***\n'), [
    'list:one', 'list:two', 'code:```py\n   code\n   ```', 'list:indented', 'html:<div align="center">\n<img src="x">\n</div>\ntext after', 'prose:text',
  ]);
  assert.deepEqual(kinds('    indented code\n    more\n\ntext\n'), ['code:    indented code\n    more', 'prose:text']);
  assert.deepEqual(kinds('| a | b |\n|---|\n| 1 | 2 |\n'), ['prose:| a | b |\n|---|\n| 1 | 2 |']);
  assert.deepEqual(kinds('* a\n<br>\n\n## H[^1]\n\n[^1]: A footnote.\n'), ['list:a', 'html:<br>', 'heading:## H[^1]', 'prose:A footnote.']);
  const s = parseMarkdown('# Title with **bold** and [a link](http://x) `code`\n\n## Sub\n\ntext\n');
  assert.deepEqual(s.headings.map((h) => [h.depth, h.text]), [[1, 'Title with bold and a link code'], [2, 'Sub']]);
  assert.equal(s.blocks[2].heading, 1);
});

test('markdown: CRLF line endings keep offsets exact', async () => {
  const text = '# Orca-7B\r\n\r\nIt has 7B parameters. It is open.\r\n\r\n| a | b |\r\n|---|---|\r\n| 1 | 2 |\r\n';
  const doc = await ingest({ bytes: utf8(text), source: 'crlf.md' });
  assert.equal(doc.text, text);
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  assert.deepEqual(sentences.map((x) => x.raw), ['# Orca-7B', 'It has 7B parameters.', 'It is open.', '| a | b |', '| 1 | 2 |']);
});

test('markdown: 1 MB ingests and segments (hang guard: 60 s), and deep nesting does not overflow', { timeout: 60_000 }, async () => {
  const section = readFileSync(fixture('hf-model-card.md'), 'utf8').replace(/^---[^]*?---\n/, '');
  let big = '';
  while (big.length < 1_000_000) big += section + '\n';
  const bytes = utf8(big);
  const doc = await ingest({ bytes, source: 'big.md' });
  const sentences = segment(doc);
  assert.ok(sentences.length > 10_000);
  const deep = '> '.repeat(5000) + 'deep quote\n' + '- '.repeat(5000) + 'deep item\n';
  const d = await ingest({ bytes: utf8(deep), source: 'deep.md' });
  assertOffsets(d, segment(d));
});

test('markdown: an HTML table inside Markdown becomes table rows (one unit per <tr>, across blank lines)', async () => {
  const md = [
    '# Orca',
    '',
    '<table>',
    '  <tr>',
    '   <td><strong>Model</strong>',
    '   </td>',
    '   <td>Training time (GPU hours)',
    '   </td>',
    '  </tr>',
    '',
    '  <tr>',
    '   <td>Orca 8B</td> <td>1.46M</td>',
    '  </tr>',
    '</table>',
    '',
    '<p>Not a table.</p>',
    '',
  ].join('\n');
  const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
  const sentences = segment(doc);
  assertOffsets(doc, sentences);
  const rows = sentences.filter((s) => s.kind === 'table-row');
  assert.deepEqual(rows.map((s) => s.text), ['| Model | Training time (GPU hours) |', '| Orca 8B | 1.46M |']);
  assert.deepEqual(rows.map((s) => s.table), [{ id: 0, row: 0 }, { id: 0, row: 1 }]);
  assert.ok(rows[1].raw.startsWith('<td>Orca 8B</td>'));
  assert.deepEqual(sentences.filter((s) => s.kind === 'html').map((s) => s.text), ['Not a table.']);
});
