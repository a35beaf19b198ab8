/**
 * Claims: small English and Chinese documents with the expected claims inline (textlint-tester style:
 * `valid` documents make no claim; `invalid` documents make the listed claims).
 * Each expectation names only what it checks: kind, verdict and the four flags.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Claim } from '../../src/types.js';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { findClaims, loadClaimRules, unsubstantiated, type FindClaimsOptions } from '../../src/claims/index.js';
import { buildContext } from '../../src/claims/context.js';
import { findCandidates } from '../../src/claims/detect.js';
import { lex } from '../../src/claims/rules.js';

async function claimsOf(md: string, opts?: FindClaimsOptions): Promise<Claim[]> {
  const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
  return findClaims(doc, segment(doc), opts);
}

type Expect = Partial<Pick<Claim, 'kind' | 'verdict' | 'benchmarkNamed' | 'baselineNamed' | 'numbersGiven' | 'setupGiven' | 'subject'>> & {
  /** Text the claim's quote contains. */
  quote: string;
  /** The claim points at a related table or section. */
  related?: boolean;
};

interface Case { name: string; md: string; claims: Expect[] }

/** Documents that make no claim. */
const valid: Array<{ name: string; md: string }> = [
  {
    name: 'a benchmark table alone: its rows are evidence, not claims',
    md: '# Orca-7B\n\n| Benchmark | Orca-7B | GPT-4o |\n|---|---|---|\n| MMLU | 88.1 | 87.2 |\n| GSM8K | 91.0 | 90.5 |\n',
  },
  {
    name: 'claim words inside a code block',
    md: '# Orca-7B\n\n```python\nprint("Orca-7B is 2x faster than Orca-3B")\n```\n',
  },
  {
    name: 'installation instructions',
    md: '# Orca-7B\n\n## Quickstart\n\nInstall the package with pip and run the example script.\n',
  },
  {
    name: 'Chinese usage notes',
    md: '# Orca-7B\n\n## 使用方法\n\n请先安装依赖，然后运行下面的命令。\n',
  },
  {
    name: '"best practices" and "the first stage" are not superlatives',
    md: '# Orca-7B\n\nThis guide collects best practices for prompting Orca-7B.\n\nIn the first stage, Orca-7B is pretrained on web text; the second stage adds code.\n',
  },
  {
    name: 'built on top of another model, a top-N list of data, a limit: not comparisons (en and zh)',
    md: '# Orca-7B\n\nOrca-7B-Chat is fine-tuned on top of Orca-7B with instruction data.\n\nThe top 15 domains by volume in the training data are listed in the appendix.\n\n推理时批处理大小不超过 8，输入长度不超过 4096。\n',
  },
  {
    name: '"exceeding 30 trillion tokens" bounds a size, it compares with no model',
    md: '# Orca-7B\n\n## Pretraining\n\nIn the first stage, the model was pretrained on a corpus exceeding 30 trillion tokens with a 4K context.\n',
  },
  {
    name: '"超过 30 万亿" bounds a size, it compares with no model',
    md: '# 青云-7B\n\n## 预训练\n\n在第一阶段，模型在超过 30 万亿个 token 上进行了预训练，上下文长度为 4K token。\n',
  },
  {
    name: '"a multiple of 8" (8 的倍数) is arithmetic, not a speed-up',
    md: '# 青云-7B\n\n## 训练\n\n每个文件的行数须为 8 的倍数。\n',
  },
  {
    name: 'how a comparison table was filled ("we report the best scores") is method, not a claim',
    md: '# Orca-7B\n\n## Evaluation\n\nFor all compared models we report the best scores between the official results and our own runs.\n',
  },
  {
    name: 'how a comparison table was filled ("列出了……最佳分数") is method, not a claim',
    md: '# 青云-7B\n\n## 评测\n\n对于以上所有对比模型，我们列出了其官方汇报结果与 OpenCompass 结果之间的最佳分数。\n',
  },
  {
    name: 'choosing the best candidate or the best-performing data mix describes a method, not the model',
    md: '# Orca-7B\n\n## Training\n\nWe sample eight answers per prompt and select the best candidate with a reward model.\n\nAfter several ablations we kept the best-performing data mixture for the final run.\n',
  },
  {
    name: 'choosing the best configuration (确认了表现最好的配比) describes a method, not the model',
    md: '# 青云-7B\n\n## 训练\n\n经过多轮消融实验，我们最终确认了一个在下游任务上表现最好的中英文配比。\n',
  },
  {
    name: 'a repetition count and an architecture ratio are not speed-ups ("three times with", "8/3 times the hidden size")',
    md: '# Orca-7B\n\n## Training\n\nWe trained the 7B model three times with different data orders on 50B tokens and averaged the weights.\n\nThe feed-forward layer uses 8/3 times the hidden size of the model.\n',
  },
  {
    name: 'an architecture ratio (8/3 倍的隐含层大小) is not a speed-up',
    md: '# 青云-7B\n\n## 模型结构\n\n前馈层采用 SwiGLU 激活，中间维度为 8/3 倍的隐含层大小。\n',
  },
  {
    name: 'a sentence that gives command-line options is a usage instruction ("--speculative-num-steps 3")',
    md: '# Orca-7B\n\n## Serving\n\nAll Orca-7B servers specify `--speculative-num-steps 3 --draft-tokens 4` to ensure competitive inference speed.\n',
  },
  {
    name: 'a sentence that gives command-line options is a usage instruction (指定 --speculative-num-steps 3)',
    md: '# 青云-7B\n\n所有模型都使用 MTP 层，并指定 `--speculative-num-steps 3 --draft-tokens 4` 以确保具有竞争力的推理速度。\n',
  },
  {
    name: 'an instruction ("只需要执行以下命令即可") is no efficiency claim',
    md: '# 青云-7B\n\n## 量化\n\n用户加载青云-7B-4bits 模型很简单，只需要执行以下命令即可。\n',
  },
  {
    name: 'specification lines state values and claim nothing (en and zh)',
    md: '# Orca-7B\n\n## Model details\n\n- **Parameters:** 7.2B\n- **Context length:** 8,192 tokens\n- **Training tokens:** 2.1 trillion\n\n## 模型信息\n\n- 参数量：72 亿\n- 上下文长度：8192 tokens\n',
  },
  {
    name: 'the first model of a series is an order, not a rank (en and zh)',
    md: '# Orca-7B\n\nOrca-7B is the first model of the Orca series.\n\n我们发布 Orca 系列首个模型 Orca-7B，并提供最佳实践文档。\n',
  },
];

