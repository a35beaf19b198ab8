/**
 * selectHeadline picks claims with a heap of section heads (O(n log sections)); this checks it against
 * the plain definition — repeatedly take the best remaining candidate by discounted score, earliest on
 * ties, skipping repeats and anything under the threshold — on random candidate sets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { claimBudget, selectHeadline, type Candidate } from '../../src/claims/detect.js';
import { loadClaimRules, type ClaimRules } from '../../src/claims/index.js';

function reference(cands: Candidate[], rules: ClaimRules, paths: string[][]): Candidate[] {
  const budget = claimBudget(cands.length, rules);
  const penalty = rules.scoring.sectionPenalty ?? 0;
  const key = (t: string) => t.toLowerCase().replace(/[^a-z0-9\u3400-\u9fff]+/g, '');
  const section = (c: Candidate) => (paths[c.s.i] ?? []).slice(0, 2).join('\u0000');
  const per = new Map<string, number>();
  const pool = [...cands];
  const kept: Candidate[] = [];
  const keys: string[] = [];
  while (kept.length < budget && pool.length) {
    let bi = -1;
    let best = -Infinity;
    pool.forEach((c, i) => {
      const adj = c.score - penalty * (per.get(section(c)) ?? 0);
      if (bi < 0 || adj > best || (adj === best && c.start < pool[bi].start)) [best, bi] = [adj, i];
    });
    const c = pool.splice(bi, 1)[0];
    if (c.score < rules.scoring.threshold) continue;
    const k = key(c.text);
    if (keys.some((x) => x === k || (k.length > 20 && x.includes(k)) || (x.length > 20 && k.includes(x)))) continue;
    kept.push(c);
    keys.push(k);
    per.set(section(c), (per.get(section(c)) ?? 0) + 1);
  }
  return kept.sort((a, b) => a.start - b.start);
}

const base = loadClaimRules();

test('selectHeadline keeps what the plain best-first definition keeps', () => {
  fc.assert(
    fc.property(
      fc.array(
        fc.record({
          score: fc.integer({ min: -4, max: 12 }).map((n) => n / 2),
          section: fc.integer({ min: 0, max: 4 }),
          text: fc.constantFrom('Beats GPT-4 on MMLU.', 'beats gpt-4 on mmlu', '2x faster than v1', 'State of the art on GSM8K and MATH by a wide margin', 'state of the art on gsm8k and math', '最强开源模型'),
        }),
        { maxLength: 60 },
      ),
      fc.constantFrom(0, 0.5, 1.5),
      (rows, penalty) => {
        const rules: ClaimRules = { ...base, scoring: { ...base.scoring, sectionPenalty: penalty } };
        const paths = rows.map((r) => [`S${r.section}`, 'x']);
        const cands = rows.map((r, i) => ({ s: { i }, start: i * 10, end: i * 10 + 5, text: r.text, score: r.score }) as unknown as Candidate);
        const got = selectHeadline(cands, rules, paths).map((c) => c.start);
        const want = reference(cands, rules, paths).map((c) => c.start);
        assert.deepEqual(got, want);
      },
    ),
    { numRuns: 500, seed: 7 },
  );
});
