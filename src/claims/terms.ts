/**
 * A fast term matcher for the claims lexicon: one pass over a sentence finds every listed term.
 *
 * English terms are matched on lowercase word tokens ([a-z0-9]+ of the lowercased text; punctuation and
 * hyphens separate tokens, so "state-of-the-art" and "state of the art" are the same term). In a term:
 *   word*   a token starting with "word" (improv* → improve, improved, improvement...; at least 3 letters)
 *   #       a token starting with a digit (top # → top 10; # times → 3 times)
 *   ...     up to three arbitrary tokens (best ... model → best open-source model)
 * A term written in capitals only ("MATH", "ARC") must appear in capitals in the text.
 * Chinese terms are plain substrings.
 * Large alternations of regular expressions are slow on every sentence of a document; this is linear
 * and allocates almost nothing: tokens are offsets into the text, case-folded, hashed while
 * tokenizing and looked up without taking substrings (buffers are reused between calls).
 */

/** One token of a term: a word, a word prefix ("improv*"), any number ("#"), or a gap of up to three tokens ("..."). */
const enum Part { Word, Prefix, Digit, Gap }

interface Entry {
  /** Dense key index. */
  k: number;
  parts: Array<{ kind: Part; s: string }>;
  /** Original-case form to verify (all-capital terms), or null. */
  upper: string | null;
}

interface HanEntry { k: number; term: string }

// FNV-1a over UTF-16 code units: the same hash for a table key and for a token of the text.
const HASH_SEED = 0x811c9dc5;
const mix = (h: number, c: number): number => Math.imul(h ^ c, 0x01000193);

function hashOf(s: string): number {
  let h = HASH_SEED;
  for (let i = 0; i < s.length; i++) h = mix(h, s.charCodeAt(i));
  return h;
}

/** A-Z to a-z (other code units of a token, a-z and 0-9, already have the 0x20 bit). */
const fold = (c: number): number => c | 0x20;

/** Whether src at `start` reads `word` (lowercase), ignoring ASCII case. */
function startsWithFolded(src: string, start: number, word: string): boolean {
  for (let i = 0; i < word.length; i++) if (fold(src.charCodeAt(start + i)) !== word.charCodeAt(i)) return false;
  return true;
}

/**
 * Entry lists by string (a first token, or the first three letters of a prefix term), looked up by a
 * span of the text and its hash (open addressing; no substring is made).
 */
class TokenTable {
  private slots = new Int32Array(256).fill(-1);
  private hashes: number[] = [];
  private keys: string[] = [];
  private values: Entry[][] = [];

  /** The list under `key`, created empty when new. */
  list(key: string): Entry[] {
    const h = hashOf(key);
    const at = this.find(key, 0, key.length, h);
    if (at) return at;
    if (2 * (this.keys.length + 1) > this.slots.length) this.grow();
    const v: Entry[] = [];
    this.hashes.push(h);
    this.keys.push(key);
    this.values.push(v);
    this.place(this.keys.length - 1);
    return v;
  }

  /** The list under the token src[start, start + len) (case-folded) of hash h, if any. */
  find(src: string, start: number, len: number, h: number): Entry[] | undefined {
    const mask = this.slots.length - 1;
    for (let at = h & mask; ; at = (at + 1) & mask) {
      const v = this.slots[at];
      if (v < 0) return undefined;
      if (this.hashes[v] === h && this.keys[v].length === len && startsWithFolded(src, start, this.keys[v])) return this.values[v];
    }
  }

  *[Symbol.iterator](): IterableIterator<[string, Entry[]]> {
    for (let v = 0; v < this.keys.length; v++) yield [this.keys[v], this.values[v]];
  }

  private place(v: number): void {
    const mask = this.slots.length - 1;
    let at = this.hashes[v] & mask;
    while (this.slots[at] >= 0) at = (at + 1) & mask;
    this.slots[at] = v;
  }

  private grow(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    for (let v = 0; v < this.keys.length; v++) this.place(v);
  }
}

/** Terms by how they start: first token, first three letters of a prefix, a digit, first character. */
interface TermIndex {
  exact: TokenTable;
  /** Prefix entries ("improv*") by their first three letters. */
  prefix: TokenTable;
  numeric: Entry[];
  han: Map<number, HanEntry[]>;
  /** First characters of Chinese terms, as a bitmap over U+3400..U+9FFF (fast rejection). */
  hanFirst: Uint8Array;
}

function emptyIndex(): TermIndex {
  return { exact: new TokenTable(), prefix: new TokenTable(), numeric: [], han: new Map(), hanFirst: new Uint8Array(0x9fff - 0x3400 + 1) };
}

function addHan(ix: TermIndex, e: HanEntry): void {
  const first = e.term.charCodeAt(0);
  if (first >= 0x3400 && first <= 0x9fff) ix.hanFirst[first - 0x3400] = 1;
  const list = ix.han.get(first);
  if (list) list.push(e);
  else ix.han.set(first, [e]);
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;
/** A character at or above U+3400, where Chinese terms can start (a quick test before the character loop). */
const HIGH = /[\u3400-\uffff]/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || isDigit(c);
}
/** The only characters whose lower case has another length or is a-z: "İ" → "i̇", the Kelvin sign → "k". */
function lowersSpecially(c: number): boolean {
  return c === 0x130 || c === 0x212a;
}