/** Documents with claims, expected results inline. */
const invalid: Case[] = [
  // speed
  {
    name: 'a dash in prose is no command-line option: the claim stays (en and zh)',
    md: '# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B -- and no-one else is close.\n\n## 速度\n\nOrca-7B 的速度是 Orca-3B 的 2 倍--非常快。\n',
    claims: [{ quote: '2x faster', kind: 'speed' }, { quote: '2 倍', kind: 'speed' }],
  },
  {
    name: 'speed, no numbers anywhere: unsubstantiated',
    md: '# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B.\n',
    claims: [{ quote: '2x faster', kind: 'speed', verdict: 'unsubstantiated', numbersGiven: false, baselineNamed: true, subject: 'Orca-7B' }],
  },
  {
    name: 'speed with a tokens/s table and its setup: substantiated',
    md: '# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B.\n\n## Speed\n\nMeasured on one A100 GPU in bf16 with batch size 1, 512 input and 256 output tokens; mean of 5 runs with vLLM.\n\n| Model | tokens/s |\n|---|---|\n| Orca-7B | 84.2 |\n| Orca-3B | 41.0 |\n',
    claims: [{ quote: '2x faster', kind: 'speed', verdict: 'substantiated', numbersGiven: true, setupGiven: true, related: true }],
  },
  {
    name: 'speed in Chinese, no numbers: unsubstantiated',
    md: '# Orca-7B\n\nOrca-7B 的推理速度是 Orca-3B 的两倍。\n',
    claims: [{ quote: '两倍', kind: 'speed', verdict: 'unsubstantiated', numbersGiven: false, baselineNamed: true }],
  },
  {
    name: 'a heading can be a claim',
    md: '# Orca-7B\n\n## Frontier intelligence at 2x the speed\n\nOrca-7B is our new model.\n',
    claims: [{ quote: '2x the speed', kind: 'speed', verdict: 'unsubstantiated' }],
  },
  {
    name: 'speed named more than memory: a speed claim',
    md: '# Orca-7B\n\nOrca-7B achieves up to a 2.5x speedup in time to first token and lowers memory pressure at long context.\n',
    claims: [{ quote: '2.5x speedup', kind: 'speed', verdict: 'unsubstantiated' }],
  },
  {
    name: 'speed named more than memory in Chinese: a speed claim',
    md: '# Orca-7B\n\nOrca-7B 在首字延迟上实现了高达 2.5 倍的加速，并降低了显存压力。\n',
    claims: [{ quote: '2.5 倍', kind: 'speed' }],
  },
  {
    name: 'tool utilization is a capability, not hardware efficiency',
    md: '# Orca-7B\n\nOrca-7B has much better tool utilization capabilities in instruction following and tool selection.\n',
    claims: [{ quote: 'tool utilization', kind: 'performance' }],
  },
  // superiority
  {
    name: 'a general superiority claim is backed by the evaluation table elsewhere in the document: partly',
    md: '# Orca-7B\n\n## Introduction\n\nOrca-7B outcompetes open models of similar or even larger sizes.\n\n## Evaluation\n\n| Benchmark | Orca-7B | Llama-2-13B | Mistral-7B |\n|---|---|---|---|\n| MMLU | 68.1 | 55.0 | 62.5 |\n| GSM8K | 71.0 | 28.7 | 52.2 |\n',
    claims: [{ quote: 'outcompetes open models', kind: 'superiority', benchmarkNamed: true, baselineNamed: true, numbersGiven: true, verdict: 'partly', related: true }],
  },
  {
    name: 'the table a claim names sits under its benchmark\'s heading, behind the command that produced it',
    md: '# Orca-7B\n\nOrca-7B achieves the best MMLU results among open models of its size.\n\n## Evaluation\n\n### MMLU\n\nWe evaluate 5-shot with the official script:\n\n```bash\npython eval.py --shots 5\n```\n\n| Model | Humanities | STEM | Average |\n|---|---|---|---|\n| Orca-7B | 61.2 | 55.3 | 58.9 |\n| Llama-2-7B | 51.0 | 42.1 | 45.3 |\n',
    claims: [{ quote: 'best MMLU results', kind: 'superiority', benchmarkNamed: true, numbersGiven: true, verdict: 'partly', related: true }],
  },
  {
    name: 'the same claim in Chinese, backed by the evaluation table: partly',
    md: '# 青云-7B\n\n## 简介\n\n青云-7B 超越了同等规模甚至更大规模的开源模型。\n\n## 评测结果\n\n| 基准 | 青云-7B | Llama-2-13B | Mistral-7B |\n|---|---|---|---|\n| MMLU | 68.1 | 55.0 | 62.5 |\n| C-Eval | 71.0 | 38.7 | 45.2 |\n',
    claims: [{ quote: '超越了同等规模', kind: 'superiority', benchmarkNamed: true, baselineNamed: true, numbersGiven: true, verdict: 'partly', related: true }],
  },
  {
    name: 'superiority in Chinese with a table naming the baseline and numbers',
    md: '# Orca-7B\n\nOrca-7B 在 MMLU 上超越 GPT-4o。\n\n## 评测\n\n| 模型 | MMLU |\n|---|---|\n| Orca-7B | 88.1 |\n| GPT-4o | 87.2 |\n',
    claims: [{ quote: '超越 GPT-4o', kind: 'superiority', benchmarkNamed: true, baselineNamed: true, numbersGiven: true, related: true }],
  },
  {
    name: 'a domain word inside a model name ("Orca-7B-Chat") does not make the claim a chat-domain claim',
    md: '# Orca-7B\n\n## Evaluation\n\nThe performance of Orca-7B-Chat is on top among other aligned models of comparable size.\n\n| Model | MMLU |\n|---|---|\n| Orca-7B-Chat | 61.2 |\n| Vicuna-7B | 47.1 |\n',
    claims: [{ quote: 'on top', kind: 'superiority', numbersGiven: true, benchmarkNamed: true, baselineNamed: true, related: true }],
  },
  {
    name: 'a domain word inside a model name, Chinese',
    md: '# Orca-7B\n\n## 评测\n\nOrca-7B-Chat 的表现在同尺寸对齐模型中名列前茅。\n\n| 模型 | MMLU |\n|---|---|\n| Orca-7B-Chat | 61.2 |\n| Vicuna-7B | 47.1 |\n',
    claims: [{ quote: '名列前茅', kind: 'superiority', numbersGiven: true, benchmarkNamed: true, related: true }],
  },
  {
    name: 'a general claim in a conclusion is backed by the nearest table that names benchmarks',
    md: '# Orca-7B\n\n## Evaluation\n\n| Model | MMLU | GSM8K |\n|---|---|---|\n| Orca-7B | 61.2 | 50.3 |\n| Vicuna-7B | 47.1 | 20.4 |\n\n## Tools\n\n| Model | Tool selection accuracy | Tool input score |\n|---|---|---|\n| Orca-7B | 0.91 | 0.88 |\n| GPT-4 | 0.95 | 0.90 |\n\n## Conclusion\n\nOrca-7B demonstrates strong performance compared to existing open models of similar size.\n',
    claims: [{ quote: 'strong performance', numbersGiven: true, benchmarkNamed: true, related: true }],
  },
  {
    name: 'a general claim in a conclusion, Chinese',
    md: '# Orca-7B\n\n## 评测\n\n| 模型 | MMLU | GSM8K |\n|---|---|---|\n| Orca-7B | 61.2 | 50.3 |\n| Vicuna-7B | 47.1 | 20.4 |\n\n## 工具\n\n| 模型 | 工具选择准确率 | 工具输入得分 |\n|---|---|---|\n| Orca-7B | 0.91 | 0.88 |\n| GPT-4 | 0.95 | 0.90 |\n\n## 总结\n\n相比同规模的开源模型，Orca-7B 展现出了强劲的性能。\n',
    claims: [{ quote: '强劲的性能', numbersGiven: true, benchmarkNamed: true, related: true }],
  },
  {
    name: 'a claim naming its baseline is not backed by a table without that baseline',
    md: '# Orca-7B\n\n## Evaluation\n\nOrca-7B surpasses GPT-4o in Chinese.\n\n| Model | C-Eval | CMMLU |\n|---|---|---|\n| Orca-7B | 61.2 | 60.1 |\n| Vicuna-7B | 47.1 | 45.0 |\n',
    claims: [{ quote: 'surpasses GPT-4o', kind: 'superiority', numbersGiven: false, baselineNamed: true }],
  },
  {
    name: 'a claim naming its baseline is not backed by a table without that baseline (zh)',
    md: '# Orca-7B\n\n## 评测\n\nOrca-7B 在中文能力上超越了 GPT-4o。\n\n| 模型 | C-Eval | CMMLU |\n|---|---|---|\n| Orca-7B | 61.2 | 60.1 |\n| Vicuna-7B | 47.1 | 45.0 |\n',
    claims: [{ quote: '超越了 GPT-4o', kind: 'superiority', numbersGiven: false, baselineNamed: true }],
  },
  {
    name: 'a novelty superlative is not backed by a score table',
    md: '# Orca-7B\n\n## Evaluation\n\nOrca-7B is the first open-weight hybrid-attention reasoning model, with strong reasoning performance.\n\n| Model | BBH | ARC-C |\n|---|---|---|\n| Orca-7B | 81.2 | 50.1 |\n| Vicuna-7B | 47.1 | 10.0 |\n',
    claims: [{ quote: 'the first open-weight', numbersGiven: false, related: false }],
  },
  {
    name: 'an extent superlative in Chinese is not backed by a score table',
    md: '# Orca-7B\n\n## 评测\n\nOrca-7B 支持 8K 的上下文长度，推理能力出色，为同尺寸模型中最长。\n\n| 模型 | BBH | ARC-C |\n|---|---|---|\n| Orca-7B | 81.2 | 50.1 |\n| Vicuna-7B | 47.1 | 10.0 |\n',
    claims: [{ quote: '最长', related: false }],
  },
  {
    name: 'a list of tutorials with dates is not a table of results',
    md: '# Orca-7B\n\n## Tutorials\n\nOrca-7B clearly outperforms other open models of its size on benchmarks.\n\n| Deliverable | Date | Author |\n|---|---|---|\n| Running Orca-7B on C-Eval with a laptop | 2024-05-11 | Ann |\n| Orca-7B and Vicuna-7B side by side | 2024-06-02 | Bo |\n',
    claims: [{ quote: 'outperforms other open models', numbersGiven: false, related: false }],
  },
  {
    name: 'a list of tutorials with dates is not a table of results (zh)',
    md: '# Orca-7B\n\n## 教程\n\nOrca-7B 在推理和阅读理解方面超越了同尺寸的其他开源模型。\n\n| 内容 | 日期 | 作者 |\n|---|---|---|\n| 在笔记本上用 C-Eval 测试 Orca-7B | 2024-05-11 | 安 |\n| Orca-7B 与 Vicuna-7B 对比体验 | 2024-06-02 | 博 |\n',
    claims: [{ quote: '超越了同尺寸', numbersGiven: false, related: false }],
  },
  {
    name: 'numbers about a competitor only do not substantiate the subject',
    md: '# Orca-7B\n\nOrca-7B outperforms GPT-4o on MMLU.\n\n## Results\n\n| Model | MMLU |\n|---|---|\n| GPT-4o | 87.2 |\n| Claude 3 Opus | 86.8 |\n',
    claims: [{ quote: 'outperforms GPT-4o', kind: 'superiority', numbersGiven: false, benchmarkNamed: true, baselineNamed: true }],
  },
  {
    name: 'state-of-the-art with only a chart image: unsubstantiated',
    md: '# Orca-7B\n\nOrca-7B achieves state-of-the-art results on MMLU.\n\n![MMLU chart](chart.png)\n',
    claims: [{ quote: 'state-of-the-art', kind: 'superiority', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: '"see the paper" is not numbers given',
    md: '# Orca-7B\n\nOrca-7B achieves state-of-the-art results on MMLU; see the paper for details.\n',
    claims: [{ quote: 'state-of-the-art', kind: 'superiority', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: 'a Chinese superlative without evidence',
    md: '# Orca-7B\n\nOrca-7B 在同尺寸开源模型中取得了最好的效果，业界第一。\n',
    claims: [{ quote: '业界第一', kind: 'superiority', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  // performance
  {
    name: 'a relative claim with no referent: unsubstantiated',
    md: '# Orca-7B\n\nOrca-7B is 30% better.\n',
    claims: [{ quote: '30% better', verdict: 'unsubstantiated', numbersGiven: false, baselineNamed: false }],
  },
  {
    name: 'performance with both scores in the sentence: numbers given, setup missing: partly',
    md: '# Orca-7B\n\nOrca-7B scores 85.3% on GSM8K, up from 71.0% for Orca-3B.\n',
    claims: [{ quote: '85.3%', kind: 'performance', verdict: 'partly', numbersGiven: true, benchmarkNamed: true, baselineNamed: true, setupGiven: false }],
  },
  {
    name: 'an improvement with no referent is not backed by a score table elsewhere: unsubstantiated',
    md: '# Orca-7B\n\n## Highlights\n\nSignificantly improved the coding and reasoning abilities of the model.\n\n## Evaluation\n\n| Benchmark | Orca-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| HumanEval | 40.1 | 12.8 |\n',
    claims: [{ quote: 'Significantly improved', kind: 'performance', verdict: 'unsubstantiated', numbersGiven: false, related: false }],
  },
  {
    name: 'an improvement with no referent in Chinese is not backed by a score table elsewhere: unsubstantiated',
    md: '# 青云-7B\n\n## 亮点\n\n大幅提升了模型的代码和推理能力。\n\n## 评测结果\n\n| 基准 | 青云-7B | Llama-2-7B |\n|---|---|---|\n| HumanEval | 40.1 | 12.8 |\n| GSM8K | 52.6 | 14.6 |\n',
    claims: [{ quote: '大幅提升了模型', kind: 'performance', verdict: 'unsubstantiated', numbersGiven: false, related: false }],
  },
  {
    name: 'an improvement over a named referent is backed by the table that holds both',
    md: '# Orca-7B\n\n## Highlights\n\nCompared with Llama-2-7B, Orca-7B significantly improved its coding ability.\n\n## Evaluation\n\n| Benchmark | Orca-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| HumanEval | 40.1 | 12.8 |\n',
    claims: [{ quote: 'significantly improved', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'an improvement over a named referent in Chinese is backed by the table that holds both',
    md: '# 青云-7B\n\n## 亮点\n\n相比 Llama-2-7B，青云-7B 的代码能力大幅提升。\n\n## 评测结果\n\n| 基准 | 青云-7B | Llama-2-7B |\n|---|---|---|\n| C-Eval | 60.4 | 32.1 |\n| HumanEval | 40.1 | 12.8 |\n',
    claims: [{ quote: '大幅提升', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'a dotted date before a claim is no measurement: a bare speed-up stays unsubstantiated',
    md: '# Orca-7B\n\n## News\n\n- [2025.06.06] Orca-7B is released: over 5x faster generation on typical edge chips.\n',
    claims: [{ quote: '5x faster', kind: 'speed', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: 'a dotted date before a Chinese claim is no measurement: a bare speed-up stays unsubstantiated',
    md: '# 青云-7B\n\n## 动态\n\n- [2025.06.06] 青云-7B 发布：在典型端侧芯片上提供 5 倍以上生成加速。\n',
    claims: [{ quote: '5 倍以上生成加速', kind: 'speed', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: 'a length ("a maximum length of 4096") is no score',
    md: '# Orca-7B\n\nAlthough trained with a maximum length of 4096, Orca-7B extends remarkably well to much longer inputs in our tests.\n',
    claims: [{ quote: 'extends remarkably well', kind: 'performance', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: 'a length in Chinese ("最大长度为4096") is no score',
    md: '# 青云-7B\n\n虽然训练过程中最大长度为4096，但是实际测试中青云-7B 可以很好的扩展到更长的输入。\n',
    claims: [{ quote: '很好的扩展', kind: 'performance', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  {
    name: 'a comparison with a named model, its table and the shots: substantiated (no "as of" needed)',
    md: '# Orca-7B\n\n## Evaluation\n\nOrca-7B outperforms Llama-2-13B on MMLU and GSM8K.\n\n| Benchmark | Orca-7B | Llama-2-13B |\n|---|---|---|\n| MMLU (5-shot) | 68.1 | 55.0 |\n| GSM8K (8-shot) | 71.0 | 28.7 |\n',
    claims: [{ quote: 'outperforms Llama-2-13B', kind: 'superiority', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'a comparison with a named model in Chinese, its table and the shots: substantiated',
    md: '# 青云-7B\n\n## 评测\n\n青云-7B 在 MMLU 和 GSM8K 上超越了 Llama-2-13B。\n\n| 基准 | 青云-7B | Llama-2-13B |\n|---|---|---|\n| MMLU (5-shot) | 68.1 | 55.0 |\n| GSM8K (8-shot) | 71.0 | 28.7 |\n',
    claims: [{ quote: '超越了 Llama-2-13B', kind: 'superiority', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'a superlative over the same table ranks among all models: it needs an "as of" date, partly',
    md: '# Orca-7B\n\n## Evaluation\n\nOrca-7B achieves the best results among open models of its size on MMLU and GSM8K.\n\n| Benchmark | Orca-7B | Llama-2-13B |\n|---|---|---|\n| MMLU (5-shot) | 68.1 | 55.0 |\n| GSM8K (8-shot) | 71.0 | 28.7 |\n',
    claims: [{ quote: 'the best results', kind: 'superiority', verdict: 'partly', setupGiven: false }],
  },
  {
    name: 'a Chinese superlative over the same table needs an "as of" date: partly',
    md: '# 青云-7B\n\n## 评测\n\n青云-7B 在 MMLU 和 GSM8K 上取得了同尺寸开源模型中最好的成绩。\n\n| 基准 | 青云-7B | Llama-2-13B |\n|---|---|---|\n| MMLU (5-shot) | 68.1 | 55.0 |\n| GSM8K (8-shot) | 71.0 | 28.7 |\n',
    claims: [{ quote: '最好的成绩', kind: 'superiority', verdict: 'partly', setupGiven: false }],
  },
  {
    name: 'a quantization claim over a table of benchmark scores by precision: the benchmarks are its workload, substantiated',
    md: '# Orca-7B\n\n## Quantization\n\nCompared with BF16, the Int4 model loses little accuracy while using much less GPU memory.\n\n| Model | MMLU | GSM8K | Memory (GB) |\n|---|---|---|---|\n| Orca-7B (BF16) | 61.2 | 50.1 | 16.2 |\n| Orca-7B (Int4) | 60.5 | 48.9 | 5.8 |\n',
    claims: [{ quote: 'loses little accuracy', kind: 'efficiency', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'a Chinese quantization claim over a table of benchmark scores by precision: substantiated',
    md: '# 青云-7B\n\n## 量化\n\n相比 BF16，Int4 量化模型的精度损失很小，同时显著降低显存占用。\n\n| 模型 | MMLU | GSM8K | 显存 (GB) |\n|---|---|---|---|\n| 青云-7B (BF16) | 61.2 | 50.1 | 16.2 |\n| 青云-7B (Int4) | 60.5 | 48.9 | 5.8 |\n',
    claims: [{ quote: '精度损失很小', kind: 'efficiency', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'a sibling joined to the subject by "and" is a second subject, not a baseline',
    md: '# Orca-13B\n\nOrca-13B and Orca-13B-200K stand out among open models, excelling in MMLU and reading comprehension.\n',
    claims: [{ quote: 'stand out', kind: 'superiority', baselineNamed: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'a sibling joined to the subject by "和" is a second subject, not a baseline',
    md: '# Orca-13B\n\nOrca-13B 和 Orca-13B-200K 模型在开源模型中脱颖而出，尤其在 MMLU 和阅读理解方面表现卓越。\n',
    claims: [{ quote: '脱颖而出', kind: 'superiority', baselineNamed: false, verdict: 'unsubstantiated' }],
  },
  {
    name: '"compared with A, B": A is still the baseline',
    md: '# Orca-13B\n\nCompared with Orca-7B, Orca-13B has much stronger performance on MMLU.\n',
    claims: [{ quote: 'Compared with Orca-7B', baselineNamed: true }],
  },
  {
    name: '"相较 A，B": A is still the baseline',
    md: '# 青云-13B\n\n相较 青云-7B，青云-13B 在 MMLU 上的表现显著提升。\n',
    claims: [{ quote: '相较 青云-7B', baselineNamed: true }],
  },
  {
    name: 'speed with its hardware and baseline but no numbers: partly (the hardware is the speed setup)',
    md: '# Orca-7B\n\nOn a Jetson AGX Orin board, Orca-7B decodes about 7x faster than Orca-3B.\n',
    claims: [{ quote: '7x faster', kind: 'speed', verdict: 'partly', numbersGiven: false, baselineNamed: true, setupGiven: true }],
  },
  {
    name: 'speed in Chinese with its hardware and baseline ("相较于 A，B") but no numbers: partly',
    md: '# Orca-7B\n\n在 Jetson AGX Orin 平台上，相较于 Orca-3B，Orca-7B 实现了约 7 倍的生成速度提升。\n',
    claims: [{ quote: '7 倍的生成速度提升', kind: 'speed', verdict: 'partly', numbersGiven: false, baselineNamed: true, setupGiven: true }],
  },
  {
    name: 'speed with lengths, batch and software but no hardware: the setup is not given',
    md: '# Orca-7B\n\nAt 32K input tokens and batch size 1 with vLLM, Orca-7B decodes about 7x faster than Orca-3B.\n',
    claims: [{ quote: '7x faster', kind: 'speed', setupGiven: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'speed in Chinese with lengths, batch and software but no hardware: the setup is not given',
    md: '# Orca-7B\n\n在 32K 输入长度下以单条并发使用 vLLM 推理时，Orca-7B 的生成速度是 Orca-3B 的 7 倍。\n',
    claims: [{ quote: '7 倍', kind: 'speed', setupGiven: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'an improvement stated against its referent, backed by a table of both on named benchmarks: substantiated',
    md: '# Orca-7B\n\n## Evaluation\n\nCompared with Llama-2-7B, Orca-7B shows a large improvement in overall performance.\n\n| Benchmark | Orca-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| GSM8K | 52.6 | 14.6 |\n',
    claims: [{ quote: 'Compared with Llama-2-7B', kind: 'performance', verdict: 'substantiated', setupGiven: true, related: true }],
  },
  {
    name: 'an improvement stated against its referent in Chinese, backed by a table of both: substantiated',
    md: '# 青云-7B\n\n## 评测\n\n相比 Llama-2-7B，青云-7B 的整体效果实现了大幅提升。\n\n| 基准 | 青云-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| GSM8K | 52.6 | 14.6 |\n',
    claims: [{ quote: '相比 Llama-2-7B', kind: 'performance', verdict: 'substantiated', setupGiven: true, related: true }],
  },
  {
    name: 'praise over the same table without a referent stays partly',
    md: '# Orca-7B\n\n## Evaluation\n\nOrca-7B shows outstanding overall performance on these benchmarks.\n\n| Benchmark | Orca-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| GSM8K | 52.6 | 14.6 |\n',
    claims: [{ quote: 'outstanding overall performance', kind: 'performance', verdict: 'partly', setupGiven: false }],
  },
  {
    name: 'praise in Chinese over the same table without a referent stays partly',
    md: '# 青云-7B\n\n## 评测\n\n青云-7B 在这些评测上的整体表现非常出色。\n\n| 基准 | 青云-7B | Llama-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 45.3 |\n| GSM8K | 52.6 | 14.6 |\n',
    claims: [{ quote: '表现非常出色', kind: 'performance', verdict: 'partly', setupGiven: false }],
  },
  {
    name: 'a superlative describing a named baseline ("the largest Mistral model") does not make a comparison a novelty claim',
    md: '# Orca-7B\n\n## Highlights\n\nOrca-7B clearly surpasses Llama-2-13B and the largest Mistral model, Mistral-7B, in coding and math.\n\n## Evaluation\n\n| Benchmark | Orca-7B | Llama-2-13B | Mistral-7B |\n|---|---|---|---|\n| HumanEval | 40.1 | 18.9 | 30.5 |\n| GSM8K | 52.6 | 28.7 | 40.2 |\n',
    claims: [{ quote: 'surpasses Llama-2-13B', kind: 'superiority', numbersGiven: true, benchmarkNamed: true, related: true }],
  },
  {
    name: 'a superlative describing a named baseline in Chinese ("Mistral 最大的模型") does not make a comparison a novelty claim',
    md: '# 青云-7B\n\n## 亮点\n\n青云-7B 在代码和数学能力上均显著超越了 Llama-2-13B 以及 Mistral 最大的模型 Mistral-7B。\n\n## 评测\n\n| 基准 | 青云-7B | Llama-2-13B | Mistral-7B |\n|---|---|---|---|\n| HumanEval | 40.1 | 18.9 | 30.5 |\n| GSM8K | 52.6 | 28.7 | 40.2 |\n',
    claims: [{ quote: '显著超越了 Llama-2-13B', kind: 'superiority', numbersGiven: true, benchmarkNamed: true, related: true }],
  },
  {
    name: 'a quantization loss in percentage points names its metric: substantiated by the precision table',
    md: '# Orca-7B\n\n## Quantization\n\n| Model | MMLU | C-Eval |\n|---|---|---|\n| Orca-7B (bf16) | 61.2 | 60.4 |\n| Orca-7B (4bits) | 59.8 | 58.9 |\n\nCompared with bfloat16, the 4-bit model loses only about 1 to 2 percentage points.\n',
    claims: [{ quote: '1 to 2 percentage points', kind: 'efficiency', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'a quantization loss in 百分点 names its metric: substantiated by the precision table',
    md: '# 青云-7B\n\n## 量化\n\n| 模型 | MMLU | C-Eval |\n|---|---|---|\n| 青云-7B (bf16) | 61.2 | 60.4 |\n| 青云-7B (4bits) | 59.8 | 58.9 |\n\n可以看到，4bits 相对 bfloat16 的精度损失仅在 1 - 2 个百分点左右。\n',
    claims: [{ quote: '1 - 2 个百分点', kind: 'efficiency', verdict: 'substantiated', setupGiven: true }],
  },
  {
    name: 'beating "open and closed models" is not backed by a table of the subject\'s own earlier version (GSM-8K is no model)',
    md: '# Orca-3-7B\n\n## Highlights\n\nOrca-3-7B outperforms many open-source and closed models on common industry benchmarks.\n\n## Evaluation\n\n| Benchmark | Orca-3-7B | Orca-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 55.3 |\n| GSM-8K (8-shot) | 52.6 | 40.1 |\n',
    claims: [{ quote: 'outperforms many open-source', kind: 'superiority', numbersGiven: false, related: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'beating "开源和闭源模型" is not backed by a table of the subject\'s own earlier version',
    md: '# Orca-3-7B\n\n## 亮点\n\nOrca-3-7B 在常见基准上超越了众多开源和闭源模型。\n\n## 评测\n\n| 基准 | Orca-3-7B | Orca-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 55.3 |\n| GSM-8K (8-shot) | 52.6 | 40.1 |\n',
    claims: [{ quote: '超越了众多开源', kind: 'superiority', numbersGiven: false, related: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'beating "its predecessor" is backed by the table of the earlier version',
    md: '# Orca-3-7B\n\n## Highlights\n\nOrca-3-7B outperforms its predecessor on common industry benchmarks.\n\n## Evaluation\n\n| Benchmark | Orca-3-7B | Orca-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 55.3 |\n| GSM-8K (8-shot) | 52.6 | 40.1 |\n',
    claims: [{ quote: 'outperforms its predecessor', numbersGiven: true, related: true }],
  },
  {
    name: 'beating "上一代模型" is backed by the table of the earlier version',
    md: '# Orca-3-7B\n\n## 亮点\n\nOrca-3-7B 在常见基准上全面超越了上一代模型。\n\n## 评测\n\n| 基准 | Orca-3-7B | Orca-2-7B |\n|---|---|---|\n| MMLU | 61.2 | 55.3 |\n| GSM-8K (8-shot) | 52.6 | 40.1 |\n',
    claims: [{ quote: '超越了上一代模型', numbersGiven: true, related: true }],
  },
  {
    name: 'version numbers ("from version 2.1 to 2.5") are no scores',
    md: '# Orca-7B\n\nThe overall performance of Orca-7B is significantly improved, and the app is upgraded from version 2.1 to 2.5.\n',
    claims: [{ quote: 'significantly improved', kind: 'performance', numbersGiven: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'version numbers ("版本从2.1升级至2.5") are no scores',
    md: '# Orca-7B\n\nOrca-7B 的整体效果显著提升，APP 产品版本从2.1升级至2.5。\n',
    claims: [{ quote: '显著提升', kind: 'performance', numbersGiven: false, verdict: 'unsubstantiated' }],
  },
  {
    name: 'Chinese improvement claim without numbers',
    md: '# Orca-7B\n\nOrca-7B 的代码和数学能力显著提升。\n',
    claims: [{ quote: '显著提升', kind: 'performance', verdict: 'unsubstantiated', numbersGiven: false }],
  },
  // cost
  {
    name: 'cost without prices: unsubstantiated',
    md: '# Orca-7B\n\nOrca-7B is 15% cheaper than GPT-4o.\n',
    claims: [{ quote: 'cheaper', kind: 'cost', verdict: 'unsubstantiated', numbersGiven: false, baselineNamed: true }],
  },
  {
    name: 'cost with a dated price table (USD per 1M tokens, input/output)',
    md: '# Orca-7B\n\nOrca-7B is 15% cheaper than GPT-4o.\n\n## Pricing\n\nAPI prices as of May 2025, in USD per 1M tokens.\n\n| Model | Input | Output |\n|---|---|---|\n| Orca-7B | $0.50 | $1.50 |\n| GPT-4o | $2.50 | $10.00 |\n',
    claims: [{ quote: 'cheaper', kind: 'cost', numbersGiven: true, setupGiven: true, verdict: 'substantiated', related: true }],
  },
  {
    name: 'a token budget is not a cost',
    md: '# Orca-7B\n\nOrca-7B shows smooth performance improvements that scale with the allocated reasoning budget.\n',
    claims: [{ quote: 'reasoning budget', kind: 'performance' }],
  },
  {
    name: 'a training budget is a cost (zh)',
    md: '# Orca-7B\n\n通过复用预训练权重，Orca-7B 将总训练预算降至从头训练同类模型的约 25%。\n',
    claims: [{ quote: '训练预算', kind: 'cost' }],
  },
  {
    name: 'a token budget is not a cost (zh)',
    md: '# Orca-7B\n\nOrca-7B 展现出平滑的性能提升，这与分配的推理预算直接相关。\n',
    claims: [{ quote: '推理预算', kind: 'performance' }],
  },
  // efficiency
  {
    name: 'memory figure at a stated precision: numbers given',
    md: '# Orca-7B\n\nWith INT4 quantization, Orca-7B needs only 6 GB of GPU memory.\n',
    claims: [{ quote: '6 GB', kind: 'efficiency', numbersGiven: true, verdict: 'partly' }],
  },
  {
    name: 'Chinese memory claim',
    md: '# Orca-7B\n\n在 INT4 量化下，Orca-7B 最低只需 6GB 显存即可部署。\n',
    claims: [{ quote: '6GB', kind: 'efficiency', numbersGiven: true }],
  },
  // safety
  {
    name: 'safety claim with both rates in the sentence',
    md: '# Orca-7B\n\nOrca-7B is significantly safer than Orca-3B, refusing 98.2% of harmful requests in our red-teaming suite compared with 90.1%.\n',
    claims: [{ quote: 'safer', kind: 'safety', numbersGiven: true, baselineNamed: true }],
  },
  {
    name: '"more than 98.4%" bounds a number, it is not a comparison: one rate is numbers given',
    md: '# Orca-7B\n\nIn our red-teaming evaluation, Orca-7B refused more than 98.4% of harmful requests.\n',
    claims: [{ quote: '98.4%', kind: 'safety', numbersGiven: true, verdict: 'partly' }],
  },
  {
    name: '"超过 98.4%" bounds a number, it is not a comparison',
    md: '# Orca-7B\n\n在我们的红队评测中，Orca-7B 拒绝了超过 98.4% 的有害请求。\n',
    claims: [{ quote: '98.4%', kind: 'safety', numbersGiven: true, verdict: 'partly' }],
  },
  {
    name: 'a percentile rank is a score and its own comparison',
    md: '# Orca-7B\n\nOrca-7B significantly outperforms graduate school applicants, scoring above the 90th percentile on the GRE reading exam.\n',
    claims: [{ quote: '90th percentile', kind: 'superiority', numbersGiven: true, benchmarkNamed: true, verdict: 'partly' }],
  },
  {
    name: 'PDF text: a tab-separated table backs the claim that cites it',
    md: '# Orca-7B\n\nWe measured over-refusal on benign prompts with an auto-grader.\nModel\tOverall refusal rate\tRefusal rate: long prompts\nOrca-7B\t0.07%\t0.12%\nVicuna-7B\t0.45%\t0.64%\nTable 2 Benign request evaluation results; lower is better.\nAs shown in Table 2, Orca-7B was much less likely to refuse benign requests than Vicuna-7B.\n',
    claims: [{ quote: 'less likely to refuse', kind: 'safety', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'PDF text in Chinese: a tab-separated table backs the claim',
    md: '# Orca-7B\n\n我们用自动评分器测量了良性提示的过度拒绝率。\n模型\t总体拒绝率\t长提示拒绝率\nOrca-7B\t0.07%\t0.12%\nVicuna-7B\t0.45%\t0.64%\n表 2 良性请求评测结果，越低越好。\n如表 2 所示，Orca-7B 的过度拒绝率显著低于 Vicuna-7B，表现更好。\n',
    claims: [{ quote: '显著低于', kind: 'safety', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'PDF text: a table of contents is not a table of results',
    md: '# Orca-7B\n\nContents\n1 Introduction\t2\n1.1 Training\t3\n2 Safety\t5\n2.1 Refusals\t6\n\nAs shown in Table 2, Orca-7B was much less likely to refuse benign requests than Vicuna-7B.\n',
    claims: [{ quote: 'less likely to refuse', kind: 'safety', numbersGiven: false, related: false }],
  },
  {
    name: 'efficiency: the BF16 row of a quantization table is the baseline',
    md: '# Orca-7B\n\n## Quantization\n\nThe quantized Orca-7B keeps nearly lossless accuracy while significantly reducing GPU memory.\n\n| Quantization | MMLU | Memory (GB) |\n|---|---|---|\n| Orca-7B (BF16) | 61.2 | 16.2 |\n| Orca-7B (Int4) | 60.1 | 5.1 |\n',
    claims: [{ quote: 'nearly lossless', kind: 'efficiency', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'efficiency in Chinese: the BF16 row of a quantization table is the baseline',
    md: '# Orca-7B\n\n## 量化\n\n量化后的 Orca-7B 效果损失很小，但能显著降低显存占用。\n\n| 量化 | MMLU | 显存 (GB) |\n|---|---|---|\n| Orca-7B (BF16) | 61.2 | 16.2 |\n| Orca-7B (Int4) | 60.1 | 5.1 |\n',
    claims: [{ quote: '显著降低显存', kind: 'efficiency', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'a comparison "in terms of safety" is a safety claim, backed by a table with grouped model columns',
    md: '# Orca-7B\n\n## Safety\n\nWe found that Orca-7B performs comparably to GPT-4o in terms of safety.\n\n| Language | Fraud | | Privacy | |\n|---|---|---|---|---|\n| | GPT-4o | Orca-7B | GPT-4o | Orca-7B |\n| en | 3% | 2% | 0% | 1% |\n| zh | 5% | 4% | 1% | 1% |\n',
    claims: [{ quote: 'in terms of safety', kind: 'safety', numbersGiven: true, baselineNamed: true, related: true }],
  },
  {
    name: 'a comparison "在安全性方面" is a safety claim, backed by a table with grouped model columns',
    md: '# Orca-7B\n\n## 安全\n\n我们发现 Orca-7B 在安全性方面与 GPT-4o 的表现相当。\n\n| 语言 | 欺诈 | | 隐私 | |\n|---|---|---|---|---|\n| | GPT-4o | Orca-7B | GPT-4o | Orca-7B |\n| 英文 | 3% | 2% | 0% | 1% |\n| 中文 | 5% | 4% | 1% | 1% |\n',
    claims: [{ quote: '在安全性方面', kind: 'safety', numbersGiven: true, baselineNamed: true, related: true }],
  },
  // scale
  {
    name: 'scale: the quantity is the number; how it was counted is missing',
    md: '# Orca-7B\n\nOrca-7B was pretrained on up to 3 trillion tokens.\n',
    claims: [{ quote: '3 trillion', kind: 'scale', numbersGiven: true, verdict: 'partly' }],
  },
  {
    name: 'scale: a context length with no test at that length: setup missing',
    md: '# Orca-7B\n\nOrca-7B supports a context length of up to 128K tokens, including the system prompt.\n',
    claims: [{ quote: '128K', kind: 'scale', numbersGiven: true, setupGiven: false, verdict: 'partly' }],
  },
  {
    name: 'scale in Chinese: a number of languages is numbers given',
    md: '# Orca-7B\n\nOrca-7B 模型支持 **119 种语言和方言**。\n',
    claims: [{ quote: '119 种语言', kind: 'scale', numbersGiven: true, verdict: 'partly' }],
  },
  {
    name: 'scale in Chinese: a context length alone is partly',
    md: '# Orca-7B\n\nOrca-7B 支持最长 128K 的上下文窗口，包括系统提示。\n',
    claims: [{ quote: '128K', kind: 'scale', numbersGiven: true, setupGiven: false, verdict: 'partly' }],
  },
  // speed without numbers but with its setup and baseline
  {
    name: 'speed: setup and baseline stated, no measured speeds: partly',
    md: '# Orca-7B\n\nOn one A100 GPU in bf16 with vLLM, batch size 1 and 32K input tokens, Orca-7B reaches about 3x the average decoding throughput of Orca-3B.\n',
    claims: [{ quote: '3x', kind: 'speed', numbersGiven: false, baselineNamed: true, setupGiven: true, verdict: 'partly' }],
  },
  {
    name: 'speed in Chinese: setup and baseline stated, no measured speeds: partly',
    md: '# Orca-7B\n\n在单张 A100 显卡、bf16 精度、vLLM 框架、批大小 1、输入长度 32K 的设置下，Orca-7B 的平均解码吞吐达到 Orca-3B 的 3 倍。\n',
    claims: [{ quote: '3 倍', kind: 'speed', numbersGiven: false, baselineNamed: true, setupGiven: true, verdict: 'partly' }],
  },
  // other
  {
    name: 'emissions estimated by the developer only: setup not complete, partly',
    md: '# Orca-7B\n\nEstimated total emissions for training Orca-7B were 120 tCO2eq, 100% of which were offset by our carbon program.\n',
    claims: [{ quote: '120 tCO2eq', kind: 'other', numbersGiven: true, setupGiven: false, verdict: 'partly' }],
  },
  {
    name: 'emissions estimated and checked by a third party: substantiated',
    md: '# Orca-7B\n\nEstimated total emissions for training Orca-7B were 120 tCO2eq, 100% of which were offset, as verified by a third-party auditor.\n',
    claims: [{ quote: '120 tCO2eq', kind: 'other', numbersGiven: true, setupGiven: true, verdict: 'substantiated' }],
  },
];

describe('claims: documents without claims', () => {
  for (const v of valid) {
    test(v.name, async () => {
      assert.deepEqual((await claimsOf(v.md)).map((c) => c.quote), []);
    });
  }
});

describe('claims: documents with claims', () => {
  for (const c of invalid) {
    test(c.name, async () => {
      const got = await claimsOf(c.md);
      for (const e of c.claims) {
        const hit = got.find((x) => x.quote.includes(e.quote));
        assert.ok(hit, `no claim quoting "${e.quote}"; got ${JSON.stringify(got.map((x) => x.quote))}`);
        const { quote: _q, related, ...fields } = e;
        const actual = Object.fromEntries(Object.keys(fields).map((k) => [k, hit[k as keyof Claim]]));
        assert.deepEqual(actual, fields, `claim "${hit.quote}"`);
        if (related !== undefined) assert.equal(!!hit.related, related, `related of "${hit.quote}"`);
      }
      assert.equal(got.length, c.claims.length, `claims: ${JSON.stringify(got.map((x) => x.quote))}`);
    });
  }
});

describe('claims: shape and offsets', () => {
  test('quotes are exact slices of the document, with line and column', async () => {
    const md = '# Orca-7B\n\nSome intro.\n\nOrca-7B is 2x faster than Orca-3B.\n';
    const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
    const [c] = findClaims(doc, segment(doc));
    assert.equal(doc.text.slice(c.start, c.end), c.quote);
    assert.equal(c.line, 5);
    assert.equal(c.column, 1);
    assert.deepEqual(c.setupFound?.length !== undefined && c.setupMissing?.length !== undefined, true);
  });

  test('the related table points at the table text', async () => {
    const md = '# Orca-7B\n\nOrca-7B 在 MMLU 上超越 GPT-4o。\n\n## 评测\n\n| 模型 | MMLU |\n|---|---|\n| Orca-7B | 88.1 |\n| GPT-4o | 87.2 |\n';
    const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
    const [c] = findClaims(doc, segment(doc));
    assert.ok(c.related);
    assert.ok(doc.text.slice(c.related.start, c.related.end).includes('| Orca-7B | 88.1 |'));
    assert.ok(doc.text.slice(c.related.start, c.related.end).startsWith(c.related.quote));
  });

  test('a sentence making two different claims gives two quotes', async () => {
    const got = await claimsOf('# Orca-7B\n\nCompared with Orca-3B, Orca-7B achieves stronger performance, and meanwhile saves 42.5% of training costs and boosts the maximum generation throughput to 5.76 times.\n');
    assert.equal(got.length, 2, JSON.stringify(got.map((c) => c.quote)));
    assert.equal(got[0].kind, 'performance');
    assert.equal(got[1].kind, 'cost');
  });

  test('"even" starts a second claim (en, zh)', async () => {
    const en = await claimsOf('# Orca-7B\n\nOrca-7B outperforms Orca-30B with 10% of its activated parameters, even the small Orca-3B rivals the performance of GPT-4o.\n');
    assert.equal(en.length, 2, JSON.stringify(en.map((c) => c.quote)));
    assert.ok(en[1].quote.startsWith('the small Orca-3B'), en[1].quote);
    const zh = await claimsOf('# Orca-7B\n\nOrca-7B 的激活参数数量是 Orca-30B 的 10%，表现更胜一筹，甚至像 Orca-3B 这样的小模型也能匹敌 GPT-4o 的性能。\n');
    assert.equal(zh.length, 2, JSON.stringify(zh.map((c) => c.quote)));
    assert.ok(zh[1].quote.startsWith('甚至像 Orca-3B'), zh[1].quote);
  });

  test('a Chinese condition clause ("INT4 量化下，") starts a new claim', async () => {
    const zh = await claimsOf('# Orca-7B\n\nOrca-7B 在多项评测中超越了 GPT-4o，INT4 量化下，显存占用大幅降低到 6G。\n');
    assert.equal(zh.length, 2, JSON.stringify(zh.map((c) => c.quote)));
    assert.ok(zh[1].quote.startsWith('INT4 量化下'), zh[1].quote);
  });

  test('a claim about another model, in a passage about that model, ranks far below the document\'s own claim (en, zh)', async () => {
    const rules = loadClaimRules();
    const scores = async (md: string) => {
      const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
      return findCandidates(buildContext(doc, segment(doc), rules), rules).map((c) => ({ text: c.text, score: c.score }));
    };
    const en = await scores('# Orca-7B\n\n## News\n\n[2024/01/02] Released Vicuna-13B, with these features:\n\n- **Stronger coding**: Vicuna-13B greatly improves coding ability over Vicuna-7B.\n\n## Overview\n\nOrca-7B significantly outperforms GPT-4o on MMLU.\n');
    const zh = await scores('# Orca-7B\n\n## 新闻\n\n[2024/01/02] 发布 Vicuna-13B，引入如下新特性：\n\n- **更强的代码能力**：Vicuna-13B 相比 Vicuna-7B 代码能力大幅提升。\n\n## 简介\n\nOrca-7B 在 MMLU 上显著超越 GPT-4o。\n');
    for (const [cands, other, own, below] of [[en, 'Vicuna-13B greatly', 'outperforms GPT-4o', true], [zh, 'Vicuna-13B 相比', '超越 GPT-4o', false]] as const) {
      const o = cands.find((c) => c.text.includes(other));
      const w = cands.find((c) => c.text.includes(own));
      assert.ok(o && w, JSON.stringify(cands));
      assert.ok(o.score < w.score - 2, JSON.stringify(cands));
      if (below) assert.ok(o.score < rules.scoring.threshold, JSON.stringify(cands));
    }
  });

  test('a table that holds the named baseline backs the claim even far away in an appendix (en, zh)', async () => {
    const filler = 'This section describes how the data was collected and cleaned before training.\n\n'.repeat(400);
    const table = '| Model | MMLU | GSM8K |\n|---|---|---|\n| Orca-7B | 71.2 | 80.3 |\n| Vicuna-7B | 47.1 | 20.4 |\n';
    const en = await claimsOf(`# Orca-7B\n\n## Overview\n\nOrca-7B clearly outperforms leading open models such as Vicuna-7B.\n\n## Data\n\n${filler}## Appendix\n\n${table}`);
    const ce = en.find((c) => c.quote.includes('outperforms leading open models'));
    assert.ok(ce && ce.numbersGiven && ce.related, JSON.stringify(en));
    const zh = await claimsOf(`# Orca-7B\n\n## 简介\n\nOrca-7B 显著超越了 Vicuna-7B 等领先的开源模型。\n\n## 数据\n\n${filler}## 附录\n\n${table}`);
    const cz = zh.find((c) => c.quote.includes('显著超越了 Vicuna-7B'));
    assert.ok(cz && cz.numbersGiven && cz.related, JSON.stringify(zh));
  });

  test('deterministic: same input, same claims', async () => {
    const md = invalid.map((c) => c.md.replace(/^# Orca-7B\n/, '')).join('\n');
    const a = await claimsOf(`# Orca-7B\n${md}`);
    const b = await claimsOf(`# Orca-7B\n${md}`);
    assert.deepEqual(a, b);
  });

  test('unsubstantiated() selects the claims a CI gate fails on', async () => {
    const got = await claimsOf('# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B.\n\nOrca-7B scores 85.3% on GSM8K, up from 71.0% for Orca-3B.\n');
    assert.deepEqual(unsubstantiated(got).map((c) => c.kind), ['speed']);
  });
});

describe('claims: rules are data', () => {
  test('a user rules file extends a setup checklist (merged over the default)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'setup:\n  speed:\n    - id: energy\n      label: energy per token\n      re: \'\\bjoules?\\b\'\n');
    const rules = loadClaimRules(file);
    const [c] = await claimsOf('# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B.\n', { rules });
    assert.ok(c.setupMissing?.includes('energy'));
    assert.ok(c.setupMissing?.includes('hardware'), 'default items are kept');
  });

  test('a user rules file adds a benchmark name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'benchmarks: [OrcaBench]\n');
    const md = '# Orca-7B\n\nOrca-7B achieves state-of-the-art results on OrcaBench.\n';
    const [withDefault] = await claimsOf(md);
    const [withUser] = await claimsOf(md, { rulesPath: file });
    assert.equal(withDefault.benchmarkNamed, false);
    assert.equal(withUser.benchmarkNamed, true);
  });

  test('a user rules file adds a neutral phrase (appended to the default ones, blanked before matching)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, "neutral: ['\\bthe best effort\\b']\n");
    const text = 'Orca-7B is supported with the best effort.';
    assert.equal(lex(text, loadClaimRules())?.groups.has('superlative'), true);
    const user = loadClaimRules(file);
    assert.equal(lex(text, user)?.groups.has('superlative') ?? false, false);
    assert.equal(lex('We share best practices for Orca-7B.', user)?.groups.has('superlative') ?? false, false, 'default neutral phrases are kept');
  });

  test('a setup item with `when` applies only to claims with one of those cue groups', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, "setup:\n  speed:\n    - id: energy\n      re: '\\bjoules?\\b'\n      when: [multiplier]\n");
    const rules = loadClaimRules(file);
    const [x] = await claimsOf('# Orca-7B\n\nOrca-7B is 2x faster than Orca-3B.\n', { rules });
    assert.ok(x.setupMissing?.includes('energy'));
    const [y] = await claimsOf('# 青云-7B\n\n青云-7B 的推理速度明显快于 Orca-3B，延迟更低。\n', { rules });
    assert.ok(y && !y.setupMissing?.includes('energy') && !y.setupFound?.includes('energy'), JSON.stringify(y));
    writeFileSync(file, "setup:\n  speed:\n    - id: energy\n      re: 'x'\n      when: multiplier\n");
    assert.throws(() => loadClaimRules(file), /setup speed\.energy: when/);
  });

  test('setupQuorumByKind is checked and merged per kind; a required item blocks the setup', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'setupQuorumByKind:\n  speed: 2\n');
    assert.throws(() => loadClaimRules(file), /setupQuorumByKind\.speed/);
    writeFileSync(file, "setupQuorumByKind:\n  cost: 0.5\nsetup:\n  speed:\n    - id: energy\n      re: '\\bjoules?\\b'\n      required: true\n");
    const rules = loadClaimRules(file);
    assert.equal(rules.setupQuorumByKind.speed, 0, 'the default per-kind quorum is kept');
    assert.equal(rules.setupQuorumByKind.cost, 0.5);
    const [c] = await claimsOf('# Orca-7B\n\nOn one A100 GPU, Orca-7B is 2x faster than Orca-3B.\n', { rules });
    assert.equal(c.setupGiven, false, JSON.stringify(c));
    const [d] = await claimsOf('# Orca-7B\n\nOn one A100 GPU, Orca-7B is 2x faster than Orca-3B.\n');
    assert.equal(d.setupGiven, true, JSON.stringify(d));
  });

  test('a bad pattern in a rules file is reported with its place', () => {
    const dir = mkdtempSync(join(tmpdir(), 'unsaid-claims-'));
    const file = join(dir, 'rules.yaml');
    writeFileSync(file, 'setup:\n  speed:\n    - id: broken\n      re: \'(\'\n');
    assert.throws(() => loadClaimRules(file), /setup speed\.broken/);
  });
});
