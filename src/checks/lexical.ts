/**
 * A per-indicator sentence scorer: logistic regression over hashed words (English), character
 * bigrams (Chinese), heading words, block kind and the rule signals of the sentence. Trained by
 * `npm run train` on the labelled evidence sentences; weights ship as data/model/sentences.bin.
 * It ranks evidence and feeds the status model; it never decides a status on its own.
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Sentence } from '../types.js';
import type { Signal, SentenceInfo } from './features.js';

export const BITS = 18;
/** Suffix of the per-indicator weights trained on evidence of disclosed (concrete) answers only. */
export const CONCRETE = '#concrete';
const MASK = (1 << BITS) - 1;

const FNV_BASIS = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv(s: string): number {
  let h = FNV_BASIS;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return (h >>> 0) & MASK;
}

/*
 * The tokens below are hashed as they are read, without building their strings: FNV-1a is a running
 * state, so fnv(prefix + a + '_' + b) is the state after `prefix` fed with the code units of a, '_'
 * and b. The values (and their order) are exactly those of hashing the concatenated strings.
 */
function feed(h: number, s: string, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h;
}
const UNDERSCORE = 95;
const fin = (h: number) => (h >>> 0) & MASK;

const HAN_RUN = /\p{Script=Han}+/gu;

// Character classes of WORD = /[a-z][a-z0-9+#.-]*[a-z0-9+#]|[a-z]/g, scanned by hand below.
const isAz = (c: number) => c >= 97 && c <= 122;
/** [a-z0-9+#] */
const isEnd = (c: number) => isAz(c) || (c >= 48 && c <= 57) || c === 43 || c === 35;
/** [a-z0-9+#.-] */
const isMid = (c: number) => isEnd(c) || c === 46 || c === 45;

/**
 * Hashed word unigrams and bigrams (English, lower-cased, a plural "s" dropped) and Han character
 * bigrams of `text`, each behind `prefix`, pushed to `out` (may repeat; the caller dedups).
 */
function words(text: string, out: number[], prefix: string, max = 80) {
  const low = text.toLowerCase();
  const h0 = feed(FNV_BASIS, prefix, 0, prefix.length);
  let hasPrev = false;
  let prevState = 0; // state after prefix + the previous word
  let n = 0;
  const len = low.length;
  let p = 0;
  while (p < len) {
    if (!isAz(low.charCodeAt(p))) {
      p++;
      continue;
    }
    // The leftmost-longest WORD match at p: a run of [a-z0-9+#.-], cut back to its last [a-z0-9+#].
    let q = p + 1;
    let end = p + 1;
    while (q < len) {
      const c = low.charCodeAt(q);
      if (!isMid(c)) break;
      q++;
      if (isEnd(c)) end = q;
    }
    // Stemming: "xs" (length > 3) loses its "s", "xss" keeps it.
    let wEnd = end;
    if (end - p > 3 && low.charCodeAt(end - 1) === 115 && low.charCodeAt(end - 2) !== 115) wEnd = end - 1;
    const state = feed(h0, low, p, wEnd);
    out.push(fin(state));
    if (hasPrev) out.push(fin(feed(Math.imul(prevState ^ UNDERSCORE, FNV_PRIME), low, p, wEnd)));
    prevState = state;
    hasPrev = true;
    p = end;
    if (++n >= max) break;
  }
  n = 0;
  HAN_RUN.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = HAN_RUN.exec(text))) {
    const r = m[0];
    if (r.length === 1) out.push(fin(feed(h0, r, 0, 1)));
    for (let i = 0; i + 1 < r.length; i++) {
      out.push(fin(feed(h0, r, i, i + 2)));
      if (++n >= max * 2) return;
    }
  }
}

/** Heading-path tokens, per shared heading-path array (one per heading, reused by its sentences). */
const headingCache = new WeakMap<string[], number[]>();
const NO_TOKENS: number[] = [];
function headingTokens(h: string[]): number[] {
  if (h.length === 0) return NO_TOKENS;
  let t = headingCache.get(h);
  if (t) return t;
  t = [];
  if (h.length) words(h[h.length - 1], t, 'h:', 12);
  if (h.length > 1) words(h.slice(0, -1).join(' '), t, 'H:', 12);
  headingCache.set(h, t);
  return t;
}

