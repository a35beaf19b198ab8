/**
 * A cue word in the wrong sense: each case is a sentence that uses an indicator's words without answering
 * it (a disclaimer, a description of this release, a substring of another word), next to one that does,
 * in English and Chinese. Asserted on the sentence signal, which the trained weights do not move.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { loadRubric } from '../../src/rubric/index.js';
import { analyse } from '../../src/checks/features.js';

const rubric = loadRubric();

/** The signal of indicator `id` for the first sentence containing `needle` (undefined: not a candidate). */
async function signal(md: string, needle: string, id: string) {
  const doc = await ingest({ bytes: Buffer.from(md), source: 'card.md' });
  const ss = segment(doc);
  const k = rubric.indicators.findIndex((i) => i.id === id);
  assert.ok(k >= 0, id);
  const a = analyse(doc, ss, rubric, null);
  const i = ss.findIndex((s) => s.text.includes(needle));
  assert.ok(i >= 0, needle);
  return a.signals[k].find((g) => g.s === i);
}

/** Counts as a concrete answer: strong or a fact, not vetoed, not demoted. */
const concrete = (g: Awaited<ReturnType<typeof signal>>) => !!g && (g.strong || g.fact) && !g.excluded && !g.demoted;

test('how-to and ecosystem sections say nothing of the training data (en and zh)', async () => {
  const en = '# Orca-7B\n\n## How to use Orca\n\n### FAQ\n\nYou can find fine-tuning datasets such as Alpaca on Hugging Face.\n\n## Ecosystem\n\n### Downstream\n\nOrca-Wizard: this model is trained on the ShareGPT dataset.\n\n## Training data\n\nOrca-7B was trained on Common Crawl and Wikipedia.\n';
  const zh = '# 青云-7B\n\n## 如何使用\n\n你可以在 GitHub 上获取微调框架，其中整合了现成的数据集，例如 Alpaca 数据集。\n\n## 生态\n\n青云-Wizard 使用 ShareGPT 数据集训练。\n\n## 训练数据\n\n青云-7B 的训练数据来自 Common Crawl 和维基百科。\n';
  assert.equal(concrete(await signal(en, 'fine-tuning datasets', 'data.sources')), false);
  assert.equal(concrete(await signal(en, 'Orca-Wizard', 'data.sources')), false);
  assert.equal(concrete(await signal(en, 'Common Crawl', 'data.sources')), true);
  assert.equal(concrete(await signal(zh, '微调框架', 'data.sources')), false);
  assert.equal(concrete(await signal(zh, 'Wizard', 'data.sources')), false);
  assert.equal(concrete(await signal(zh, 'Common Crawl', 'data.sources')), true);
});

test('a disclaimer names no risk: "a risk of the model producing problematic outputs", liability (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Disclaimer\n\nThere is still a risk of the model producing problematic outputs.\n\nWe will not be responsible for any risks resulting from misuse or misinformation.\n\n## Risks\n\nKnown risks include misinformation and cyber attacks.\n';
  const zh = '# 青云-7B\n\n## 声明\n\n本项目不承担因模型被滥用、传播虚假信息而产生的风险和责任。\n\n## 风险\n\n已知风险包括虚假信息和网络安全攻击。\n';
  assert.equal(concrete(await signal(en, 'producing problematic', 'risk.known-risks')), false);
  assert.equal(concrete(await signal(en, 'not be responsible', 'risk.known-risks')), false);
  assert.equal(concrete(await signal(en, 'Known risks include', 'risk.known-risks')), true);
  assert.equal(concrete(await signal(zh, '不承担', 'risk.known-risks')), false);
  assert.equal(concrete(await signal(zh, '已知风险', 'risk.known-risks')), true);
});

test('a hazard word inside another word is no hazard ("衍生物" holds "生物"; "化学" is a school subject)', async () => {
  const zh = '# 青云-7B\n\n## 声明\n\n请勿将开源模型及其衍生物用于任何未经安全评估的服务。\n\n青云-7B 在数学、化学等学科上表现良好。\n\n## 风险\n\n模型可能被用于生物武器相关的咨询。\n';
  assert.equal(concrete(await signal(zh, '衍生物', 'risk.known-risks')), false);
  assert.equal((await signal(zh, '数学、化学', 'risk.known-risks'))?.strong ?? false, false);
  assert.equal(concrete(await signal(zh, '生物武器', 'risk.known-risks')), true);
});

