/**
 * A per-indicator sentence scorer: logistic regression over hashed words (English), character
 * bigrams (Chinese), heading words, block kind and the rule signals of the sentence. Trained by
 * `npm run train` on the labelled evidence sentences; weights ship as data/model/sentences.json.
 * It ranks evidence and feeds the status model; it never decides a status on its own.
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Sentence } from '../types.js';
import type { Signal, SentenceInfo } from './features.js';

export const BITS = 18;
/** Suffix of the per-indicator weights trained on evidence of disclosed (concrete) answers only. */
export const CONCRETE = '#concrete';
const MASK = (1 << BITS) - 1;

function fnv(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & MASK;
}

const WORD = /[a-z][a-z0-9+#.-]*[a-z0-9+#]|[a-z]/g;
const HAN_RUN = /\p{Script=Han}+/gu;

function words(text: string, out: string[], prefix: string, max = 80) {
  const low = text.toLowerCase();
  let prev = '';
  let n = 0;
  for (const m of low.matchAll(WORD)) {
    let w = m[0];
    if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
    out.push(prefix + w);
    if (prev) out.push(prefix + prev + '_' + w);
    prev = w;
    if (++n >= max) break;
  }
  n = 0;
  for (const m of text.matchAll(HAN_RUN)) {
    const r = m[0];
    if (r.length === 1) out.push(prefix + r);
    for (let i = 0; i + 1 < r.length; i++) {
      out.push(prefix + r.slice(i, i + 2));
      if (++n >= max * 2) return;
    }
  }
}

/** Hashed feature ids of a sentence, shared by all indicators. */
export function sentenceTokens(s: Sentence): number[] {
  const toks: string[] = [];
  words(s.text.slice(0, 600), toks, '');
  const h = s.headingPath;
  if (h.length) words(h[h.length - 1], toks, 'h:', 12);
  if (h.length > 1) words(h.slice(0, -1).join(' '), toks, 'H:', 12);
  toks.push('k:' + s.kind);
  if (/\d/.test(s.text)) toks.push('#num');
  if (/\d\s*%/.test(s.text)) toks.push('#pct');
  if (/\d(\.\d+)?\s*[BMTK]\b/.test(s.text)) toks.push('#numunit');
  if (/https?:\/\//.test(s.raw)) toks.push('#url');
  if (s.text.length < 40) toks.push('#short');
  else if (s.text.length > 200) toks.push('#long');
  return [...new Set(toks.map(fnv))];
}

/** Indicator-specific rule features of a sentence (names are hashed like tokens). */
const RULE_HASH = new Map<string, number>();
const rh = (name: string) => {
  let v = RULE_HASH.get(name);
  if (v === undefined) RULE_HASH.set(name, (v = fnv(name)));
  return v;
};

export function ruleTokens(sig: Signal | undefined, info: SentenceInfo): number[] {
  const t: string[] = [];
  if (sig) {
    if (sig.term) t.push('r:term' + Math.min(sig.term, 2));
    if (sig.head === 1) t.push('r:head');
    else if (sig.head) t.push('r:head2');
    if (sig.strong) t.push('r:strong');
    if (sig.vague) t.push('r:vague');
    if (sig.fact) t.push('r:fact');
    if (sig.excluded) t.push('r:excl');
  } else t.push('r:none');
  if (info.placeholder) t.push('r:placeholder');
  if (info.linkOnly) t.push('r:link');
  if (info.otherModel) t.push('r:other');
  return t.map(rh);
}

export interface SentenceModel {
  bits: number;
  /** Per indicator: bias and sparse weights [index, weight] pairs flattened. */
  weights: Record<string, { bias: number; w: number[] }>;
}

/** Training form: one dense vector per indicator. */
export type DenseWeights = Map<string, { bias: number; w: Float32Array }>;

/** Run-time form: only the features that carry weight, one row of all indicators' weights each. */
export interface SentenceWeights {
  ids: string[];
  col: Map<string, number>;
  index: Map<number, number>;
  rows: Float32Array;
  bias: Float32Array;
}

let loaded: SentenceWeights | null | undefined;

export function compact(m: SentenceModel): SentenceWeights {
  const ids = Object.keys(m.weights);
  const n = ids.length;
  const index = new Map<number, number>();
  for (const id of ids) {
    const w = m.weights[id].w;
    for (let i = 0; i < w.length; i += 2) if (!index.has(w[i])) index.set(w[i], index.size);
  }
  const rows = new Float32Array(index.size * n);
  ids.forEach((id, c) => {
    const w = m.weights[id].w;
    for (let i = 0; i < w.length; i += 2) rows[index.get(w[i])! * n + c] = w[i + 1];
  });
  return { ids, col: new Map(ids.map((id, c) => [id, c])), index, rows, bias: Float32Array.from(ids.map((id) => m.weights[id].bias)) };
}

export function loadSentenceModel(): SentenceWeights | null {
  if (loaded !== undefined) return loaded;
  const url = new URL('../../data/model/sentences.json', import.meta.url);
  if (!existsSync(url)) return (loaded = null);
  const m = JSON.parse(readFileSync(url, 'utf8')) as SentenceModel;
  loaded = m.bits === BITS ? compact(m) : null;
  return loaded;
}

/** Probabilities per indicator (rubric order) per sentence. Indicators the model lacks get 0. */
export function scoreAll(m: SentenceWeights, rubricIds: string[], tokens: number[][], rules: (k: number, i: number) => number[]): Float32Array[] {
  const n = m.ids.length;
  const out = rubricIds.map(() => new Float32Array(tokens.length));
  const cols = rubricIds.map((id) => m.col.get(id) ?? -1);
  const acc = new Float32Array(n);
  for (let i = 0; i < tokens.length; i++) {
    acc.set(m.bias);
    for (const t of tokens[i]) {
      const r = m.index.get(t);
      if (r === undefined) continue;
      const base = r * n;
      for (let c = 0; c < n; c++) acc[c] += m.rows[base + c];
    }
    for (let k = 0; k < rubricIds.length; k++) {
      const c = cols[k];
      if (c < 0) continue;
      let z = acc[c];
      for (const t of rules(k, i)) {
        const r = m.index.get(t);
        if (r !== undefined) z += m.rows[r * n + c];
      }
      out[k][i] = sigmoid(z);
    }
  }
  return out;
}

export function sigmoid(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

export function scoreSentence(w: { bias: number; w: Float32Array }, toks: number[], rules: number[]): number {
  let z = w.bias;
  for (const t of toks) z += w.w[t];
  for (const t of rules) z += w.w[t];
  return sigmoid(z);
}

