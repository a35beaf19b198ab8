/**
 * A table row belongs to its table: the cue terms of the header apply to its rows, so a row of
 * scores under "| Model | MT-Bench | Arena |" is benchmark evidence even though it names no benchmark.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { loadRubric } from '../../src/rubric/index.js';
import { analyse } from '../../src/checks/features.js';

async function rowSignals(md: string, id: string) {
  const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
  const sentences = segment(doc);
  const rubric = loadRubric();
  const a = analyse(doc, sentences, rubric);
  const k = rubric.indicators.findIndex((i) => i.id === id);
  return sentences
    .filter((s) => s.kind === 'table-row' && s.table!.row > 0)
    .map((s) => {
      const g = a.signals[k].find((x) => x.s === s.i);
      return { text: s.text, term: g?.term ?? 0, strong: g?.strong ?? false };
    });
}

test('score rows inherit the header\'s benchmark names (Markdown table, two-decimal scores)', async () => {
  const rows = await rowSignals('# Orca-7B\n\n| Model | MT-Bench | Arena |\n|---|---|---|\n| Orca-7B | 8.96 | 1186 |\n| Orca-3B | 8.88 | 1172 |\n', 'eval.benchmarks');
  assert.deepEqual(rows.map((r) => [r.term > 0, r.strong]), [[true, true], [true, true]], JSON.stringify(rows));
});

test('the same for an HTML table inside Markdown, and in Chinese', async () => {
  const html = '# 青云-7B\n\n<table>\n<tr><th>模型</th><th>MMLU</th><th>C-Eval</th></tr>\n<tr><td>青云-7B</td><td>61.25</td><td>70.10</td></tr>\n</table>\n';
  const rows = await rowSignals(html, 'eval.benchmarks');
  assert.deepEqual(rows.map((r) => [r.text, r.term > 0, r.strong]), [['| 青云-7B | 61.25 | 70.10 |', true, true]]);
});

test('a header without cue terms lends none: rows of a download table are not benchmark evidence', async () => {
  const rows = await rowSignals('# Orca-7B\n\n| Model | Size | Link |\n|---|---|---|\n| Orca-7B | 14.5 | hf.co/orca |\n', 'eval.benchmarks');
  assert.deepEqual(rows.map((r) => r.term), [0]);
});