test('"free for academic and commercial use" is a licence term, not a statement of intended use (en and zh)', async () => {
  const zh = '# 青云-7B\n\n## 许可\n\n青云-7B 可免费用于学术研究和商业用途。\n\n## 用途\n\n请勿将青云-7B 用于医疗诊断。\n';
  const en = '# Orca-7B\n\n## License\n\nOrca-7B is free for academic research and commercial use.\n\n## Uses\n\nOrca-7B should not be used for medical diagnosis.\n';
  assert.equal(concrete(await signal(zh, '免费用于', 'eval.intended-use')), false);
  assert.equal(concrete(await signal(zh, '医疗诊断', 'eval.intended-use')), true);
  assert.equal(concrete(await signal(en, 'free for academic', 'eval.intended-use')), false);
  assert.equal(concrete(await signal(en, 'medical diagnosis', 'eval.intended-use')), true);
});

test('a roadmap is a plan: "we are training larger models" is one; "the next generation of" and "we will keep updating" are not (en and zh)', async () => {
  const en = '# Orca-7B\n\nOrca is the next generation of open-source bilingual models.\n\nWe will continuously update the support from the community here.\n\n## What next\n\nWe are training larger Orca models and will extend them to vision.\n\nLooking ahead, we aim to scale data and model size.\n';
  const zh = '# 青云-7B\n\n我们会在此持续更新社区对青云的支持。\n\n## 未来计划\n\n我们将继续开源更大的模型，并扩展到视觉和语音。\n';
  assert.equal(concrete(await signal(en, 'next generation of', 'impact.roadmap')), false);
  assert.equal(concrete(await signal(en, 'continuously update', 'impact.roadmap')), false);
  assert.equal(concrete(await signal(en, 'training larger', 'impact.roadmap')), true);
  assert.equal(concrete(await signal(en, 'Looking ahead', 'impact.roadmap')), true);
  assert.equal(concrete(await signal(zh, '持续更新', 'impact.roadmap')), false);
  assert.equal(concrete(await signal(zh, '继续开源', 'impact.roadmap')), true);
});

test('a size stated for an earlier release is not this model’s parameter count (en and zh)', async () => {
  const en = '# Orca-Max\n\nPreviously, we open-sourced Orca models from 0.5 to 110 billion parameters.\n\nOrca-Max has 300 billion parameters.\n';
  const zh = '# 青云-Max\n\n此前，我们开源了参数规模为 1100 亿的青云模型。\n\n青云-Max 共有 3000 亿参数。\n';
  assert.equal(concrete(await signal(en, 'Previously', 'model.parameters')), false);
  assert.equal(concrete(await signal(en, 'Orca-Max has', 'model.parameters')), true);
  assert.equal(concrete(await signal(zh, '此前', 'model.parameters')), false);
  assert.equal(concrete(await signal(zh, '共有', 'model.parameters')), true);
});

test('training-data languages: a full list is an answer; a count, an open list or a test’s languages are not (en and zh)', async () => {
  const en = [
    '# Orca-7B',
    '## Training data',
    'Orca-7B was trained on 2T tokens of English and Chinese text.',
    'The corpus covers 119 languages and dialects.',
    'It includes more than 40 languages such as English, Chinese and Russian.',
    'The Wiki domain includes data in the following languages: bg, ca, cs, da, de, en, es, fr.',
    '## Evaluation',
    'We ran 8-shot tests on translation between English, French and German.',
  ].join('\n\n');
  const zh = [
    '# 青云-7B',
    '## 训练数据',
    '青云-7B 在 2T 中文和英文语料上完成训练。',
    '语料涵盖 119 种语言和方言。',
    '语料覆盖多语言（以中文和英文为主）。',
    '## 评测',
    '我们选择了中文、英文、法文和德文作为测试语种。',
  ].join('\n\n');
  const id = 'data.languages';
  assert.equal(concrete(await signal(en, 'English and Chinese text', id)), true);
  assert.equal(concrete(await signal(en, '119 languages', id)), false);
  assert.equal(concrete(await signal(en, 'such as English', id)), false);
  assert.equal(concrete(await signal(en, 'bg, ca', id)), true);
  assert.equal(concrete(await signal(en, '8-shot tests', id)), false);
  assert.equal(concrete(await signal(zh, '中文和英文语料', id)), true);
  assert.equal(concrete(await signal(zh, '119 种语言', id)), false);
  assert.equal(concrete(await signal(zh, '为主', id)), false);
  assert.equal(concrete(await signal(zh, '测试语种', id)), false);
});

