import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { requiredLiterals, someMatch } from '../../src/checks/regex-gate.js';
import { loadRubric } from '../../src/rubric/index.js';

test('regex-gate: requirements of small patterns', () => {
  assert.deepEqual(requiredLiterals('\\b(common ?crawl|c4|the pile)\\b'), ['common', 'c4', 'the pile']);
  assert.deepEqual(requiredLiterals('\\d+(\\.\\d+)?\\s*%'), ['%']);
  assert.deepEqual(requiredLiterals('colou?r'), ['colo']);
  assert.deepEqual(requiredLiterals('(a|)b'), ['b']);
  assert.equal(requiredLiterals('(a|)'), null);
  assert.equal(requiredLiterals('\\d+'), null);
  assert.equal(requiredLiterals('(?:x)*'), null);
  // Under iu, ſ (U+017F) matches s and K (U+212A) matches k.
  const t = 'DATAſET like KEY';
  assert.equal(someMatch([/dataset like/imu], t, t.toLowerCase()), true);
  assert.equal(someMatch([/like key/imu], t, t.toLowerCase()), true);
  assert.equal(someMatch([/dataset unlike/imu], t, t.toLowerCase()), false);
});

// Every rubric pattern, on texts made of pieces of the patterns themselves, odd case variants and
// ſ/K (which case-fold to s/k): when the regex matches, someMatch (with its gate) says so too.
test('regex-gate: never skips a rubric regex that matches', () => {
  const patterns: string[] = [];
  for (const ind of loadRubric().indicators)
    for (const cu of Object.values(ind.cues)) for (const k of ['strong', 'vague', 'exclude'] as const) patterns.push(...(cu?.[k] ?? []));
  const words = [...new Set(patterns.flatMap((p) => p.split(/[^A-Za-z\u4e00-\u9fff%|-]+/)).filter(Boolean))];
  const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom(' ', '  ', '1', '12.5', '%', '|', '-', 'ſ', 'K', 'S', '\n', '2024', 'B', 'tokens'));
  const text = fc.array(piece, { maxLength: 12 }).chain((ps) => fc.boolean().map((up) => (up ? ps.join(' ').toUpperCase() : ps.join(' '))));
  const res = patterns.map((p) => new RegExp(p, 'imu'));
  fc.assert(
    fc.property(text, fc.nat(res.length - 1), (t, j) => {
      const r = res[j];
      assert.equal(someMatch([r], t, t.toLowerCase()), r.test(t), `${r} on ${JSON.stringify(t)}`);
    }),
    { numRuns: 20000, seed: 7 },
  );
});
