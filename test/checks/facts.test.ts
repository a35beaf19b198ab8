import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditBytes } from '../../src/audit.js';

async function facts(md: string) {
  return (await auditBytes({ bytes: Buffer.from(md), source: 'card.md' })).facts;
}

const cases: Array<[string, string, Record<string, unknown>]> = [
  ['parameters, tokens, context (en)', '# Orca-7B\n\nOrca-7B has 7.2 billion parameters and was pretrained on 2.1 trillion tokens. It supports a context window of 32K tokens.\n',
    { parameters: [7.2e9], trainingTokens: 2.1e12, contextLength: 32768 }],
  ['tokens with a language modifier', '# Orca\n\nOrca-6B has undergone pre-training with 1.4T bilingual tokens.\n', { trainingTokens: 1.4e12 }],
  ['tokens with a language modifier (zh)', '# 青云\n\n青云-6B 经过了 1.4T 中英标识符的预训练。\n', { trainingTokens: 1.4e12 }],
  ['a range of sizes counts every size', '# Orca\n\nOrca comes in a range of parameter sizes — 7B, 13B, and 70B.\n', { parameters: [7e9, 13e9, 70e9] }],
  ['batch size is not the training data size', '# Orca\n\nAll models are trained with a global batch size of 4M tokens. Orca was pretrained on 2 trillion tokens.\n', { trainingTokens: 2e12 }],
  ['compute and emissions', '# Orca\n\nPretraining used 1.1M GPU hours on 512 H100 GPUs. Estimated total emissions were 539 tCO2eq.\n',
    { gpuHours: 1.1e6, acceleratorCount: 512, accelerator: 'H100', co2Tonnes: 539 }],
  ['accelerators with a Chinese measure word, and a type without a count', '# 青云\n\n模型在 512 张 H100 GPU 上训练了 21 天。\n\n## Other\n\nFine-tuning ran for 3 days on TPU v5 pods.\n', { acceleratorCount: 512, accelerator: 'H100' }],
  ['knowledge cutoff', '# Orca\n\nThe pretraining data has a cutoff of September 2022.\n', { cutoff: '2022-09' }],
  ['FLOPs', '# Orca\n\nTraining took 3.8 x 10^24 FLOPs.\n', { flops: 3.8e24 }],
  ['licence as SPDX id', '# Orca\n\nThe weights are released under the Apache 2.0 license.\n', { license: 'Apache-2.0' }],
  ['the code\'s licence is not the model\'s', '# Orca\n\nThe code of this repository is licensed under Apache-2.0; the use of the Orca weights is subject to the Model License.\n', { license: undefined }],
  ['the code\'s licence is not the model\'s (zh)', '# 青云\n\n本仓库的代码依照 Apache-2.0 协议开源，青云模型权重的使用则需要遵循模型许可协议。\n', { license: undefined }],
  ['the model\'s licence beside the code\'s', '# Orca\n\nThe code is licensed under Apache-2.0, and the model weights are released under the MIT license.\n', { license: 'MIT' }],
  ['front matter', '---\nlicense: mit\nlanguage: [en, zh]\ndatasets: [c4]\n---\n# Orca\n\nA model.\n', { license: 'MIT', languages: ['en', 'zh'], datasets: ['c4'] }],
  ['Chinese: parameters, tokens, context, cutoff', '# 青云\n\n青云-13B 拥有 130 亿参数，在 2.6 万亿 tokens 上预训练，上下文长度为 8K。训练数据截止到 2024 年 6 月。\n',
    { parameters: [13e9], trainingTokens: 2.6e12, contextLength: 8192, cutoff: '2024-06' }],
  ['release date from a labelled line (abbreviated month)', '# Orca\n\n**Model Release Date:** Sept 25, 2024\n', { releaseDate: '2024-09-25' }],
  ['release date from a post\'s dateline', '# Introducing Orca 2\n\nJul 11, 2023\n\nToday we release Orca 2.\n', { releaseDate: '2023-07-11' }],
  ['release date (zh)', '# 青云\n\n发布日期：2024年6月21日\n', { releaseDate: '2024-06-21' }],
  ['a news item or a cutoff date is not the release date', '# Orca\n\nThe pretraining data has a cutoff of September 2022.\n\n- [2023/06/25] We released the Orca cookbook.\n', { releaseDate: undefined, cutoff: '2022-09' }],
  ['datasets only from sentences about data', '# Orca\n\nOrca was trained on Common Crawl and Wikipedia. Star our GitHub repository!\n', { datasets: ['Common Crawl', 'Wikipedia'] }],
];

for (const [name, md, want] of cases) {
  test(`facts: ${name}`, async () => {
    const got = await facts(md);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(got[k], v, `${k} in ${JSON.stringify(got)}`);
  });
}

test('dataset names in a BibTeX block are a reference, not a training source', async () => {
  const md = '# Orca\n\nOrca is trained on 2T tokens.\n\n## Citation\n\n```\n@article{orca2024,\n  title={Orca: a model trained on web data},\n  journal={arXiv preprint arXiv:2401.01234}\n}\n```\n';
  const audit = await auditBytes({ bytes: Buffer.from(md), source: 'card.md' });
  const sources = audit.indicators.find((f) => f.id === 'data.sources')!;
  assert.equal(audit.facts.datasets, undefined, JSON.stringify(audit.facts));
  assert.equal(sources.facts.datasets, undefined, JSON.stringify(sources));
});

test('facts about another model in a comparison table do not count', async () => {
  const got = await facts('# Orca-7B\n\n## Comparison\n\n| Model | Params |\n|---|---|\n| Llama-2-13B | 13B parameters |\n');
  assert.equal(got.parameters, undefined);
});