test('a named failure mode is a limitation; a boilerplate "cannot guarantee" is not (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Limitations\n\n- Hallucination: the model may state false facts with confidence.\n\nPerformance will gradually decline beyond 8K tokens.\n\nOrca-7B has limited understanding of very long documents.\n\nWe cannot guarantee that the output is accurate.\n';
  const zh = '# 青云-7B\n\n## 局限性\n\n- 幻觉：模型可能自信地给出错误事实。\n\n当输入超过 8K 时，模型性能会逐渐下降。\n\n我们无法保证输出内容的准确性。\n';
  const id = 'eval.limitations';
  assert.equal(concrete(await signal(en, 'Hallucination', id)), true);
  assert.equal(concrete(await signal(en, 'gradually decline', id)), true);
  assert.equal(concrete(await signal(en, 'limited understanding', id)), true);
  assert.equal(concrete(await signal(en, 'cannot guarantee', id)), false);
  assert.equal(concrete(await signal(zh, '幻觉', id)), true);
  assert.equal(concrete(await signal(zh, '逐渐下降', id)), true);
  assert.equal(concrete(await signal(zh, '无法保证', id)), false);
});

test('a share or an amount per named source is the data mix', async () => {
  const md = '# Orca-7B\n\n## Training data\n\nThe model was trained on: CCNet [67%], C4 [15%], GitHub [4.5%], Wikipedia [4.5%].\n\n| Source | Tokens (B) |\n|---|---|\n| C4 | 197.67 |\n| RefinedWeb | 665.01 |\n\nThe model was trained on C4 and RefinedWeb.\n';
  const id = 'data.composition';
  assert.equal(concrete(await signal(md, 'CCNet', id)), true);
  assert.equal(concrete(await signal(md, '| RefinedWeb | 665.01 |', id)), true);
  assert.equal(concrete(await signal(md, 'trained on C4 and', id)), false);
});

test('a link’s target counts only where the rubric says so: a download link says where the weights are; a paper link is no data source (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Models\n\n[Orca-7B Download](https://huggingface.co/orca/orca-7b)\n\n## Training data\n\nThe data are described in [our paper](https://arxiv.org/abs/2401.00001).\n';
  const zh = '# 青云-7B\n\n## 模型下载\n\n<a href="https://modelscope.cn/models/qingyun/qy-7b">下载 青云-7B</a>\n\n## 训练数据\n\n训练数据详见[技术报告](https://arxiv.org/abs/2401.00001)。\n';
  assert.equal(concrete(await signal(en, 'Orca-7B Download', 'access.weights')), true);
  assert.equal(concrete(await signal(en, 'our paper', 'data.sources')), false);
  assert.equal(concrete(await signal(zh, '下载 青云-7B', 'access.weights')), true);
  assert.equal(concrete(await signal(zh, '技术报告', 'data.sources')), false);
});

test('link targets: Markdown, HTML and bare URLs, without trailing punctuation', async () => {
  const { linkTargets } = await import('../../src/checks/features.js');
  assert.equal(linkTargets('[a](https://x.org/a) <a href="https://y.org/b">b</a> see https://z.org/c.'), 'https://x.org/a https://y.org/b https://z.org/c');
  assert.equal(linkTargets('no links here'), '');
});

