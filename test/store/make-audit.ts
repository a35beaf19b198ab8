// Hand-built Audit objects for the store tests (the real pipeline is tested elsewhere).
import { createHash } from 'node:crypto';
import type { Audit, Claim, Facts, Finding, Status } from '../../src/types.js';
import { summarise } from '../../src/audit.js';

export const INDICATORS = [
  'data.sources',
  'data.size',
  'compute.hardware',
  'model.params',
  'eval.safety',
  'risks.misuse',
  'license.weights',
  'impact.energy',
];

export interface MakeOpts {
  /** Document text; its bytes are what the audit is "of". */
  text?: string;
  source?: string;
  statuses?: Partial<Record<string, Status>>;
  facts?: Facts;
  claims?: Partial<Claim>[];
  rubric?: { id: string; version: string };
  title?: string;
}

export function makeDoc(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

export function makeAudit(opts: MakeOpts = {}): { audit: Audit; bytes: Uint8Array } {
  const text = opts.text ?? '# Model card\n\nSome text.\n';
  const bytes = makeDoc(text);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const indicators: Finding[] = INDICATORS.map((id, i) => {
    const status: Status = opts.statuses?.[id] ?? (['disclosed', 'partial', 'absent'] as const)[i % 3]!;
    return {
      id,
      group: id.split('.')[0]!,
      status,
      evidence: status === 'absent' ? [] : [{ quote: `evidence for ${id} <b>&"'`, start: 0, end: 10, line: 1, column: 1 }],
      facts: status === 'disclosed' ? { [`${id}.n`]: i } : {},
      confidence: 0.5 + i / 100,
      reason: `because ${i}`,
    };
  });
  const claims: Claim[] = (opts.claims ?? [{ quote: 'Our model is the best in the world.' }]).map((c, i) => ({
    quote: c.quote ?? `claim ${i}`,
    start: c.start ?? 0,
    end: c.end ?? 10,
    line: 1,
    column: 1,
    kind: c.kind ?? 'superiority',
    benchmarkNamed: c.benchmarkNamed ?? false,
    baselineNamed: false,
    numbersGiven: false,
    setupGiven: false,
    verdict: c.verdict ?? 'unsubstantiated',
  }));
  const score = indicators.reduce((a, f) => a + (f.status === 'disclosed' ? 1 : f.status === 'partial' ? 0.5 : 0), 0);
  const audit: Audit = {
    schemaVersion: '1',
    tool: { name: 'unsaid', version: '0.1.0' },
    document: {
      source: opts.source ?? 'card.md',
      language: 'en',
      sha256,
      format: 'markdown',
      bytes: bytes.length,
      encoding: 'utf-8',
      ...(opts.title ? { title: opts.title } : {}),
    },
    rubric: opts.rubric ?? { id: 'unsaid-default', version: '1.0.0' },
    indicators,
    facts: opts.facts ?? { 'params.total': '8B', 'context.length': 128000, languages: ['en', 'zh'] },
    claims,
    unsaid: {
      language: 'en',
      gaps: indicators.filter((f) => f.status !== 'disclosed').map((f) => ({ id: f.id, status: f.status, text: `No ${f.id}` })),
      questions: ['What data?'],
    },
    score: { value: score, max: indicators.length, percent: Math.round((score / indicators.length) * 1000) / 10 },
    summary: summarise(indicators, claims),
  };
  return { audit, bytes };
}
