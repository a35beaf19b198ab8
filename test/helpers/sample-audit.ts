/**
 * Hand-made audits for the report and unsaid tests: one English, one Chinese. They do not go through
 * the pipeline; offsets are found with indexOf so they are right by construction, and line/column are
 * worked out here independently of the report code.
 */
import { createHash } from 'node:crypto';
import type { Audit, Claim, Evidence, Finding, Status } from '../../src/types.js';
import type { Indicator, Rubric } from '../../src/rubric/types.js';
import { buildUnsaid } from '../../src/unsaid/index.js';
import { computeScore } from '../../src/report/score.js';

function ind(id: string, seed: boolean, weight: number, en: string, zh: string): Indicator {
  return {
    id,
    group: id.slice(0, id.indexOf('.')),
    seed,
    weight,
    title: { en, zh },
    question: { en: `${en}?`, zh: `${zh}？` },
    cues: {},
  };
}

/** Seven indicators in rubric order; seeds and non-seeds interleaved so seed-first ordering is visible. */
export function sampleRubric(): Rubric {
  return {
    id: 'test',
    version: '1',
    origin: 'test',
    groups: {
      data: { en: 'Training data', zh: '训练数据' },
      model: { en: 'Model facts', zh: '模型信息' },
      eval: { en: 'Capabilities and evaluation', zh: '能力与评测' },
      risk: { en: 'Risks and safety', zh: '风险与安全' },
    },
    scoring: { disclosed: 1, partial: 0.5, absent: 0 },
    indicators: [
      ind('data.sources', true, 2, 'Training data sources', '训练数据来源'),
      ind('data.size', true, 1, 'Training data size', '训练数据规模'),
      ind('data.composition', false, 1, 'Data composition', '数据构成'),
      ind('model.parameters', true, 2, 'Parameter count', '参数量'),
      ind('model.context-length', false, 1, 'Context length', '上下文长度'),
      ind('eval.benchmarks', false, 1, 'Benchmark results', '基准测试结果'),
      ind('risk.evaluation', true, 2, 'Safety evaluation', '安全评估'),
    ],
  };
}

/** A quote that tries to inject HTML and a javascript: link, and to break a Markdown table. */
export const SCRIPT_QUOTE =
  'Placeholder: <script>alert(1)</script> and [x](javascript:alert(1)) | pipe `code` <img src=https://evil.example/a.png> *bold* & more';
/** A quote carrying an ANSI escape sequence, a bell and a right-to-left override. */
export const CONTROL_QUOTE = 'Safety was evaluated \u001b[31mred\u001b[0m\u0007 by \u202Egnp.exe\u202C the team\u2066x\u2069.';

export const EN_TEXT = [
  '# Example-7B model card',
  '',
  'Example-7B has 7 billion parameters and a context window of 32,768 tokens.',
  'We trained on a mix of public data.',
  '',
  SCRIPT_QUOTE,
  '',
  'Example-7B scores 81.2 on MMLU (5-shot), ahead of Llama-2-7B at 45.3.',
  'Example-7B is the best open model in the world, bar none, and it is faster than anything else you can run on a laptop today by a wide margin.',
  '',
  CONTROL_QUOTE,
  '',
].join('\n');

export const ZH_TEXT = [
  '# 示例模型技术报告',
  '',
  '示例模型拥有 70 亿参数，上下文长度为 32K。',
  '我们使用了大量高质量数据进行训练。',
  '示例模型在 C-Eval 上取得 85.3 分，超过所有同类模型。',
  '我们进行了安全评估。',
  '',
].join('\n');

/** 1-based line/column of an offset, computed the plain way (split on \n). */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: before[before.length - 1].length + 1 };
}

/** Evidence for the `n`-th occurrence (0-based) of `quote` in `text`. Throws if absent: fixtures must be right. */
export function ev(text: string, quote: string, n = 0): Evidence {
  let start = -1;
  for (let i = 0; i <= n; i++) {
    start = text.indexOf(quote, start + 1);
    if (start < 0) throw new Error(`fixture quote not in text: ${quote}`);
  }
  return { quote, start, end: start + quote.length, ...lineCol(text, start) };
}

function finding(rubric: Rubric, id: string, status: Status, evidence: Evidence[] = [], facts: Finding['facts'] = {}): Finding {
  const indicator = rubric.indicators.find((i) => i.id === id);
  if (!indicator) throw new Error(`fixture id not in rubric: ${id}`);
  return { id, group: indicator.group, status, evidence, facts };
}

function claim(text: string, quote: string, c: Omit<Claim, 'quote' | 'start' | 'end' | 'line' | 'column'>): Claim {
  const e = ev(text, quote);
  return { quote, start: e.start, end: e.end, line: e.line, column: e.column, ...c };
}

