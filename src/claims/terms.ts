/**
 * A fast term matcher for the claims lexicon: one pass over a sentence finds every listed term.
 *
 * English terms are matched on lowercase word tokens ([a-z0-9]+; punctuation and hyphens separate
 * tokens, so "state-of-the-art" and "state of the art" are the same term). In a term:
 *   word*   a token starting with "word" (improv* → improve, improved, improvement...; at least 3 letters)
 *   #       a token starting with a digit (top # → top 10; # times → 3 times)
 *   ...     up to three arbitrary tokens (best ... model → best open-source model)
 * A term written in capitals only ("MATH", "ARC") must appear in capitals in the text.
 * Chinese terms are plain substrings.
 * Large alternations of regular expressions are slow on every sentence of a document; this is linear
 * and allocates almost nothing (buffers are reused between calls).
 */

interface Entry {
  /** Dense key index. */
  k: number;
  tokens: string[];
  /** Original-case form to verify (all-capital terms), or null. */
  upper: string | null;
}

const HAN = /[\u3400-\u9fff\uf900-\ufaff]/;

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || isDigit(c);
}

/** Split a term or text into lowercase [a-z0-9]+ tokens. */
export function termTokens(lower: string): string[] {
  return lower.match(/[a-z0-9]+/g) ?? [];
}

export class TermMatcher {
  private exact = new Map<string, Entry[]>();
  /** Prefix entries ("improv*") by their first three letters. */
  private prefix = new Map<string, Entry[]>();
  private numeric: Entry[] = [];
  private han = new Map<number, Array<{ k: number; term: string }>>();
  /** First characters of Chinese terms, as a bitmap over U+3400..U+9FFF (fast rejection). */
  private hanFirst = new Uint8Array(0x9fff - 0x3400 + 1);
  private keys = new Map<string, number>();
  private stamp = new Int32Array(0);
  private counts = new Int32Array(0);
  /** Keys hit by the last scan (first `touchedN` entries). */
  touched = new Int32Array(0);
  touchedN = 0;
  // Token buffers of the last scan.
  private tokS = new Int32Array(256);
  private tokE = new Int32Array(256);
  private tokT: string[] = [];
  private nTok = 0;

  // Gate: first tokens / prefixes / Han first characters of the terms of some keys (see setGate).
  private gateExact = new Set<string>();
  private gatePrefix = new Set<string>();
  private gateNumeric = false;
  private gateHan = new Uint8Array(0x9fff - 0x3400 + 1);
  private tokenizedFor: string | null = null;

  /**
   * Make `mayMatch` answer for these keys: a quick test (tokens only) that is false only when none of
   * their terms can match.
   */
  setGate(keys: Set<string>): void {
    const ks = new Set([...keys].map((k) => this.keyIndex(k)));
    for (const [t, es] of this.exact) if (es.some((e) => ks.has(e.k))) this.gateExact.add(t);
    for (const [p, es] of this.prefix) if (es.some((e) => ks.has(e.k))) this.gatePrefix.add(p);
    this.gateNumeric = this.numeric.some((e) => ks.has(e.k));
    for (const [c, list] of this.han) if (c >= 0x3400 && c <= 0x9fff && list.some((x) => ks.has(x.k))) this.gateHan[c - 0x3400] = 1;
  }

