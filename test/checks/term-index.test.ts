import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { anyMatch, buildMatcher, termCounts } from '../../src/checks/term-index.js';
import { termRegex } from '../../src/checks/features.js';

// The plain definition: features.ts's term regex and its exec loop.
function count(re: RegExp | null, text: string): number {
  if (!re) return 0;
  re.lastIndex = 0;
  let term = 0;
  let first: string | undefined, second: string | undefined, m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (first === undefined) { first = m[0]; term = 1; }
    else if (m[0] !== first && (second === undefined || m[0] !== second)) {
      if (second === undefined) { second = m[0]; term = 2; }
      else { term = 3; break; }
    }
  }
  return term;
}
function any(re: RegExp | null, text: string): number {
  if (!re) return 0;
  re.lastIndex = 0;
  return re.test(text) ? 1 : 0;
}

// Small alphabets so that terms overlap, nest and repeat inside texts.
const piece = fc.constantFrom('a', 'ab', 'abc', 'b', 'ba', 'data', 'dat', 'set', 'dataset', '1', 'x1', '-', ' ', '.', '数据', '数', '据集', '🤗', 'é', 'api', 'apis', '(', '|');
const term = fc.array(piece, { minLength: 1, maxLength: 3 }).map((p) => p.join(''));
const terms = fc.array(fc.array(term, { maxLength: 6 }), { minLength: 1, maxLength: 5 });
const texts = fc.array(fc.array(fc.oneof(piece, term), { maxLength: 20 }).map((p) => p.join('').toLowerCase()), { minLength: 1, maxLength: 6 });

test('term-index: counts and any-match equal the regexes of features.ts', () => {
  fc.assert(
    fc.property(terms, texts, (lists, docs) => {
      const regexes = lists.map(termRegex);
      const m = buildMatcher(lists);
      const counts = termCounts(m, docs, regexes);
      const hits = anyMatch(m, docs, regexes);
      lists.forEach((_, k) =>
        docs.forEach((d, i) => {
          assert.equal(counts[k * docs.length + i], count(regexes[k], d), `count k=${k} ${JSON.stringify(d)}`);
          assert.equal(hits[i * lists.length + k], any(regexes[k], d), `any k=${k} ${JSON.stringify(d)}`);
        }),
      );
    }),
    { numRuns: 3000, seed: 42 },
  );
});

test('term-index: a lone surrogate in a term leaves the indicator to its regex', () => {
  const lists = [['\ud83d', 'ab'], ['ab']];
  const docs = ['🤗 ab', '\ud83d ab', 'xab'];
  const regexes = lists.map(termRegex);
  const m = buildMatcher(lists);
  assert.deepEqual(m.regexOnly, [true, false]);
  const counts = termCounts(m, docs, regexes);
  docs.forEach((d, i) => lists.forEach((_, k) => assert.equal(counts[k * docs.length + i], count(regexes[k], d))));
});
