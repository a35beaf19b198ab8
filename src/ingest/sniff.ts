/**
 * Format sniffing: magic bytes first, then the HTTP content-type, then the file extension, then the
 * content itself. Also the binary checks used by decode (a PNG or zip named README.md is refused).
 */
import type { Format } from '../types.js';
import { UnsaidError } from '../errors.js';

const MAGIC: Array<[string, number[], number?]> = [
  ['PNG image', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  ['JPEG image', [0xff, 0xd8, 0xff]],
  ['GIF image', [0x47, 0x49, 0x46, 0x38]],
  ['ZIP archive (or Office document)', [0x50, 0x4b, 0x03, 0x04]],
  ['ZIP archive', [0x50, 0x4b, 0x05, 0x06]],
  ['gzip data', [0x1f, 0x8b]],
  ['xz data', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]],
  ['7-zip archive', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]],
  ['zstd data', [0x28, 0xb5, 0x2f, 0xfd]],
  ['ELF executable', [0x7f, 0x45, 0x4c, 0x46]],
  ['OLE2 document (old Office format)', [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]],
  ['WebAssembly module', [0x00, 0x61, 0x73, 0x6d]],
  ['SQLite database', [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66, 0x6f, 0x72, 0x6d, 0x61, 0x74, 0x20, 0x33, 0x00]],
  ['RIFF media (WebP/WAV/AVI)', [0x52, 0x49, 0x46, 0x46]],
  ['MP4/QuickTime media', [0x66, 0x74, 0x79, 0x70], 4],
  ['tar archive', [0x75, 0x73, 0x74, 0x61, 0x72], 257],
  ['Java class file', [0xca, 0xfe, 0xba, 0xbe]],
  ['Mach-O executable', [0xcf, 0xfa, 0xed, 0xfe]],
  ['ICO image', [0x00, 0x00, 0x01, 0x00]],
  ['Python pickle data', [0x80, 0x02]],
  ['Python pickle data', [0x80, 0x04, 0x95]],
];

/** A known binary file type by its magic bytes, or null. */
export function magicKind(bytes: Uint8Array): string | null {
  outer: for (const [name, sig, at = 0] of MAGIC) {
    if (bytes.length < at + sig.length) continue;
    for (let i = 0; i < sig.length; i++) if (bytes[at + i] !== sig[i]) continue outer;
    return name;
  }
  return null;
}

/** Offset of `%PDF-` in the first 1024 bytes (the PDF spec allows junk before it), or -1. */
export function pdfHeaderAt(bytes: Uint8Array): number {
  const n = Math.min(bytes.length - 4, 1024);
  for (let i = 0; i < n; i++) {
    if (bytes[i] === 0x25 && bytes[i + 1] === 0x50 && bytes[i + 2] === 0x44 && bytes[i + 3] === 0x46 && bytes[i + 4] === 0x2d) return i;
  }
  return -1;
}

export type Bom = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | null;

export function bomOf(bytes: Uint8Array): Bom {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf-8';
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes[2] === 0 && bytes[3] === 0 && bytes.length >= 4 ? 'utf-32le' : 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return 'utf-32be';
  return null;
}

/**
 * UTF-16 without a BOM, when it is clear: in the first 4 KB, NULs sit at one parity (the high bytes
 * of ASCII characters) in at least a third of the code units and almost never at the other.
 */
export function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const n = Math.min(bytes.length, 4096) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const units = n / 2;
  if (odd >= units / 3 && even <= units / 50) return 'utf-16le';
  if (even >= units / 3 && odd <= units / 50) return 'utf-16be';
  return null;
}

/**
 * Why these bytes are not a text document (named file type, or "binary data"), or null when they
 * may be text. Checks magic bytes, then NULs and control characters in the first 8 KB.
 * Call it on input that is not UTF-16/32 (BOM or clear UTF-16 pattern).
 */
export function binaryReason(bytes: Uint8Array): string | null {
  const magic = magicKind(bytes);
  if (magic) return magic;
  const n = Math.min(bytes.length, 8192);
  if (n === 0) return null;
  let nul = 0;
  let ctrl = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i];
    if (b === 0) nul++;
    else if (b < 0x20 ? b !== 9 && b !== 10 && b !== 13 && b !== 12 && b !== 11 && b !== 27 : b === 0x7f) ctrl++;
  }
  // A stray NUL or two is tolerated (they become U+FFFD); text never has many.
  if (nul > 2 && nul * 200 > n) return 'binary data';
  if ((nul + ctrl) * 20 > n && nul + ctrl > 1) return 'binary data';
  return null;
}

