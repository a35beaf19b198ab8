/**
 * Bytes → string, keeping the text exact (offsets must map to the file): no newline normalisation,
 * only NUL → U+FFFD (same length). Order of evidence:
 *   1. a BOM (UTF-8, UTF-16 LE/BE);
 *   2. UTF-16 without a BOM when it is clear (NULs at alternating positions);
 *   3. binary data (magic bytes, NULs, control characters) → UnsaidError('unsupported');
 *   4. valid UTF-8 → UTF-8 (a valid multi-byte UTF-8 file is UTF-8 whatever a header claims);
 *   5. a declared charset (HTTP content-type, HTML <meta charset>) that the bytes decode with;
 *   6. chardet's guesses in order (GB* → gb18030, its superset), each checked by a strict decode;
 *   7. windows-1252 (Latin-1), which decodes any byte.
 */
import { createRequire } from 'node:module';
import { UnsaidError } from '../errors.js';
import { assertNotBinary, bomOf, utf16WithoutBom } from './sniff.js';

export interface DecodeOptions {
  /** HTTP content-type (its charset parameter is honoured), e.g. "text/html; charset=gbk". */
  contentType?: string;
  /** Look for <meta charset> / <meta http-equiv="content-type"> in the first 4 KB. */
  html?: boolean;
}

export interface Decoded {
  text: string;
  /** Canonical WHATWG name of the encoding used: utf-8, utf-16le, gb18030, big5, windows-1252... */
  encoding: string;
}

type Chardet = typeof import('chardet');
let chardetMod: Chardet | undefined;
function chardet(): Chardet {
  // Loaded on first use only: most input is UTF-8.
  chardetMod ??= createRequire(import.meta.url)('chardet') as Chardet;
  return chardetMod;
}

/** A TextDecoder label → canonical encoding name, or null when unsupported. GBK/GB2312 → gb18030. */
export function canonicalEncoding(label: string): string | null {
  const l = label.trim().toLowerCase().replace(/^["']|["']$/g, '');
  if (!l) return null;
  if (/^(gb_?2312|gbk|gb18030|x-gbk|cp936|euc-cn|hz-gb-2312|csgb2312|chinese|iso-ir-58)/.test(l)) return 'gb18030';
  try {
    return new TextDecoder(l).encoding;
  } catch {
    return null;
  }
}

/** The charset parameter of a content-type, canonicalised. */
export function charsetFromContentType(contentType: string | undefined): string | null {
  const m = /;\s*charset\s*=\s*("?)([^";\s]+)\1/i.exec(contentType ?? '');
  return m ? canonicalEncoding(m[2]) : null;
}

/** <meta charset="..."> or <meta http-equiv="Content-Type" content="...; charset=..."> in the first 4 KB. */
export function charsetFromHtmlMeta(bytes: Uint8Array): string | null {
  const head = Buffer.from(bytes.subarray(0, 4096)).toString('latin1');
  const re = /<meta\b[^>]*?\bcharset\s*=\s*["']?\s*([A-Za-z0-9_:.()-]+)/gi;
  for (let m = re.exec(head); m; m = re.exec(head)) {
    const enc = canonicalEncoding(m[1]);
    // A document read as bytes cannot declare itself UTF-16 in ASCII (HTML spec: treat as UTF-8).
    if (enc) return enc === 'utf-16le' || enc === 'utf-16be' ? 'utf-8' : enc;
  }
  return null;
}

/** Windows-1252 for 0x80-0x9F (Node 20's TextDecoder decodes "windows-1252" as ISO-8859-1). */
const CP1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

export function decodeWindows1252(bytes: Uint8Array): string {
  const latin = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('latin1');
  return /[\u0080-\u009f]/.test(latin) ? latin.replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]) : latin;
}