/** Builds the derived parts (unsaid, score, summary) the way the engine would. */
export function assemble(
  text: string,
  source: string,
  language: 'en' | 'zh',
  findings: Finding[],
  claims: Claim[],
  rubric: Rubric,
  title?: string,
): Audit {
  const count = (s: Status) => findings.filter((f) => (f.review?.status ?? f.status) === s).length;
  const bytes = Buffer.byteLength(text, 'utf8');
  return {
    schemaVersion: '1',
    tool: { name: 'unsaid', version: '0.1.0' },
    document: {
      source,
      language,
      sha256: createHash('sha256').update(text, 'utf8').digest('hex'),
      format: 'markdown',
      bytes,
      encoding: 'utf-8',
      ...(title ? { title } : {}),
    },
    rubric: { id: rubric.id, version: rubric.version },
    indicators: findings,
    facts: {},
    claims,
    unsaid: buildUnsaid(findings, rubric, language),
    score: computeScore(findings, rubric),
    summary: {
      disclosed: count('disclosed'),
      partial: count('partial'),
      absent: count('absent'),
      claims: claims.length,
      unsubstantiated: claims.filter((c) => c.verdict === 'unsubstantiated').length,
    },
  };
}

export const EN_SOURCE = 'fixtures/example-7b.md';
export const ZH_SOURCE = 'fixtures/示例模型.md';

export function englishAudit(rubric: Rubric = sampleRubric()): Audit {
  const t = EN_TEXT;
  const findings: Finding[] = [
    finding(rubric, 'data.sources', 'partial', [ev(t, 'We trained on a mix of public data.')]),
    finding(rubric, 'data.size', 'absent'),
    finding(rubric, 'data.composition', 'partial', [ev(t, SCRIPT_QUOTE)]),
    finding(rubric, 'model.parameters', 'disclosed', [ev(t, 'Example-7B has 7 billion parameters and a context window of 32,768 tokens.')], {
      parameters: 7e9,
    }),
    // Overlaps the model.parameters evidence on purpose.
    finding(rubric, 'model.context-length', 'disclosed', [ev(t, 'a context window of 32,768 tokens')], { contextLength: 32768 }),
    finding(rubric, 'eval.benchmarks', 'disclosed', [ev(t, 'Example-7B scores 81.2 on MMLU (5-shot), ahead of Llama-2-7B at 45.3.')], {
      benchmarks: ['MMLU'],
    }),
    finding(rubric, 'risk.evaluation', 'partial', [ev(t, CONTROL_QUOTE)]),
  ];
  const claims: Claim[] = [
    claim(t, 'Example-7B scores 81.2 on MMLU (5-shot), ahead of Llama-2-7B at 45.3.', {
      kind: 'performance',
      benchmarkNamed: true,
      baselineNamed: true,
      numbersGiven: true,
      setupGiven: true,
      verdict: 'substantiated',
      setupFound: ['shots'],
      setupMissing: [],
      related: null,
    }),
    claim(
      t,
      'Example-7B is the best open model in the world, bar none, and it is faster than anything else you can run on a laptop today by a wide margin.',
      {
        kind: 'superiority',
        benchmarkNamed: false,
        baselineNamed: false,
        numbersGiven: false,
        setupGiven: false,
        verdict: 'unsubstantiated',
        setupMissing: ['models', 'as-of', 'no-such-item'],
        related: null,
      },
    ),
  ];
  return assemble(t, EN_SOURCE, 'en', findings, claims, rubric, 'Example-7B model card');
}

export function chineseAudit(rubric: Rubric = sampleRubric()): Audit {
  const t = ZH_TEXT;
  const findings: Finding[] = [
    finding(rubric, 'data.sources', 'partial', [ev(t, '我们使用了大量高质量数据进行训练。')]),
    finding(rubric, 'data.size', 'absent'),
    finding(rubric, 'data.composition', 'absent'),
    finding(rubric, 'model.parameters', 'disclosed', [ev(t, '示例模型拥有 70 亿参数，上下文长度为 32K。')], { parameters: 7e9 }),
    finding(rubric, 'model.context-length', 'disclosed', [ev(t, '上下文长度为 32K')], { contextLength: 32768 }),
    finding(rubric, 'eval.benchmarks', 'disclosed', [ev(t, '示例模型在 C-Eval 上取得 85.3 分，超过所有同类模型。')]),
    finding(rubric, 'risk.evaluation', 'partial', [ev(t, '我们进行了安全评估。')]),
  ];
  const claims: Claim[] = [
    claim(t, '示例模型在 C-Eval 上取得 85.3 分，超过所有同类模型。', {
      kind: 'superiority',
      benchmarkNamed: true,
      baselineNamed: false,
      numbersGiven: true,
      setupGiven: false,
      verdict: 'partly',
      setupMissing: ['models', 'as-of'],
      related: null,
    }),
  ];
  return assemble(t, ZH_SOURCE, 'zh', findings, claims, rubric, '示例模型技术报告');
}

/** source → text, as the CLI passes to the formatters. */
export function docTexts(): Map<string, string> {
  return new Map([
    [EN_SOURCE, EN_TEXT],
    [ZH_SOURCE, ZH_TEXT],
  ]);
}
