/**
 * Literal gates for the rubric's strong/vague/exclude regexes.
 *
 * features.ts tests a few hundred user-written patterns (flags "imu") against candidate sentences.
 * Compiling them was a third of a cold start and running them a large part of an audit, yet most
 * cannot match most sentences: "red[- ]team\w*…" needs "red" and "team", "\d+(\.\d+)?\s*%" needs "%".
 * gateOf reads a pattern's source and finds strings of which every match must contain at least one;
 * `someMatch` skips a regex when none of them is in the sentence. It only ever skips a regex that
 * could not have matched, so the answers are those of `regexes.some((r) => r.test(text))`.
 *
 * The analysis is deliberately small: literal runs of ASCII or uncased CJK characters, groups,
 * alternation and quantifiers. Anything else (classes, escapes other than escaped punctuation,
 * lookarounds, backreferences, other scripts) counts as "no requirement", which never skips.
 * Under flag i a text is compared lower-cased: an ASCII letter matches only its two cases and, under
 * flag u, K (U+212A), which lower-cases to k, and ſ (U+017F), which does not, so a text with ſ is never
 * gated.
 */

import { existsSync, readFileSync } from 'node:fs';

/** Strings of which a match must contain one (null: nothing known). */
type Req = string[] | null;

interface Gate {
  lits: string[];
  fold: boolean;
  /**
   * For three or more literals, after USES_BEFORE_REGEX uses: one search for any of them, cheaper than
   * a search per literal once compiled (compiling it would cost a cold start more than it saves).
   */
  any?: RegExp;
  uses: number;
}

const cache = new WeakMap<RegExp, Gate | null>();
const USES_BEFORE_REGEX = 50;

/** A literal character that is its own and only case variant (besides ASCII letters, handled by folding). */
function literalChar(c: string): boolean {
  const n = c.charCodeAt(0);
  if (n >= 0x20 && n < 0x7f) return true;
  return (
    (n >= 0x3000 && n <= 0x30ff) || // CJK punctuation, kana
    (n >= 0x3400 && n <= 0x4dbf) ||
    (n >= 0x4e00 && n <= 0x9fff) ||
    (n >= 0xf900 && n <= 0xfaff) ||
    (n >= 0xac00 && n <= 0xd7af) // Hangul syllables
  );
}

const SYNTAX = new Set([...'^$\\.*+?()[]{}|/']);

class Parser {
  i = 0;
  constructor(private readonly src: string) {}

  /** alternation := sequence ('|' sequence)* */
  alternation(): Req {
    const alts: Req[] = [this.sequence()];
    while (this.src[this.i] === '|') {
      this.i++;
      alts.push(this.sequence());
    }
    if (alts.some((a) => a === null)) return null;
    return [...new Set((alts as string[][]).flat())];
  }

