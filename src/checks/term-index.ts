/**
 * Cue-term matching for features.ts without running its regexes.
 *
 * features.ts compiles each indicator's terms (and heading words) into one alternation,
 * `(?<![a-z0-9])(?:latin terms…)|(?:other terms…)` with flags "gu", the terms lower-cased, de-duplicated
 * and sorted longest first (ties by code units). Running 2 × 36 of those over every sentence was the
 * largest cost of an audit, and compiling them a large part of a cold start. This module gives the
 * same answers from one pass over each text:
 *
 *  - A literal alternation matches at position p with the first term, in the regex's order, that the
 *    text starts with at p. A term starting with an ASCII character (a "latin" term) also needs the
 *    code unit before p not to be [a-z0-9]; other terms start with a non-ASCII character, so at most
 *    one part of the regex can match at p.
 *  - `exec` in a loop (flag g) returns the leftmost match at or after lastIndex, then continues at its
 *    end: so an indicator's matches are its first-term hits at increasing positions, each at or after
 *    the end of the previous one.
 *
 * Terms are filed by their first two UTF-16 code units (one-unit terms by that unit); at each position
 * one lookup finds every term of every indicator that may start there. Under flag u a lone surrogate in
 * a term only matches a lone surrogate, which startsWith does not model: an indicator with such a term
 * (or an empty one) is left to its regex, the exact loop of features.ts.
 */
import type { Rubric } from '../rubric/types.js';

interface Entry {
  /** Indicator index. */
  k: number;
  /** The lower-cased term. */
  t: string;
}

export interface TermMatcher {
  /** Number of indicators. */
  size: number;
  /** c0 * 65536 + c1 → terms of two or more code units starting so, by indicator then regex order. */
  pair: Map<number, Entry[]>;
  /** c0 → one-code-unit terms, by indicator. */
  single: Map<number, Entry[]>;
  /** Indicators whose terms this matcher cannot represent: their regex decides. */
  regexOnly: boolean[];
}

const ASCII_FIRST = /^[\x00-\x7f]/;

/** The order of features.ts's termRegex: lower-cased, unique, longest first, then by code units. */
function regexOrder(terms: string[]): string[] {
  const uniq = [...new Set(terms.map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Its regex lists the latin terms first, then the others (only one part can match at a position).
  return [...uniq.filter((t) => ASCII_FIRST.test(t)), ...uniq.filter((t) => !ASCII_FIRST.test(t))];
}

function wellFormed(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const d = t.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) return false;
      i++;
    } else if (c >= 0xdc00 && c <= 0xdfff) return false;
  }
  return true;
}

export function buildMatcher(lists: string[][]): TermMatcher {
  const m: TermMatcher = { size: lists.length, pair: new Map(), single: new Map(), regexOnly: lists.map(() => false) };
  lists.forEach((terms, k) => {
    const ordered = regexOrder(terms);
    if (ordered.some((t) => t.length === 0 || !wellFormed(t))) {
      m.regexOnly[k] = true;
      return;
    }
    for (const t of ordered) {
      const map = t.length === 1 ? m.single : m.pair;
      const key = t.length === 1 ? t.charCodeAt(0) : t.charCodeAt(0) * 65536 + t.charCodeAt(1);
      let list = map.get(key);
      if (!list) map.set(key, (list = []));
      list.push({ k, t });
    }
  });
  return m;
}

type RubricMatchers = { terms: TermMatcher; headings: TermMatcher; anchors: TermMatcher };
const cache = new WeakMap<Rubric, RubricMatchers>();

/** Matchers of the rubric's cue terms, heading words and anchors (as features.ts's compileRubric reads them). */
export function rubricMatchers(rubric: Rubric): RubricMatchers {
  let r = cache.get(rubric);
  if (r) return r;
  const all = (k: 'terms' | 'headings' | 'anchors') => rubric.indicators.map((ind) => Object.values(ind.cues).flatMap((cu) => cu?.[k] ?? []));
  r = { terms: buildMatcher(all('terms')), headings: buildMatcher(all('headings')), anchors: buildMatcher(all('anchors')) };
  cache.set(rubric, r);
  return r;
}

/**
 * Walk the first-term hits of `text` in position order: `hit(k, term, p)` for each indicator k and
 * position p where k's regex would match (ignoring lastIndex, which the caller applies).
 */