/** Throw UnsaidError('unsupported') when the bytes are a known binary format or look binary. */
export function assertNotBinary(bytes: Uint8Array, source: string): void {
  const why = binaryReason(bytes);
  if (why) throw new UnsaidError('unsupported', `${source}: binary data${why === 'binary data' ? '' : ` (${why})`}, not a document`);
}

const HTML_EXT = new Set(['html', 'htm', 'xhtml', 'shtml', 'xht']);
const MD_EXT = new Set(['md', 'markdown', 'mdx', 'mdown', 'mkd', 'mkdn', 'mdwn', 'rmd', 'qmd']);
const TEXT_EXT = new Set(['txt', 'text', 'rst', 'asc']);

function extensionOf(source: string): string {
  const path = source.replace(/[?#].*$/, '');
  const base = path.slice(path.lastIndexOf('/') + 1);
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

/** First ~2 KB as text, for content sniffing (UTF-16 decoded when it has a BOM). */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, 2048);
  const bom = bomOf(head);
  if (bom === 'utf-16le' || bom === 'utf-16be') return new TextDecoder(bom).decode(head);
  const u16 = utf16WithoutBom(head);
  if (u16) return new TextDecoder(u16).decode(head);
  return Buffer.from(head).toString('latin1');
}

/** Does the start of this text look like an HTML document (not a markdown file that starts with a tag)? */
export function looksLikeHtml(head: string): boolean {
  let s = head.replace(/^\ufeff|^\u00ef\u00bb\u00bf/, '').trimStart();
  // Skip an XML declaration and leading comments.
  for (let k = 0; k < 5; k++) {
    if (s.startsWith('<?xml')) s = s.slice(s.indexOf('>') + 1).trimStart();
    else if (s.startsWith('<!--')) {
      const e = s.indexOf('-->');
      if (e < 0) return false;
      s = s.slice(e + 3).trimStart();
    } else break;
  }
  return /^<(!doctype\s+html|html[\s>]|head[\s>]|body[\s>])/i.test(s);
}

/** Markdown signals in plain text: ATX headings, fences, tables, links, emphasis, front matter. */
function looksLikeMarkdown(head: string): boolean {
  return /^(#{1,6}[ \t]\S|```|~~~|\|.*\|[ \t]*$|[ \t]*[-*+][ \t]\S|---[ \t]*$)|\]\(|\*\*\S|^ {0,3}<(div|p|img|h[1-6]|table)[\s>]/im.test(head);
}

/** Decide the format from magic bytes, content-type, file extension and content. */
export function sniffFormat(bytes: Uint8Array, source: string, contentType?: string): Format {
  if (pdfHeaderAt(bytes) >= 0) return 'pdf';
  const magic = magicKind(bytes);
  if (magic) throw new UnsaidError('unsupported', `${source}: binary data (${magic}), not a document`);
  const ct = (contentType ?? '').toLowerCase().split(';')[0].trim();
  if (ct === 'application/pdf' || ct === 'application/x-pdf') return 'pdf';
  if (ct === 'text/html' || ct === 'application/xhtml+xml') return 'html';
  const ext = source === '-' ? '' : extensionOf(source);
  if (ext === 'pdf') return 'pdf';
  if (HTML_EXT.has(ext)) return 'html';
  if (MD_EXT.has(ext)) return 'markdown';
  if (TEXT_EXT.has(ext)) return 'text';
  if (ct === 'text/markdown' || ct === 'text/x-markdown') return 'markdown';
  const head = headText(bytes);
  if (looksLikeHtml(head)) return 'html';
  if (ct === 'text/plain' && !looksLikeMarkdown(head)) return 'text';
  // Unknown: markdown when it shows markdown syntax (README without an extension, stdin); plain
  // prose without any gets the plain-text structure pass (numbered headings, wrapped lines).
  return looksLikeMarkdown(head) ? 'markdown' : 'text';
}