  /** Parses up to ')' or '|' or the end; returns the most selective requirement of its parts. */
  sequence(): Req {
    const reqs: string[][] = [];
    let run = '';
    const endRun = () => {
      if (run) reqs.push([run]);
      run = '';
    };
    const s = this.src;
    while (this.i < s.length && s[this.i] !== '|' && s[this.i] !== ')') {
      const c = s[this.i];
      let atom: { lit?: string; req: Req };
      if (c === '(') {
        this.i++;
        let look = false;
        if (s.startsWith('?:', this.i)) this.i += 2;
        else if (s.startsWith('?=', this.i) || s.startsWith('?!', this.i)) {
          this.i += 2;
          look = true;
        } else if (s.startsWith('?<=', this.i) || s.startsWith('?<!', this.i)) {
          this.i += 3;
          look = true;
        } else if (s.startsWith('?<', this.i)) {
          const close = s.indexOf('>', this.i);
          if (close < 0) throw new Error('bad group');
          this.i = close + 1;
        } else if (s[this.i] === '?') throw new Error('unknown group');
        const inner = this.alternation();
        if (s[this.i] !== ')') throw new Error('unbalanced');
        this.i++;
        atom = { req: look ? null : inner };
      } else if (c === '[') {
        this.skipClass();
        atom = { req: null };
      } else if (c === '\\') {
        const d = s[this.i + 1];
        if (d === undefined) throw new Error('trailing backslash');
        this.i += 2;
        // Escaped punctuation is that character; every other escape is a class, an assertion, a
        // code point or a reference: no literal.
        if (/[\^$\\.*+?()[\]{}|/\-,:=!<> '"#%&;@`~]/.test(d)) atom = { lit: d, req: null };
        else {
          if (d === 'u' && s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
          else if ((d === 'p' || d === 'P') && s[this.i] === '{') this.i = s.indexOf('}', this.i) + 1;
          else if (d === 'k' && s[this.i] === '<') this.i = s.indexOf('>', this.i) + 1;
          else if (d === 'u') this.i += 4;
          else if (d === 'x') this.i += 2;
          else if (d === 'c') this.i += 1;
          else if (/[0-9]/.test(d)) while (/[0-9]/.test(s[this.i] ?? '')) this.i++;
          if (this.i <= 0) throw new Error('bad escape');
          atom = { req: null };
        }
      } else if (c === '^' || c === '$' || c === '.') {
        this.i++;
        atom = { req: null };
      } else if (c === '*' || c === '+' || c === '?' || c === '{') {
        throw new Error('quantifier without atom');
      } else {
        this.i++;
        atom = SYNTAX.has(c) || !literalChar(c) ? { req: null } : { lit: c, req: null };
      }
      const min = this.quantifier();
      if (min === undefined && atom.lit !== undefined) {
        run += atom.lit;
        continue;
      }
      endRun();
      if (min !== undefined && min === 0) continue;
      if (atom.req) reqs.push(atom.req);
    }
    endRun();
    if (!reqs.length) return null;
    // Any one part is a valid requirement: take the one whose shortest string is longest.
    const score = (r: string[]) => Math.min(...r.map((x) => x.length)) - r.length * 0.01;
    return reqs.reduce((a, b) => (score(b) > score(a) ? b : a));
  }

  /** A quantifier after an atom: its minimum count, or undefined when there is none. */
  quantifier(): number | undefined {
    const s = this.src;
    const c = s[this.i];
    let min: number | undefined;
    if (c === '*' || c === '?' || c === '+') {
      min = c === '+' ? 1 : 0;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(s.slice(this.i));
      if (!m) throw new Error('bad brace');
      min = Number(m[1]);
      this.i += m[0].length;
    }
    if (min !== undefined && s[this.i] === '?') this.i++;
    return min;
  }

  skipClass(): void {
    const s = this.src;
    this.i++;
    while (this.i < s.length && s[this.i] !== ']') this.i += s[this.i] === '\\' ? 2 : 1;
    if (s[this.i] !== ']') throw new Error('unterminated class');
    this.i++;
  }
}

/** The requirement of a pattern source (exported for tests); null when nothing is known. */
export function requiredLiterals(source: string): string[] | null {
  try {
    const p = new Parser(source);
    const r = p.alternation();
    if (p.i !== source.length) return null;
    return r && r.length && r.every((x) => x.length > 0) ? r : null;
  } catch {
    return null;
  }
}

/**
 * requiredLiterals of the default rubric's patterns, computed by `npm run build` (compile-data.mjs)
 * into dist/data/regex-gates.json: analysing ~200 patterns in not yet optimised code costs ~30 ms of a
 * cold start. Keyed by source, so a pattern missing from it (a user's rubric, an edited one) is
 * analysed here.
 */
let table: Map<string, string[] | null> | undefined;
function precomputed(): Map<string, string[] | null> {
  if (table) return table;
  const url = new URL('../data/regex-gates.json', import.meta.url);
  table = new Map();
  if (existsSync(url)) {
    try {
      table = new Map(Object.entries(JSON.parse(readFileSync(url, 'utf8')) as Record<string, string[] | null>));
    } catch {
      /* unreadable: analyse every pattern */
    }
  }
  return table;
}

export function gateOf(re: RegExp): Gate | null {
  let g = cache.get(re);
  if (g !== undefined) return g;
  const fold = re.flags.includes('i');
  const known = precomputed().get(re.source);
  const lits = known !== undefined ? known : requiredLiterals(re.source);
  if (lits) {
    const ls = fold ? [...new Set(lits.map((l) => l.toLowerCase()))] : lits;
    // Flags "": the literals are ASCII or uncased CJK, compared code unit for code unit.
    g = { lits: ls, fold, uses: 0 };
  } else g = null;
  cache.set(re, g);
  return g;
}

/**
 * `regexes.some((r) => r.test(text))` for non-global regexes, skipping the ones whose literals are
 * not in the text. `lower` is text.toLowerCase().
 */
export function someMatch(regexes: RegExp[], text: string, lower: string): boolean {
  for (const r of regexes) {
    // (A global or sticky regex's test moves lastIndex: never skipped.)
    const g = r.global || r.sticky ? null : gateOf(r);
    if (g && !(g.fold && text.includes('\u017f'))) {
      const hay = g.fold ? lower : text;
      let found = false;
      if (!g.any && g.lits.length > 2 && ++g.uses > USES_BEFORE_REGEX)
        g.any = new RegExp(g.lits.map((l) => l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
      if (g.any) found = g.any.test(hay);
      else
        for (const l of g.lits)
          if (hay.includes(l)) {
            found = true;
            break;
          }
      if (!found) continue;
    }
    if (r.test(text)) return true;
  }
  return false;
}
