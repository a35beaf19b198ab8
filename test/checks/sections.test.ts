/**
 * Where a sentence sits decides what it can answer: the datasets described in an evaluation section are
 * not training data (`notUnder` headings in the rubric), unless a heading of the indicator's own sits
 * deeper. And a cue pattern that uses \p{Lu} means a capital: "this dataset" is not a named dataset.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { loadRubric } from '../../src/rubric/index.js';
import { analyse, cuePattern, docFeatures } from '../../src/checks/features.js';
import { auditBytes } from '../../src/audit.js';

const rubric = loadRubric();

/** The status the audit gives one indicator. */
async function status(md: string, id: string) {
  const a = await auditBytes({ bytes: Buffer.from(md), source: 'card.md' });
  return a.indicators.find((f) => f.id === id)!.status;
}

/** The signal (data.sources unless named) of the first sentence containing `needle`. */
async function signal(md: string, needle: string, id = 'data.sources') {
  const doc = await ingest({ bytes: Buffer.from(md), source: 'card.md' });
  const ss = segment(doc);
  const k = rubric.indicators.findIndex((i) => i.id === id);
  const a = analyse(doc, ss, rubric, null);
  const i = ss.findIndex((s) => s.text.includes(needle));
  assert.ok(i >= 0, needle);
  return a.signals[k].find((g) => g.s === i);
}

test('an evaluation section’s datasets are not training sources (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Evaluation\n\nThe JEC-QA dataset originates from the National Judicial Examination.\n\nThe MedQA dataset comes from medical exams in the US.\n';
  const zh = '# 青云-7B\n\n## 评测\n\nJEC-QA 数据集来自国家司法考试，MedQA 数据集来自美国和中国的医学考试。\n';
  assert.equal((await signal(en, 'JEC-QA'))?.excluded, true);
  assert.equal((await signal(zh, 'JEC-QA'))?.excluded, true);
  assert.equal(await status(en, 'data.sources'), 'absent');
});

test('the same datasets under a training-data heading, even inside an evaluation chapter, count (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Training data\n\nThe model was trained on the Orca-Web corpus and GitHub code.\n\n## Evaluation\n\n### Reward model data\n\nThe reward model was trained on the Orca-Pref dataset.\n';
  const zh = '# 青云-7B\n\n## 评测\n\n### 训练数据\n\n奖励模型使用 GitHub 和维基百科数据训练。\n';
  assert.equal((await signal(en, 'Orca-Web'))?.excluded, false);
  assert.equal((await signal(en, 'Orca-Pref'))?.excluded, false);
  assert.equal((await signal(zh, '奖励模型'))?.excluded, false);
});

test('a cue pattern with \\p{Lu} is case-sensitive; others are not', () => {
  const named = cuePattern('\\b\\p{Lu}[\\p{L}\\d-]+ (dataset|corpus)\\b');
  assert.equal(named.test('trained on the RedStone corpus'), true);
  assert.equal(named.test('we used the dev set of this dataset'), false);
  assert.equal(cuePattern('common crawl').test('Common Crawl snapshots'), true);
});

/** Sections that do not answer an indicator: the same words there leave it absent (en and zh). */
const silentSections: Array<[string, string, string[]]> = [
  ['accelerators named under a deployment or quantization heading are not training hardware', 'compute.hardware', [
    '# Orca-7B\n\n## Deployment\n\nWe recommend 8 x A100 GPUs with tensor parallelism for the 72B model.\n',
    '# 青云-7B\n\n## 部署\n\n72B 模型推荐使用 8 张 A100 GPU 并开启张量并行。\n',
  ]],
  ['batch sizes in a system-requirements section are not the training method', 'model.training-method', [
    '# Orca-7B\n\n## System requirements\n\n### Inference\n\nInference batch size does not exceed 8.\n',
    '# 青云-7B\n\n## 系统要求\n\n### 推理\n\n推理时批大小（batch size）不超过 8。\n',
  ]],
];
for (const [name, id, mds] of silentSections) {
  test(`${name} (en and zh)`, async () => {
    for (const md of mds) assert.equal(await status(md, id), 'absent', md);
  });
}