test('a number in a column the indicator names answers it; the same number in another column does not (en and zh)', async () => {
  const en = '# Orca\n\n## Models\n\n| Model | Params | Context length | MMLU |\n|---|---|---|---|\n| Orca-Large | 671B | 128K | 88.1 |\n';
  const zh = '# 青云\n\n## 模型\n\n| 模型 | 参数量 | 上下文长度 | 下载 |\n|---|---|---|---|\n| 青云-Large | 671B | 128K | 链接 |\n';
  assert.equal(concrete(await signal(en, '| Orca-Large |', 'model.parameters')), true);
  assert.equal(concrete(await signal(en, '| Orca-Large |', 'model.context-length')), true);
  assert.equal(concrete(await signal(zh, '| 青云-Large |', 'model.parameters')), true);
  assert.equal(concrete(await signal(zh, '| 青云-Large |', 'model.context-length')), true);
  const other = '# Orca\n\n## Results\n\n| Model | Size of test set | MMLU |\n|---|---|---|\n| Orca-Large | 14042 | 88.1 |\n';
  assert.equal(concrete(await signal(other, '| Orca-Large |', 'model.parameters')), false);
});

test('sizes of the released variants are a parameter count; a size in a model name is not (en and zh)', async () => {
  const en = '# Orca\n\n## Introduction\n\nOrca comes in 8B, 70B and 405B sizes.\n\nThis release includes Base and Chat versions for 7B and 13B.\n\nOrca-13B-Chat is a chat model.\n';
  const zh = '# 青云\n\n## 模型介绍\n\n本次发布包含 7B、13B 的 Base 和 Chat 版本。\n\n我们发布了 13B 尺寸的青云底座模型。\n\n青云-13B-Chat 是一个对话模型。\n';
  assert.equal(concrete(await signal(en, '405B sizes', 'model.parameters')), true);
  assert.equal(concrete(await signal(en, 'versions for 7B', 'model.parameters')), true);
  assert.equal(concrete(await signal(en, 'Orca-13B-Chat is', 'model.parameters')), false);
  assert.equal(concrete(await signal(zh, '包含 7B', 'model.parameters')), true);
  assert.equal(concrete(await signal(zh, '13B 尺寸', 'model.parameters')), true);
  assert.equal(concrete(await signal(zh, '青云-13B-Chat 是', 'model.parameters')), false);
});

test('a prohibition addressed to users states an out-of-scope use (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Statement\n\nWe strongly call on all users not to use Orca models for any activities that harm social security.\n\nWe strongly warn against the use of Orca-7B for spreading harmful information.\n\nWe don\'t use system prompts for file upload.\n';
  const zh = '# 青云-7B\n\n## 声明\n\n恳请大家勿将开源模型和代码及基于开源项目产生的衍生物用于任何可能给国家和社会带来危害的用途。\n';
  const id = 'eval.intended-use';
  assert.equal(concrete(await signal(en, 'not to use Orca', id)), true);
  assert.equal(concrete(await signal(en, 'warn against', id)), true);
  assert.equal(concrete(await signal(en, 'system prompts', id)), false);
  assert.equal(concrete(await signal(zh, '勿将', id)), true);
});

test('a version number without a date is half an answer; a release date is the answer (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Model details\n\nv1.0 is the latest version number.\n\nOrca-7B v1.1 was released on 2024-05-06.\n';
  const zh = '# 青云-7B\n\n## 版本\n\nv1.0 是最新的版本号。\n\n青云-7B 于 2024年5月6日发布。\n';
  const id = 'model.version';
  assert.equal((await signal(en, 'latest version', id))?.strong, false);
  assert.equal((await signal(en, 'latest version', id))?.vague, true);
  assert.equal((await signal(en, 'was released on', id))?.strong, true);
  assert.equal((await signal(zh, '最新的版本号', id))?.strong, false);
  assert.equal((await signal(zh, '最新的版本号', id))?.vague, true);
  assert.equal((await signal(zh, '5月6日发布', id))?.strong, true);
});

