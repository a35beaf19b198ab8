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

const RULE_NAMES = ['r:term1', 'r:term2', 'r:head', 'r:head2', 'r:strong', 'r:vague', 'r:fact', 'r:excl', 'r:none', 'r:placeholder', 'r:link', 'r:other'];
const byMask = new Map<number, number[]>();

export function ruleTokens(sig: Signal | undefined, info: SentenceInfo): number[] {
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
  let t = byMask.get(m);
  if (!t) byMask.set(m, (t = RULE_NAMES.filter((_, i) => m & (1 << i)).map(rh)));
  return t;
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

export function decodeSentenceModel(buf: Buffer): SentenceWeights | null {
  if (buf.toString('latin1', 0, 4) !== 'USW1') return null;
  const hl = buf.readUInt32LE(4);
  const h = JSON.parse(buf.toString('utf8', 8, 8 + hl)) as { bits: number; ids: string[]; nF: number; nnz: number };
  if (h.bits !== BITS) return null;
  // Copy into an aligned buffer so typed-array views are valid whatever the Buffer's pool offset.
  const ab = new ArrayBuffer(buf.length);
  new Uint8Array(ab).set(buf);
  let off = 8 + hl + ((4 - ((8 + hl) % 4)) % 4);
  const take = <T>(ctor: { new (b: ArrayBuffer, o: number, n: number): T; BYTES_PER_ELEMENT: number }, n: number): T => {
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
  loaded = decodeSentenceModel(readFileSync(url));
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

/** Probabilities per indicator (rubric order) per sentence. Indicators the model lacks get 0. */
export function scoreAll(m: SentenceWeights, rubricIds: string[], tokens: number[][], rules: (k: number, i: number) => number[]): Float32Array[] {
  const n = m.ids.length;
  const out = rubricIds.map(() => new Float32Array(tokens.length));
  const cols = rubricIds.map((id) => m.col.get(id) ?? -1);
  const acc = new Float32Array(n);
  const ruleRow = ruleRows(m);
  for (let i = 0; i < tokens.length; i++) {
    acc.set(m.bias);
    for (const t of tokens[i]) {
      const f = m.slot[t];
      if (f < 0) continue;
      for (let e = m.start[f]; e < m.start[f + 1]; e++) acc[m.cols[e]] += m.w[e];
    }
    for (let k = 0; k < rubricIds.length; k++) {
      const c = cols[k];
      if (c < 0) continue;
      let z = acc[c];
      for (const t of rules(k, i)) {
        const row = ruleRow.get(t);
        if (row) z += row[c];
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