function scan(m: TermMatcher, text: string, hit: (k: number, t: string, p: number) => void, lastHitAt: Int32Array): void {
  const len = text.length;
  let prevAlnum = false;
  for (let p = 0; p < len; p++) {
    const c0 = text.charCodeAt(p);
    // A latin term needs (?<![a-z0-9]) at p; a non-ASCII c0 can only start a non-latin term.
    const blocked = c0 < 128 && prevAlnum;
    prevAlnum = (c0 >= 97 && c0 <= 122) || (c0 >= 48 && c0 <= 57);
    if (blocked) continue;
    if (p + 1 < len) {
      const list = m.pair.get(c0 * 65536 + text.charCodeAt(p + 1));
      if (list)
        for (const e of list) {
          if (lastHitAt[e.k] !== p && text.startsWith(e.t, p)) {
            lastHitAt[e.k] = p;
            hit(e.k, e.t, p);
          }
        }
    }
    const one = m.single.get(c0);
    if (one)
      for (const e of one) {
        // Longer terms come first in the regex: a one-unit term only matches where none of them did.
        if (lastHitAt[e.k] !== p) {
          lastHitAt[e.k] = p;
          hit(e.k, e.t, p);
        }
      }
  }
}

/**
 * Per indicator k and text i, at [k * texts.length + i], what features.ts's loop over
 * `regexes[k].exec(texts[i])` gives: 0 no match, 1 one distinct term, 2 two, 3 three or more.
 * `regexes[k]` (the indicator's compiled terms, null when it has none) is used only for regexOnly ones.
 */
export function termCounts(m: TermMatcher, texts: string[], regexes: Array<RegExp | null>): Uint8Array {
  const n = texts.length;
  const K = m.size;
  const out = new Uint8Array(K * n);
  const lastHitAt = new Int32Array(K);
  const next = new Int32Array(K); // lastIndex of each indicator's exec loop
  const first: Array<string | undefined> = new Array(K);
  const second: Array<string | undefined> = new Array(K);
  const done = new Uint8Array(K);
  const touched: number[] = [];
  let i = 0;
  const hit = (k: number, t: string, p: number) => {
    if (done[k] || p < next[k]) return;
    next[k] = p + t.length;
    const o = k * n + i;
    if (out[o] === 0) touched.push(k);
    if (first[k] === undefined) {
      first[k] = t;
      out[o] = 1;
    } else if (t !== first[k] && (second[k] === undefined || t !== second[k])) {
      if (second[k] === undefined) {
        second[k] = t;
        out[o] = 2;
      } else {
        out[o] = 3;
        done[k] = 1;
      }
    }
  };
  for (i = 0; i < n; i++) {
    lastHitAt.fill(-1);
    scan(m, texts[i], hit, lastHitAt);
    for (const k of touched) {
      next[k] = 0;
      first[k] = undefined;
      second[k] = undefined;
      done[k] = 0;
    }
    touched.length = 0;
  }
  for (let k = 0; k < K; k++) {
    const re = regexes[k];
    if (!m.regexOnly[k] || !re) continue;
    for (i = 0; i < n; i++) {
      // The loop of features.ts, as it was.
      re.lastIndex = 0;
      let term = 0;
      let f: string | undefined, s: string | undefined, r: RegExpExecArray | null;
      while ((r = re.exec(texts[i]))) {
        if (f === undefined) { f = r[0]; term = 1; }
        else if (r[0] !== f && (s === undefined || r[0] !== s)) {
          if (s === undefined) { s = r[0]; term = 2; }
          else { term = 3; break; }
        }
      }
      out[k * n + i] = term;
    }
  }
  return out;
}

/**
 * Per text i and indicator k, at [i * K + k], whether `regexes[k].test(texts[i])` (from lastIndex 0)
 * would be true. `regexes[k]` is used only for regexOnly indicators.
 */
export function anyMatch(m: TermMatcher, texts: string[], regexes: Array<RegExp | null>): Uint8Array {
  const K = m.size;
  const out = new Uint8Array(texts.length * K);
  const lastHitAt = new Int32Array(K);
  let i = 0;
  const hit = (k: number) => {
    out[i * K + k] = 1;
  };
  for (i = 0; i < texts.length; i++) {
    lastHitAt.fill(-1);
    scan(m, texts[i], hit, lastHitAt);
  }
  for (let k = 0; k < K; k++) {
    const re = regexes[k];
    if (!m.regexOnly[k] || !re) continue;
    for (i = 0; i < texts.length; i++) {
      re.lastIndex = 0;
      out[i * K + k] = re.test(texts[i]) ? 1 : 0;
    }
  }
  return out;
}