test('sampling settings for running the model, a training recipe’s CoT data and a pointer to the paper are not the evaluation setup (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Usage\n\n```sh\norca-chat --max_tokens 1024 --temperature 0.35\n```\n\n## Training\n\nIn the first stage, we fine-tuned the models using long chain-of-thought data.\n\n## Evaluation\n\nFor few-shot settings and prompts, please check our paper.\n\nAll benchmarks are run 5-shot with greedy decoding.\n';
  const zh = '# 青云-7B\n\n## 快速开始\n\n```sh\nqingyun-chat --temperature 0.35\n```\n\n## 评测\n\n少样本设置和提示词详见我们的技术报告。\n\n所有基准均采用 5-shot 评测。\n';
  const id = 'eval.setup';
  assert.equal(concrete(await signal(en, 'temperature 0.35', id)), false);
  assert.equal(concrete(await signal(en, 'fine-tuned the models', id)), false);
  assert.equal(concrete(await signal(en, 'please check our paper', id)), false);
  assert.equal(concrete(await signal(en, 'greedy decoding', id)), true);
  assert.equal(concrete(await signal(zh, 'temperature 0.35', id)), false);
  assert.equal(concrete(await signal(zh, '技术报告', id)), false);
  assert.equal(concrete(await signal(zh, '5-shot', id)), true);
});

test('a channel for problems and feedback is an answer; a bare contact address is not (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Contact\n\nContact us at team@orca.example.\n\nIf you have any questions, please raise an issue or contact us at help@orca.example.\n\nYou can submit feedback on Orca directly in-product.\n';
  const zh = '# 青云-7B\n\n## 联系我们\n\n邮箱：team@qingyun.example\n\n如遇到问题，请提交 issue 反馈。\n';
  const id = 'impact.feedback';
  assert.equal(concrete(await signal(en, 'Contact us at', id)), false);
  assert.equal(concrete(await signal(en, 'raise an issue', id)), true);
  assert.equal(concrete(await signal(en, 'submit feedback', id)), true);
  assert.equal(concrete(await signal(zh, '邮箱', id)), false);
  assert.equal(concrete(await signal(zh, '提交 issue', id)), true);
});

test('a comparison in prose with the other side’s number names a baseline (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Results\n\nOrca-7B scored 71.2% on the bar exam, up from 56.0% with Orca-3B.\n\nIn an internal coding evaluation, Orca-7B solved 64% of problems, outperforming Orca-3B which solved 38%.\n\nOrca-7B performs well.\n';
  const zh = '# 青云-7B\n\n## 评测\n\n相比于初代模型，青云-7B 在 MMLU 上提升了 23%。\n\n青云-7B 表现良好。\n';
  const id = 'eval.baselines';
  assert.equal(concrete(await signal(en, 'up from', id)), true);
  assert.equal(concrete(await signal(en, 'which solved 38%', id)), true);
  assert.equal(concrete(await signal(en, 'performs well', id)), false);
  assert.equal(concrete(await signal(zh, '相比于初代', id)), true);
  assert.equal(concrete(await signal(zh, '表现良好', id)), false);
});

test('a language switcher for the page is not a training-data language list; "结果" is a results heading', async () => {
  const md = '# Orca-7B\n\n中文 | English\n\n## Training data\n\nOrca-7B was trained on English and Chinese text.\n';
  assert.equal((await signal(md, '中文 | English', 'data.languages'))?.excluded ?? true, true);
  assert.equal(concrete(await signal(md, 'English and Chinese text', 'data.languages')), true);
  const zh = '# 青云-7B\n\n## Benchmark 结果\n\n| 模型 | MMLU |\n|---|---|\n| GPT-4 | 83.9 |\n| 青云-7B | 61.2 |\n';
  assert.equal((await signal(zh, '| GPT-4 |', 'eval.baselines'))?.head, 1);
});

test('thousands of tokens, or the tokens of the documents a model reads, are no training-data size (en and zh)', async () => {
  const en = '# Orca-7B\n\nOrca-7B supports contexts of up to 128K tokens.\n\nWe release an agent for documents containing up to 1 million tokens.\n\n## Training data\n\nOrca-7B was pretrained on 3 trillion tokens.\n';
  const zh = '# 青云-7B\n\n青云-7B 支持最高 128K tokens 的上下文。\n\n## 训练数据\n\n青云-7B 在 3 万亿 tokens 上完成预训练。\n';
  const id = 'data.size';
  assert.equal(concrete(await signal(en, '128K tokens', id)), false);
  assert.equal(concrete(await signal(en, '1 million tokens', id)), false);
  assert.equal(concrete(await signal(en, '3 trillion tokens', id)), true);
  assert.equal(concrete(await signal(zh, '128K tokens', id)), false);
  assert.equal(concrete(await signal(zh, '万亿', id)), true);
});