  /** False when no term of the gate keys can occur in the text (then `scan` reuses the tokens). */
  mayMatch(text: string, lower = text.toLowerCase()): boolean {
    this.tokenize(lower);
    this.tokenizedFor = lower;
    for (let i = 0; i < this.nTok; i++) {
      const t = this.tokT[i];
      if (this.gateExact.has(t)) return true;
      if (t.length >= 3 && this.gatePrefix.has(t.length === 3 ? t : t.slice(0, 3))) return true;
      if (this.gateNumeric && isDigit(t.charCodeAt(0))) return true;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= 0x3400 && c <= 0x9fff && this.gateHan[c - 0x3400]) return true;
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
        const first = term.charCodeAt(0);
        if (first >= 0x3400 && first <= 0x9fff) this.hanFirst[first - 0x3400] = 1;
        const arr = this.han.get(first) ?? [];
        arr.push({ k, term });
        this.han.set(first, arr);
        continue;
      }
      const lower = term.toLowerCase();
      const tokens: string[] = [];
      for (const piece of lower.split(/\s+/)) {
        if (piece === '...' || piece === '…') { tokens.push('...'); continue; }
        if (piece === '#') { tokens.push('#'); continue; }
        const star = piece.endsWith('*');
        const parts = termTokens(star ? piece.slice(0, -1) : piece);
        parts.forEach((p, i) => tokens.push(star && i === parts.length - 1 ? p + '*' : p));
      }
      if (!tokens.length || tokens[0] === '...') continue;
      const upper = /^[A-Z]{2,}$/.test(term) ? term : null;
      const e: Entry = { k, tokens, upper };
      const f = tokens[0];
      if (f === '#') this.numeric.push(e);
      else if (f.endsWith('*')) {
        const p = f.slice(0, -1);
        if (p.length < 3) throw new Error(`claims terms: prefix "${term}" is shorter than three letters`);
        const arr = this.prefix.get(p.slice(0, 3)) ?? [];
        arr.push(e);
        this.prefix.set(p.slice(0, 3), arr);
      } else {
        const arr = this.exact.get(f) ?? [];
        arr.push(e);
        this.exact.set(f, arr);
      }
    }
  }

  private tokenize(lower: string): void {
    let n = 0;
    const len = lower.length;
    let i = 0;
    while (i < len) {
      let c = lower.charCodeAt(i);
      if (!isWordChar(c)) { i++; continue; }
      const s = i;
      while (i < len && isWordChar((c = lower.charCodeAt(i)))) i++;
      if (n >= this.tokS.length) {
        const S = new Int32Array(n * 2); S.set(this.tokS); this.tokS = S;
        const E = new Int32Array(n * 2); E.set(this.tokE); this.tokE = E;
      }
      this.tokS[n] = s;
      this.tokE[n] = i;
      this.tokT[n] = lower.slice(s, i);
      n++;
    }
    this.nTok = n;
  }

  /**
   * Count of matches per key index (each start position counted once per key); the keys hit are
   * `touched[0..touchedN)`. The returned array is reused by the next call.
   */
  scan(text: string, lower = text.toLowerCase()): Int32Array {
    const counts = this.counts;
    for (let i = 0; i < this.touchedN; i++) counts[this.touched[i]] = 0;
    this.touchedN = 0;
    this.stamp.fill(-1);
    if (this.tokenizedFor !== lower) this.tokenize(lower);
    this.tokenizedFor = null;
    const toks = this.tokT;
    for (let i = 0; i < this.nTok; i++) {
      const t = toks[i];
      const ex = this.exact.get(t);
      if (ex) this.tryAll(ex, i, text);
      if (t.length >= 3) {
        const px = this.prefix.get(t.length === 3 ? t : t.slice(0, 3));
        if (px) this.tryAll(px, i, text);
      }
      if (this.numeric.length && isDigit(t.charCodeAt(0))) this.tryAll(this.numeric, i, text);
    }
    if (this.han.size) {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c < 0x3400 || (c <= 0x9fff && !this.hanFirst[c - 0x3400])) continue;
        const list = this.han.get(c);
        if (!list) continue;
        for (const { k, term } of list) if (text.startsWith(term, i)) this.bump(k);
      }
    }
    return counts;
  }

  private bump(k: number): void {
    if (this.counts[k]++ === 0) this.touched[this.touchedN++] = k;
  }

  private tryAll(entries: Entry[], i: number, text: string): void {
    for (const e of entries) {
      if (this.stamp[e.k] === i) continue;
      let end = i + 1;
      if (e.tokens.length > 1 || e.tokens[0].endsWith('*')) {
        end = this.matchAt(e.tokens, i, 0);
        if (end < 0) continue;
      }
      if (e.upper && text.slice(this.tokS[i], this.tokE[end - 1]) !== e.upper) continue;
      this.stamp[e.k] = i;
      this.bump(e.k);
    }
  }

  /** Match entry tokens from token i; returns the index after the last matched token, or -1. */
  private matchAt(pat: string[], i: number, p: number): number {
    let j = i;
    for (; p < pat.length; p++) {
      const q = pat[p];
      if (q === '...') {
        for (let skip = 0; skip <= 3; skip++) {
          const r = this.matchAt(pat, j + skip, p + 1);
          if (r >= 0) return r;
        }
        return -1;
      }
      if (j >= this.nTok) return -1;
      const t = this.tokT[j];
      if (q === '#') { if (!isDigit(t.charCodeAt(0))) return -1; }
      else if (q.endsWith('*')) { if (!t.startsWith(q.slice(0, -1))) return -1; }
      else if (t !== q) return -1;
      j++;
    }
    return j;
  }
}
