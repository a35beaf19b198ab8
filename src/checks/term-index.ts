/**
 * A cheap, exact prefilter for the per-indicator cue-term regexes of features.ts.
 *
 * Running 36 long alternations over every sentence was the largest cost of an audit, yet most
 * sentences match few indicators. A term regex can only match a sentence at a position where the
 * term's first characters occur (and, for a term starting with an ASCII character, where the previous
 * character is not [a-z0-9], its look-behind). So one pass over the lower-cased sentence, looking up
 * a hash of each such position's first 1-4 UTF-16 code units in tables built from all terms (a term
 * is filed under its first min(4, length) code units), gives every indicator that could match; the
 * others are skipped. It is a necessary condition only (a hash collision just adds a candidate): the
 * indicator's own regex still decides, so the signals are exactly those of the full scan.
 */
import type { Rubric } from '../rubric/types.js';

export interface TermIndex {
  /** Number of indicators. */
  k: number;
  /** by[n - 1]: hash of the first n code units → indicators with a term filed under them. */
  by: Array<Map<number, number[]>>;
  /** Indicators that must always be scanned (a term the table cannot represent, e.g. an empty one). */
  always: number[];
}

/** Longest prefix hashed. */
const KEY = 4;
const step = (h: number, c: number) => (Math.imul(h, 0x01000193) ^ c) | 0;

const cache = new WeakMap<Rubric, TermIndex>();

function add(map: Map<number, number[]>, key: number, k: number): void {
  const list = map.get(key);
  if (!list) map.set(key, [k]);
  else if (list[list.length - 1] !== k) list.push(k);
}

/** The index of the rubric's cue terms (lower-cased, as features.ts compiles them). */
export function termIndex(rubric: Rubric): TermIndex {
  let ix = cache.get(rubric);
  if (ix) return ix;
  ix = { k: rubric.indicators.length, by: [new Map(), new Map(), new Map(), new Map()], always: [] };
  rubric.indicators.forEach((ind, k) => {
    const terms = Object.values(ind.cues).flatMap((cu) => cu?.terms ?? []);
    for (const raw of terms) {
      const t = raw.toLowerCase();
      if (t.length === 0) {
        if (!ix!.always.includes(k)) ix!.always.push(k);
        continue;
      }
      const n = Math.min(KEY, t.length);
      let h = 0;
      for (let j = 0; j < n; j++) h = step(h, t.charCodeAt(j));
      add(ix!.by[n - 1], h, k);
    }
  });
  cache.set(rubric, ix);
  return ix;
}

const isLowerAlnum = (c: number) => (c >= 97 && c <= 122) || (c >= 48 && c <= 57);

/**
 * Candidate flags, one byte per (indicator, sentence) at [k * lower.length + i]: 1 when indicator k's
 * term regex may match sentence i. `lower` holds the lower-cased sentence texts.
 */
export function termCandidates(ix: TermIndex, lower: string[]): Uint8Array {
  const n = lower.length;
  const out = new Uint8Array(ix.k * n);
  const maps = ix.by.map((m) => (m.size ? m : null));
  for (let i = 0; i < n; i++) {
    const s = lower[i];
    const len = s.length;
    let prevAlnum = false;
    for (let p = 0; p < len; p++) {
      const c0 = s.charCodeAt(p);
      const alnum = isLowerAlnum(c0);
      // ASCII-initial terms sit behind the look-behind (?<![a-z0-9]); other terms match anywhere.
      if (c0 >= 128 || !prevAlnum) {
        let h = 0;
        for (let j = 0; j < KEY && p + j < len; j++) {
          h = step(h, j ? s.charCodeAt(p + j) : c0);
          const ks = maps[j]?.get(h);
          if (ks) for (const k of ks) out[k * n + i] = 1;
        }
      }
      prevAlnum = alnum;
    }
    for (const k of ix.always) out[k * n + i] = 1;
  }
  return out;
}