test('rows about other models count for the baselines (others: true), not for the audited model’s own facts', async () => {
  const { docFeatures, FEATURE_NAMES } = await import('../../src/checks/features.js');
  const md = '# Orca-13B\n\n## Results\n\n| Model | Params | MMLU |\n|---|---|---|\n| Llama-2-13B | 13B | 41.4 |\n| Baichuan2-13B | 13B | 58.1 |\n';
  const doc = await ingest({ bytes: Buffer.from(md), source: 'card.md' });
  const ss = segment(doc);
  const a = analyse(doc, ss, rubric, null);
  const at = FEATURE_NAMES.indexOf('nStrongNotExcl');
  const x = (id: string) => docFeatures(rubric.indicators.findIndex((i) => i.id === id), a, ss, rubric).x[at];
  assert.ok(x('eval.baselines') > 0, 'baseline rows answer eval.baselines');
  assert.equal(x('model.parameters'), 0, 'another model’s size is not Orca’s');
});

test('an HTML page’s download link says where the weights are, as the same link in Markdown does', async () => {
  const html = '<html><body><main><h1>Orca-7B</h1><h2>Models</h2><p><a href="https://huggingface.co/orca/orca-7b">Orca-7B Download</a></p></main></body></html>';
  const doc = await ingest({ bytes: Buffer.from(html), source: 'page.html' });
  const ss = segment(doc);
  const k = rubric.indicators.findIndex((i) => i.id === 'access.weights');
  const a = analyse(doc, ss, rubric, null);
  const i = ss.findIndex((s) => s.text.includes('Orca-7B Download'));
  assert.ok(i >= 0);
  assert.equal(concrete(a.signals[k].find((g) => g.s === i)), true);
});

test('a page’s published date (metadata, no sentence) is a release date: model.version is not silent', async () => {
  const { auditBytes } = await import('../../src/audit.js');
  const page = (meta: string) => `<html><head><title>Introducing Orca 2</title>${meta}</head><body><main><h1>Introducing Orca 2</h1><p>Today we release Orca 2, our most capable model, available on our API.</p></main></body></html>`;
  const dated = await auditBytes({ bytes: Buffer.from(page('<meta property="article:published_time" content="2024-06-20T10:00:00Z">')), source: 'post.html' });
  const undated = await auditBytes({ bytes: Buffer.from(page('')), source: 'post.html' });
  const version = (a: typeof dated) => a.indicators.find((f) => f.id === 'model.version')!;
  assert.notEqual(version(dated).status, 'absent');
  assert.equal(version(dated).facts?.releaseDate, '2024-06-20');
  assert.equal(version(undated).facts?.releaseDate, undefined);
});

test('zh cue senses: precision advice, a licence grant, generated content and a context size are not mitigations, data rights, synthetic data or data size', async () => {
  const md = [
    '# 青云-7B',
    '## 说明',
    '如果你的机器支持bf16，我们建议使用bf16，这样可以和我们的预训练和对齐训练保持一致。',
    '我们通过安全对齐训练减少有害输出。',
    '审核通过后，我们将授予您一个非排他性的商用版权许可。',
    '我们剔除了受版权保护的内容。',
    '请谨慎使用模型生成的内容。',
    '部分微调数据为合成数据，由青云-70B 生成。',
    '我们开源了一个智能体方案，用于处理100万tokens级别的上下文。',
  ].join('\n\n');
  assert.equal(concrete(await signal(md, '支持bf16', 'risk.mitigations')), false);
  assert.equal(concrete(await signal(md, '安全对齐训练', 'risk.mitigations')), true);
  assert.equal(concrete(await signal(md, '商用版权许可', 'data.rights')), false);
  assert.equal(concrete(await signal(md, '受版权保护', 'data.rights')), true);
  assert.equal(concrete(await signal(md, '谨慎使用', 'data.synthetic')), false);
  assert.equal(concrete(await signal(md, '青云-70B 生成', 'data.synthetic')), true);
  assert.equal(concrete(await signal(md, '100万tokens', 'data.size')), false);
});