test('a dataset name outside a sentence about data is no training-source fact (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Community\n\nAsk questions or discuss ideas on GitHub.\n\nOrca-7B was trained on data from GitHub and Wikipedia.\n';
  const zh = '# 青云-7B\n\n## 社区\n\n欢迎在 GitHub 上提问和讨论。\n\n青云-7B 的训练数据来自 GitHub 和维基百科。\n';
  assert.ok(!(await signal(en, 'Ask questions'))?.fact);
  assert.equal((await signal(en, 'trained on data'))?.fact, true);
  assert.ok(!(await signal(zh, '提问'))?.fact);
  assert.equal((await signal(zh, '训练数据来自'))?.fact, true);
});


test('a command line is not an architecture disclosure; a download command still shows where the weights are', async () => {
  const md = '# Orca-7B\n\n## Model architecture\n\n```bash\n./server --ctx-size 2048 --n-gpu-layers 64\n```\n\n## Download\n\n```bash\ngit clone https://huggingface.co/orca/orca-7b\n```\n';
  const arch = await signal(md, 'n-gpu-layers', 'model.architecture');
  assert.ok(arch, 'the code block is still a candidate (its heading)');
  assert.equal(arch.strong || arch.fact, false);
  assert.equal((await signal(md, 'git clone', 'access.weights'))?.strong, true);
});

test('a heading that is both the indicator’s and a foreign one ("Hardware requirements") vetoes (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Hardware requirements\n\n| Model | Memory | GPUs |\n|---|---|---|\n| Orca-7B | 72 GB | 4 x RTX 4090 |\n';
  const zh = '# 青云-7B\n\n## 硬件需求\n\n| 模型 | 显存 | GPU |\n|---|---|---|\n| 青云-7B | 72 GB | 4 x RTX 4090 |\n';
  assert.equal((await signal(en, 'RTX 4090', 'compute.hardware'))?.excluded, true);
  assert.equal((await signal(zh, 'RTX 4090', 'compute.hardware'))?.excluded, true);
});

test('an empty table row is never evidence, however much the sentence scorer likes it', async () => {
  const md = '# Orca-7B\n\n## Model download\n\nThe Orca-7B weights are openly released on Hugging Face.\n\n| Model | Link |\n|---|---|\n| Orca-7B | https://huggingface.co/orca/orca-7b |\n|  |  |\n';
  const doc = await ingest({ bytes: Buffer.from(md), source: 'card.md' });
  const ss = segment(doc);
  const empty = ss.findIndex((s) => s.kind === 'table-row' && !/\w/.test(s.text));
  assert.ok(empty >= 0, 'the fixture has an empty row');
  const a = analyse(doc, ss, rubric, null);
  // A sentence scorer that loves the empty row.
  const lex = rubric.indicators.map(() => Float32Array.from(ss, (_s, i) => (i === empty ? 0.99 : 0.1)));
  const k = rubric.indicators.findIndex((i) => i.id === 'access.weights');
  const { ranked } = docFeatures(k, { ...a, lex, lexD: lex }, ss, rubric);
  assert.ok(ranked.length > 0);
  assert.ok(!ranked.some((r) => r.s === empty), JSON.stringify(ranked));
});

test('Latin acronyms in cue patterns match whole words only ("MIT" is not in "limit", "PPO" not in "supports")', async () => {
  const md = '# Orca-7B\n\n## License\n\nThere is a limit on how many requests you can submit.\n\n## Training\n\nThe code already supports lightweight fine-tuning.\n\nThe chat model was aligned with PPO.\n';
  assert.equal((await signal(md, 'limit on', 'access.license'))?.strong, false);
  assert.equal((await signal(md, 'already supports', 'model.training-method'))?.strong, false);
  assert.equal((await signal(md, 'aligned with PPO', 'model.training-method'))?.strong, true);
});