function strict(bytes: Uint8Array, encoding: string): string | null {
  if (encoding === 'windows-1252') return decodeWindows1252(bytes);
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Valid UTF-8, allowing a multi-byte sequence cut off at the very end (a truncated download). */
function utf8(bytes: Uint8Array): string | null {
  const whole = strict(bytes, 'utf-8');
  if (whole !== null) return whole;
  // Back up over at most 3 continuation/lead bytes at the end and retry.
  let cut = bytes.length;
  for (let k = 0; k < 3 && cut > 0 && (bytes[cut - 1] & 0xc0) === 0x80; k++) cut--;
  if (cut > 0 && bytes[cut - 1] >= 0xc0) cut--;
  if (cut === bytes.length || cut === 0) return null;
  // Only when the rest shows UTF-8 multi-byte sequences (a lone Latin-1 "é" at the end is not that).
  let multi = false;
  for (let i = 0; i < cut && !multi; i++) multi = bytes[i] >= 0xc2 && bytes[i] <= 0xf4;
  if (!multi) return null;
  return strict(bytes.subarray(0, cut), 'utf-8') !== null ? new TextDecoder('utf-8').decode(bytes) : null;
}

function finish(text: string, encoding: string): Decoded {
  return { text: text.includes('\u0000') ? text.replaceAll('\u0000', '\ufffd') : text, encoding };
}

/** Map a chardet name to a decoder label. */
function fromChardet(name: string): string | null {
  const n = name.toLowerCase();
  if (n.startsWith('gb') || n === 'hz-gb-2312') return 'gb18030';
  if (n.startsWith('iso-8859-1') && n.length === 10) return 'windows-1252';
  if (n === 'utf-32le' || n === 'utf-32be') return null;
  return canonicalEncoding(n);
}

export function decode(bytes: Uint8Array, source: string, opts: DecodeOptions = {}): Decoded {
  const bom = bomOf(bytes);
  if (bom === 'utf-8') return finish(new TextDecoder('utf-8', { ignoreBOM: false }).decode(bytes), 'utf-8');
  if (bom === 'utf-16le' || bom === 'utf-16be') return finish(new TextDecoder(bom).decode(bytes), bom);
  if (bom === 'utf-32le' || bom === 'utf-32be') {
    throw new UnsaidError('unsupported', `${source}: UTF-32 text is not supported (convert it to UTF-8)`);
  }
  const u16 = utf16WithoutBom(bytes);
  if (u16) return finish(new TextDecoder(u16).decode(bytes), u16);

  assertNotBinary(bytes, source);

  const declared = charsetFromContentType(opts.contentType) ?? (opts.html ? charsetFromHtmlMeta(bytes) : null);
  if (declared === 'utf-16le' || declared === 'utf-16be') return finish(new TextDecoder(declared).decode(bytes), declared);

  const asUtf8 = utf8(bytes);
  if (asUtf8 !== null) return finish(asUtf8, 'utf-8');

  if (declared && declared !== 'utf-8') {
    const t = strict(bytes, declared);
    if (t !== null) return finish(t, declared);
  }

  const sample = bytes.length > 65536 ? bytes.subarray(0, 65536) : bytes;
  const tried = new Set<string>();
  for (const m of chardet().analyse(sample)) {
    if (m.confidence < 10) break;
    const enc = fromChardet(m.name);
    if (!enc || tried.has(enc) || enc === 'utf-8') continue;
    tried.add(enc);
    const t = strict(bytes, enc);
    if (t !== null) return finish(t, enc);
  }
  // Chinese is the other language unsaid reads: try GB18030 and Big5 before giving up on CJK.
  for (const enc of ['gb18030', 'big5']) {
    if (tried.has(enc)) continue;
    const t = strict(bytes, enc);
    if (t !== null && cjkShare(t) > 0.3) return finish(t, enc);
  }
  return finish(decodeWindows1252(bytes), 'windows-1252');
}

/** Share of non-ASCII characters that are CJK ideographs or CJK punctuation. */
function cjkShare(t: string): number {
  let non = 0;
  let cjk = 0;
  for (let i = 0; i < t.length && i < 100_000; i++) {
    const c = t.charCodeAt(i);
    if (c < 128) continue;
    non++;
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef)) cjk++;
  }
  return non ? cjk / non : 0;
}