/** Split a term or text into lowercase [a-z0-9]+ tokens. */
export function termTokens(lower: string): string[] {
  return lower.match(/[a-z0-9]+/g) ?? [];
}

export class TermMatcher {
  private all = emptyIndex();
  /** The terms of the gate keys (see setGate). */
  private gate = emptyIndex();
  private keys = new Map<string, number>();
  private stamp = new Int32Array(0);
  private counts = new Int32Array(0);
  /** Keys hit by the last scan (first `touchedN` entries). */
  touched = new Int32Array(0);
  touchedN = 0;
  // Tokens of the last tokenized text (`tokenizedFor`), as offsets into `tokSrc` (the text, or its
  // lower case when that differs in more than ASCII letters): start, end, hash, hash of the first three.
  private tokSrc = '';
  private tokS = new Int32Array(256);
  private tokE = new Int32Array(256);
  private tokH = new Int32Array(256);
  private tokH3 = new Int32Array(256);
  private nTok = 0;
  private tokenizedFor: string | null = null;

  /** Make `mayMatch` answer for these keys (replacing the previous gate). */
  setGate(keys: Set<string>): void {
    const ks = new Set([...keys].map((k) => this.keyIndex(k)));
    const gate = emptyIndex();
    for (const [t, es] of this.all.exact) for (const e of es) if (ks.has(e.k)) gate.exact.list(t).push(e);
    for (const [p, es] of this.all.prefix) for (const e of es) if (ks.has(e.k)) gate.prefix.list(p).push(e);
    gate.numeric = this.all.numeric.filter((e) => ks.has(e.k));
    for (const es of this.all.han.values()) for (const e of es) if (ks.has(e.k)) addHan(gate, e);
    this.gate = gate;
  }