// Dedup of a sentence's hashes without a Set: seen[h] === stamp when h was already taken (1 MB,
// allocated on first use: a batch's main thread imports this module but never audits).
let seen: Int32Array | undefined;
let stamp = 0;
const KIND_HASH = new Map<string, number>();
const H_NUM = fnv('#num'), H_PCT = fnv('#pct'), H_NUMUNIT = fnv('#numunit'), H_URL = fnv('#url'), H_SHORT = fnv('#short'), H_LONG = fnv('#long');

/** Hashed feature ids of a sentence, shared by all indicators (distinct, in order of first occurrence). */
export function sentenceTokens(s: Sentence): number[] {
  const toks: number[] = [];
  words(s.text.slice(0, 600), toks, '');
  for (const t of headingTokens(s.headingPath)) toks.push(t);
  let kh = KIND_HASH.get(s.kind);
  if (kh === undefined) KIND_HASH.set(s.kind, (kh = fnv('k:' + s.kind)));
  toks.push(kh);
  if (/\d/.test(s.text)) toks.push(H_NUM);
  if (/\d\s*%/.test(s.text)) toks.push(H_PCT);
  if (/\d(\.\d+)?\s*[BMTK]\b/.test(s.text)) toks.push(H_NUMUNIT);
  if (/https?:\/\//.test(s.raw)) toks.push(H_URL);
  if (s.text.length < 40) toks.push(H_SHORT);
  else if (s.text.length > 200) toks.push(H_LONG);
  if (!seen) seen = new Int32Array(1 << BITS);
  if (++stamp === 0x7fffffff) {
    seen.fill(0);
    stamp = 1;
  }
  let w = 0;
  for (let j = 0; j < toks.length; j++) {
    const t = toks[j];
    if (seen[t] !== stamp) {
      seen[t] = stamp;
      toks[w++] = t;
    }
  }
  toks.length = w;
  return toks;
}

/** Indicator-specific rule features of a sentence (names are hashed like tokens). */
const RULE_HASH = new Map<string, number>();
const rh = (name: string) => {
  let v = RULE_HASH.get(name);
  if (v === undefined) RULE_HASH.set(name, (v = fnv(name)));
  return v;
};

const RULE_NAMES = ['r:term1', 'r:term2', 'r:head', 'r:head2', 'r:strong', 'r:vague', 'r:fact', 'r:excl', 'r:none', 'r:placeholder', 'r:link', 'r:other'];
const byMask = new Map<number, number[]>();

export function ruleTokens(sig: Signal | undefined, info: SentenceInfo): number[] {
  const m = ruleMask(sig, info);
  let t = byMask.get(m);
  if (!t) byMask.set(m, (t = RULE_NAMES.filter((_, i) => m & (1 << i)).map(rh)));
  return t;
}

/** The rule features of ruleTokens as a bit mask (bit i: RULE_NAMES[i]). */
export function ruleMask(sig: Signal | undefined, info: SentenceInfo): number {
  let m = 0;
  if (sig) {
    if (sig.term) m |= sig.term >= 2 ? 2 : 1;
    if (sig.head === 1) m |= 4;
    else if (sig.head) m |= 8;
    if (sig.strong) m |= 16;
    if (sig.vague) m |= 32;
    if (sig.fact) m |= 64;
    if (sig.excluded) m |= 128;
  } else m |= 256;
  if (info.placeholder) m |= 512;
  if (info.linkOnly) m |= 1024;
  if (info.otherModel) m |= 2048;
  return m;
}

/** Training form: one dense vector per indicator. */
export type DenseWeights = Map<string, { bias: number; w: Float32Array }>;

/**
 * Run-time form, sparse by feature (CSR): for hashed feature f, entries start[slot[f]]..start[slot[f]+1]
 * give (column, weight) pairs. Shipped as data/model/sentences.bin and read without parsing:
 *   "USW1" | u32 header length | header JSON {bits, ids, nF, nnz} | pad to 4 |
 *   i32 hashes[nF] | i32 start[nF+1] | f32 weights[nnz] | f32 bias[ids] | u16 cols[nnz]
 */
export interface SentenceWeights {
  ids: string[];
  col: Map<string, number>;
  /** Hash → feature slot, -1 when the feature carries no weight. */
  slot: Int32Array;
  start: Int32Array;
  cols: Uint16Array;
  w: Float32Array;
  bias: Float32Array;
}

let loaded: SentenceWeights | null | undefined;

/** Sparse run-time weights from the dense training form, keeping |w| >= threshold. */
export function compact(dense: DenseWeights, threshold = 0.03): SentenceWeights {
  const ids = [...dense.keys()];
  const perFeature = new Map<number, Array<[number, number]>>();
  ids.forEach((id, c) => {
    const w = dense.get(id)!.w;
    for (let i = 0; i < w.length; i++) {
      if (Math.abs(w[i]) < threshold) continue;
      let list = perFeature.get(i);
      if (!list) perFeature.set(i, (list = []));
      list.push([c, Math.round(w[i] * 1000) / 1000]);
    }
  });
  const hashes = [...perFeature.keys()].sort((x, y) => x - y);
  const start = new Int32Array(hashes.length + 1);
  let nnz = 0;
  hashes.forEach((h, f) => {
    start[f] = nnz;
    nnz += perFeature.get(h)!.length;
  });
  start[hashes.length] = nnz;
  const cols = new Uint16Array(nnz);
  const w = new Float32Array(nnz);
  hashes.forEach((h, f) => perFeature.get(h)!.forEach(([c, v], j) => ((cols[start[f] + j] = c), (w[start[f] + j] = v))));
  const slot = new Int32Array(1 << BITS).fill(-1);
  hashes.forEach((h, f) => (slot[h] = f));
  const bias = Float32Array.from(ids.map((id) => Math.round(dense.get(id)!.bias * 1000) / 1000));
  return { ids, col: new Map(ids.map((id, c) => [id, c])), slot, start, cols, w, bias, ...{ hashes: Int32Array.from(hashes) } } as SentenceWeights;
}

export function encodeSentenceModel(m: SentenceWeights & { hashes?: Int32Array }): Buffer {
  const hashes = m.hashes ?? Int32Array.from([...m.slot.keys()].filter((h) => m.slot[h] >= 0));
  const header = Buffer.from(JSON.stringify({ bits: BITS, ids: m.ids, nF: hashes.length, nnz: m.w.length }));
  const pad = (n: number) => (4 - (n % 4)) % 4;
  const headLen = 8 + header.length + pad(8 + header.length);
  const parts = [
    Buffer.from('USW1'),
    Buffer.from(Uint32Array.of(header.length).buffer),
    header,
    Buffer.alloc(pad(8 + header.length)),
    Buffer.from(hashes.buffer, hashes.byteOffset, hashes.byteLength),
    Buffer.from(m.start.buffer, m.start.byteOffset, m.start.byteLength),
    Buffer.from(m.w.buffer, m.w.byteOffset, m.w.byteLength),
    Buffer.from(m.bias.buffer, m.bias.byteOffset, m.bias.byteLength),
    Buffer.from(m.cols.buffer, m.cols.byteOffset, m.cols.byteLength),
  ];
  void headLen;
  return Buffer.concat(parts);
}

/**
 * `owned`: the caller hands `buf` over (never reuses or changes it), so when it is 4-byte aligned the
 * typed arrays can view its memory instead of a 2 MB copy (~10 ms of page faults at every start).
 */
export function decodeSentenceModel(buf: Buffer, owned = false): SentenceWeights | null {
  if (buf.toString('latin1', 0, 4) !== 'USW1') return null;
  const hl = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString('utf8', 8, 8 + hl)) as { bits: number; ids: string[]; nF: number; nnz: number };
  if (h.bits !== BITS) return null;
  // Otherwise copy into an aligned buffer so typed-array views are valid whatever the Buffer's pool offset.
  let ab: ArrayBufferLike;
  let off = 8 + hl + ((4 - ((8 + hl) % 4)) % 4);
  if (owned && buf.byteOffset % 4 === 0) {
    ab = buf.buffer;
    off += buf.byteOffset;
  } else {
    ab = new ArrayBuffer(buf.length);
    new Uint8Array(ab).set(buf);
  }
  const take = <T>(ctor: { new (b: ArrayBufferLike, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
    const v = new ctor(ab, off, n);
    off += n * ctor.BYTES_PER_ELEMENT;
    return v;
  };
  const hashes = take(Int32Array, h.nF);
  const start = take(Int32Array, h.nF + 1);
  const w = take(Float32Array, h.nnz);
  const bias = take(Float32Array, h.ids.length);
  const cols = take(Uint16Array, h.nnz);
  const slot = new Int32Array(1 << BITS).fill(-1);
  for (let f = 0; f < hashes.length; f++) slot[hashes[f]] = f;
  return { ids: h.ids, col: new Map(h.ids.map((id, c) => [id, c])), slot, start, cols, w, bias };
}

export function loadSentenceModel(): SentenceWeights | null {
  if (loaded !== undefined) return loaded;
  const url = new URL('../../data/model/sentences.bin', import.meta.url);
  if (!existsSync(url)) return (loaded = null);
  loaded = decodeSentenceModel(readFileSync(url), true);
  return loaded;
}

const ruleRowCache = new WeakMap<SentenceWeights, Map<number, Float32Array>>();
/** The rule features' weights as dense rows (they touch every column; scanning CSR for them is slow). */
function ruleRows(m: SentenceWeights): Map<number, Float32Array> {
  let rows = ruleRowCache.get(m);
  if (rows) return rows;
  rows = new Map();
  for (const name of RULE_NAMES) {
    const h = rh(name);
    const f = m.slot[h];
    const row = new Float32Array(m.ids.length);
    if (f >= 0) for (let e = m.start[f]; e < m.start[f + 1]; e++) row[m.cols[e]] = m.w[e];
    rows.set(h, row);
  }
  ruleRowCache.set(m, rows);
  return rows;
}

/**
 * Probabilities per indicator (rubric order) per sentence. Indicators the model lacks get 0.
 * `masks[k][i]` is ruleMask of indicator k in sentence i: its rule tokens are the RULE_NAMES of its bits,
 * in that order (as ruleTokens lists them).
 */
export function scoreAll(m: SentenceWeights, rubricIds: string[], tokens: number[][], masks: ArrayLike<number>[]): Float32Array[] {
  const K = rubricIds.length;
  const out = rubricIds.map(() => new Float32Array(tokens.length));
  const cols = rubricIds.map((id) => m.col.get(id) ?? -1);
  const acc = new Float32Array(m.ids.length);
  const ruleRow = ruleRows(m);
  // The weight rows of each mask's rule tokens, in token order, built on first use.
  const rowsOf: Array<Float32Array[] | undefined> = [];
  const { slot, start, cols: eCol, w, bias } = m;
  for (let i = 0; i < tokens.length; i++) {
    // The same additions in the same order as ever (acc is float32: the order matters to the bit).
    acc.set(bias);
    const toks = tokens[i];
    for (let j = 0; j < toks.length; j++) {
      const f = slot[toks[j]];
      if (f < 0) continue;
      const end = start[f + 1];
      for (let e = start[f]; e < end; e++) acc[eCol[e]] += w[e];
    }
    for (let k = 0; k < K; k++) {
      const c = cols[k];
      if (c < 0) continue;
      let z = acc[c];
      const mask = masks[k][i];
      let rows = rowsOf[mask];
      if (!rows) {
        rows = [];
        for (let b = 0; b < RULE_NAMES.length; b++) {
          const row = mask & (1 << b) ? ruleRow.get(rh(RULE_NAMES[b])) : undefined;
          if (row) rows.push(row);
        }
        rowsOf[mask] = rows;
      }
      for (let j = 0; j < rows.length; j++) z += rows[j][c];
      out[k][i] = 1 / (1 + Math.exp(-z)); // sigmoid(z)
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

