import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { plainRow, plainText, segment, sentenceLang, splitSentences } from '../../src/segment/index.js';
import { assertOffsets, utf8 } from './util.js';

const split = (s: string) => splitSentences(s, 0, s.length).map(([a, b]) => s.slice(a, b));

test('English: abbreviations, titles, decimals and initials do not end sentences', () => {
  assert.deepEqual(split('We use data, e.g. web pages and books. Dr. Smith led it. Scores rose 3.5 points. It follows U.S. law. Done!'), [
    'We use data, e.g. web pages and books.',
    'Dr. Smith led it.',
    'Scores rose 3.5 points.',
    'It follows U.S. law.',
    'Done!',
  ]);
  assert.deepEqual(split('The model (see Fig. 3) is good. Next sentence here.'), ['The model (see Fig. 3) is good.', 'Next sentence here.']);
  assert.deepEqual(split('Trained by J. Smith in 2024. We release Qwen-7B. It is open.'), ['Trained by J. Smith in 2024.', 'We release Qwen-7B.', 'It is open.']);
  assert.deepEqual(split('Version 2.0 was released in Jan. 2024. It has 7B params.'), ['Version 2.0 was released in Jan. 2024.', 'It has 7B params.']);
  assert.deepEqual(split('He said "stop." Then left. Really? Yes.'), ['He said "stop."', 'Then left.', 'Really?', 'Yes.']);
  assert.deepEqual(split('i.e. the lowercase start continues. the next one too'), ['i.e. the lowercase start continues. the next one too']);
});

test('Chinese: sentence punctuation, and the closing quote stays with its sentence', () => {
  assert.deepEqual(split('“你好。”他说。'), ['“你好。”', '他说。']);
  assert.deepEqual(split('我们发布了Qwen-7B模型！是吗？好的。'), ['我们发布了Qwen-7B模型！', '是吗？', '好的。']);
  assert.deepEqual(split('模型在MMLU上得分为65.3。同时，我们也测试了C-Eval。'), ['模型在MMLU上得分为65.3。', '同时，我们也测试了C-Eval。']);
  assert.deepEqual(split('「数据已公开。」团队说（见附录）。'), ['「数据已公开。」', '团队说（见附录）。']);
});

test('a blank line ends a sentence; offsets skip whitespace', () => {
  const s = '  First line\n\nSecond para.  ';
  assert.deepEqual(splitSentences(s, 0, s.length), [[2, 12], [14, 26]]);
});

test('list items and table rows are units; headings carry their path', async () => {
  const md = '# Orca\n\n## Data\n\n- First item. Still the first item.\n- Second item\n\n| Model | Score |\n|---|---|\n| Orca-7B | 61.2. Not split. |\n';
  const doc = await ingest({ bytes: utf8(md), source: 'units.md' });
  const s = segment(doc);
  assertOffsets(doc, s);
  const list = s.filter((x) => x.kind === 'list');
  assert.deepEqual(list.map((x) => x.text), ['First item.', 'Still the first item.', 'Second item']);
  assert.deepEqual(new Set(list.map((x) => x.block)).size, 2);
  const rows = s.filter((x) => x.kind === 'table-row');
  assert.deepEqual(rows.map((x) => x.text), ['| Model | Score |', '| Orca-7B | 61.2. Not split. |']);
  assert.deepEqual(rows[1].table, { id: 0, row: 1 });
  assert.deepEqual(rows[1].headingPath, ['Orca', 'Data']);
});

test('plain text of a sentence: markup stripped, entities decoded, whitespace rows get pipes', () => {
  assert.equal(plainText('**Bold** and [link](http://x) `code` <b>t</b> &amp; x'), 'Bold and link code t & x');
  assert.equal(plainText('![alt text](img.png) Caption'), 'Caption');
  assert.equal(plainText('  plain  sentence.\n'), 'plain sentence.');
  assert.equal(plainText('max_new_tokens stays'), 'max_new_tokens stays');
  assert.equal(plainRow('Benchmark      Orca-7B    Orca-3B'), '| Benchmark | Orca-7B | Orca-3B |');
  assert.equal(plainRow('ReadBench\t61.2\t57.7'), '| ReadBench | 61.2 | 57.7 |');
});

test('a Hugo shortcode shows what the page shows: a button its label, a figure nothing', () => {
  assert.equal(plainText('{{< button href="https://discord.gg/x" label="DISCORD" external=true >}}'), 'DISCORD');
  assert.equal(
    plainText('{{< button href="https://github.com/o/r" label="GitHub" >}}\n{{< button href="https://hf.co/o" label="Hugging Face" >}}'),
    'GitHub Hugging Face',
  );
  assert.equal(plainText('{{< figure src="https://x/chart.jpg" width="100%" title="MMLU 80.1" >}} After'), 'After');
  assert.equal(plainText('Before {{< youtube id="abc" >}}'), 'Before');
});

test('sentence language', () => {
  assert.equal(sentenceLang('这是中文句子。'), 'zh');
  assert.equal(sentenceLang('Qwen模型的参数量'), 'zh');
  assert.equal(sentenceLang('The model was trained by 阿里 in Hangzhou with public data.'), 'en');
  assert.equal(sentenceLang('Plain English only.'), 'en');
});