  /**
   * Whether a term of the gate keys occurs in the text: `scan` of the gate terms alone, stopping at the
   * first match (the tokens are kept for the `scan` that follows).
   */
  mayMatch(text: string): boolean {
    this.tokenize(text);
    const src = this.tokSrc;
    const g = this.gate;
    for (let i = 0; i < this.nTok; i++) {
      const s = this.tokS[i];
      const len = this.tokE[i] - s;
      const ex = g.exact.find(src, s, len, this.tokH[i]);
      if (ex && this.anyMatch(ex, i, text)) return true;
      if (len >= 3) {
        const px = g.prefix.find(src, s, 3, this.tokH3[i]);
        if (px && this.anyMatch(px, i, text)) return true;
      }
      if (g.numeric.length && isDigit(src.charCodeAt(s)) && this.anyMatch(g.numeric, i, text)) return true;
    }
    if (g.han.size && HIGH.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const list = hanAt(g, text, i);
        if (list) for (const { term } of list) if (text.startsWith(term, i)) return true;
      }
    }
    return false;
  }

  /** Dense index of a key (registering it when new). */
  keyIndex(key: string): number {
    let k = this.keys.get(key);
    if (k === undefined) {
      k = this.keys.size;
      this.keys.set(key, k);
      this.stamp = new Int32Array(this.keys.size);
      this.counts = new Int32Array(this.keys.size);
      this.touched = new Int32Array(this.keys.size);
    }
    return k;
  }

  keyNames(): string[] {
    return [...this.keys.keys()];
  }

  add(key: string, terms: string[] | undefined): void {
    for (const raw of terms ?? []) {
      const term = String(raw).trim();
      if (!term) continue;
      const k = this.keyIndex(key);
      if (HAN.test(term)) {
        addHan(this.all, { k, term });
        continue;
      }
      const lower = term.toLowerCase();
      const parts: Entry['parts'] = [];
      for (const piece of lower.split(/\s+/)) {
        if (piece === '...' || piece === '…') { parts.push({ kind: Part.Gap, s: '' }); continue; }
        if (piece === '#') { parts.push({ kind: Part.Digit, s: '' }); continue; }
        const star = piece.endsWith('*');
        const words = termTokens(star ? piece.slice(0, -1) : piece);
        words.forEach((w, i) => parts.push({ kind: star && i === words.length - 1 ? Part.Prefix : Part.Word, s: w }));
      }
      if (!parts.length || parts[0].kind === Part.Gap) continue;
      const upper = /^[A-Z]{2,}$/.test(term) ? term : null;
      const e: Entry = { k, parts, upper };
      const f = parts[0];
      if (f.kind === Part.Digit) this.all.numeric.push(e);
      else if (f.kind === Part.Prefix) {
        if (f.s.length < 3) throw new Error(`claims terms: prefix "${term}" is shorter than three letters`);
        this.all.prefix.list(f.s.slice(0, 3)).push(e);
      } else this.all.exact.list(f.s).push(e);
    }
  }

  /** Tokens of text.toLowerCase(), read from the text itself unless it holds a special character. */
  private tokenize(text: string): void {
    if (text === this.tokenizedFor) return;
    this.tokenizedFor = text;
    this.tokSrc = text;
    if (!this.tokenizeFrom(text)) {
      this.tokSrc = text.toLowerCase();
      this.tokenizeFrom(this.tokSrc);
    }
  }

  /** Tokenize src (case-folded); false when it holds a character that lowercases specially. */
  private tokenizeFrom(src: string): boolean {
    let n = 0;
    const len = src.length;
    let i = 0;
    while (i < len) {
      let c = src.charCodeAt(i);
      if (!isWordChar(c)) {
        if (c >= 0x130 && lowersSpecially(c)) return false;
        i++;
        continue;
      }
      const s = i;
      let h = HASH_SEED;
      let h3 = 0;
      while (i < len && isWordChar((c = src.charCodeAt(i)))) {
        h = mix(h, fold(c));
        if (++i - s === 3) h3 = h;
      }
      if (n >= this.tokS.length) this.growTokens();
      this.tokS[n] = s;
      this.tokE[n] = i;
      this.tokH[n] = h;
      this.tokH3[n] = h3;
      n++;
    }
    this.nTok = n;
    return true;
  }

  private growTokens(): void {
    const grow = (a: Int32Array) => { const b = new Int32Array(a.length * 2); b.set(a); return b; };
    this.tokS = grow(this.tokS);
    this.tokE = grow(this.tokE);
    this.tokH = grow(this.tokH);
    this.tokH3 = grow(this.tokH3);
  }

  /**
   * Count of matches per key index (each start position counted once per key); the keys hit are
   * `touched[0..touchedN)`. The returned array is reused by the next call.
   */
  scan(text: string): Int32Array {
    const counts = this.counts;
    for (let i = 0; i < this.touchedN; i++) counts[this.touched[i]] = 0;
    this.touchedN = 0;
    this.stamp.fill(-1);
    this.tokenize(text);
    const src = this.tokSrc;
    const { exact, prefix, numeric, han } = this.all;
    for (let i = 0; i < this.nTok; i++) {
      const s = this.tokS[i];
      const len = this.tokE[i] - s;
      const ex = exact.find(src, s, len, this.tokH[i]);
      if (ex) this.tryAll(ex, i, text);
      if (len >= 3) {
        const px = prefix.find(src, s, 3, this.tokH3[i]);
        if (px) this.tryAll(px, i, text);
      }
      if (numeric.length && isDigit(src.charCodeAt(s))) this.tryAll(numeric, i, text);
    }
    if (han.size && HIGH.test(text)) {
      for (let i = 0; i < text.length; i++) {
        const list = hanAt(this.all, text, i);
        if (list) for (const { k, term } of list) if (text.startsWith(term, i)) this.bump(k);
      }
    }
    return counts;
  }

  private bump(k: number): void {
    if (this.counts[k]++ === 0) this.touched[this.touchedN++] = k;
  }

  private tryAll(entries: Entry[], i: number, text: string): void {
    for (const e of entries) {
      if (this.stamp[e.k] === i || !this.matches(e, i, text)) continue;
      this.stamp[e.k] = i;
      this.bump(e.k);
    }
  }

  private anyMatch(entries: Entry[], i: number, text: string): boolean {
    for (const e of entries) if (this.matches(e, i, text)) return true;
    return false;
  }

  /** Whether an entry (listed under token i's first token, prefix or digit) matches from token i. */
  private matches(e: Entry, i: number, text: string): boolean {
    let end = i + 1;
    if (e.parts.length > 1 || e.parts[0].kind === Part.Prefix) {
      end = this.matchAt(e.parts, i, 0);
      if (end < 0) return false;
    }
    return !e.upper || text.slice(this.tokS[i], this.tokE[end - 1]) === e.upper;
  }

  /** Match entry parts from token i; returns the index after the last matched token, or -1. */
  private matchAt(pat: Entry['parts'], i: number, p: number): number {
    const src = this.tokSrc;
    let j = i;
    for (; p < pat.length; p++) {
      const q = pat[p];
      if (q.kind === Part.Gap) {
        for (let skip = 0; skip <= 3; skip++) {
          const r = this.matchAt(pat, j + skip, p + 1);
          if (r >= 0) return r;
        }
        return -1;
      }
      if (j >= this.nTok) return -1;
      const s = this.tokS[j];
      const len = this.tokE[j] - s;
      if (q.kind === Part.Digit) { if (!isDigit(src.charCodeAt(s))) return -1; }
      else if (q.kind === Part.Prefix ? len < q.s.length : len !== q.s.length) return -1;
      else if (!startsWithFolded(src, s, q.s)) return -1;
      j++;
    }
    return j;
  }
}

/** The Chinese terms of an index that may start at text[i] (null when none). */
function hanAt(ix: TermIndex, text: string, i: number): HanEntry[] | null {
  const c = text.charCodeAt(i);
  if (c < 0x3400 || (c <= 0x9fff && !ix.hanFirst[c - 0x3400])) return null;
  return ix.han.get(c) ?? null;
}
