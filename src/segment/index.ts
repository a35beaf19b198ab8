/**
 * Segment: Doc blocks → sentences with exact offsets and the heading path they sit under.
 * Table rows, headings, code blocks and front-matter lines are units of their own; prose and list
 * items are split into sentences (Chinese sentence punctuation; English abbreviations and decimals).
 */
import type { Doc, Sentence } from '../types.js';
import { scriptCounts } from '../ingest/language.js';

const ABBREV = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'fig', 'figs', 'eq', 'no', 'nos', 'dr', 'mr', 'mrs', 'ms', 'prof', 'inc', 'ltd',
  'co', 'corp', 'jr', 'sr', 'st', 'approx', 'sec', 'ch', 'vol', 'pp', 'ed', 'u.s', 'u.k', 'e.u', 'a.k.a', 'resp', 'incl',
  'est', 'min', 'max', 'avg', 'ref', 'refs', 'tab', 'app', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept',
  'oct', 'nov', 'dec', 'ver', 'v',
]);

const F_BRACE = 1;
const F_LINK = 2;
const F_TAG = 4;
const F_ENTITY = 8;
const F_EMPH = 16;
const F_PIPE = 32;
const F_SPACE = 64;

/** Which rewrites a raw slice needs (one pass; 0 = already plain apart from trimming). */
function markupFlags(raw: string): number {
  let f = 0;
  let prevSpace = false;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) f |= F_SPACE;
      prevSpace = true;
      continue;
    }
    prevSpace = false;
    if (c < 48) {
      if (c === 38) f |= F_ENTITY;
      else if (c === 42) f |= F_EMPH;
      else if (c < 32) f |= F_SPACE;
    } else if (c >= 91 && c <= 126) {
      if (c === 93) f |= F_LINK;
      else if (c === 95 || c === 96 || c === 126) f |= F_EMPH;
      else if (c === 124) f |= F_PIPE;
      else if (c === 123) f |= F_BRACE;
    } else if (c === 60) f |= F_TAG;
    else if (c > 127 && isSpace(c)) f |= F_SPACE;
  }
  return f;
}

/** A Hugo shortcode (`{{< button href="…" label="Discord" >}}`). */
const SHORTCODE = /\{\{<\s*([\w/-]*)([^]*?)>\}\}/g;
/**
 * What a shortcode shows a reader: a button or link its label (as a Markdown link shows its text, and as
 * the rendered page would); a figure, image or video nothing (images do not count).
 */
function shortcodeText(_m: string, name: string, attrs: string): string {
  if (/^(figure|img|image|video|youtube|vimeo|gallery|audio)$/i.test(name)) return ' ';
  const label = /\b(?:label|text|title)\s*=\s*"([^"]{1,200})"/i.exec(attrs);
  return label ? ` ${label[1]} ` : ' ';
}

/** Markup-free text of a raw slice (offsets are kept on the raw slice, not this). */
export function plainText(raw: string): string {
  const f = markupFlags(raw);
  if (f === 0) return raw.trim();
  let t = raw;
  if (f & F_BRACE && t.includes('{{<')) t = t.replace(SHORTCODE, shortcodeText);
  if (f & F_LINK && t.includes('](')) {
    t = t.replace(/!\[[^\]]*\]\([^)]*\)/g, ' ').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  }
  if (f & F_TAG) t = t.replace(/<[^>]{0,500}>/g, ' ');
  if (f & F_ENTITY) {
    t = t
      .replace(/&nbsp;/g, ' ')
      .replace(/&(amp|lt|gt|quot|#39|apos);/g, (_, e: string) => (e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : "'"))
      .replace(/&#?[a-z0-9]{1,8};/gi, ' ');
  }
  if (f & F_EMPH) {
    t = t.replace(/\*\*|__|`+|~~/g, '').replace(/(^|\s)[*_](?=\S)|(?<=\S)[*_](?=\s|$|[.,;:!?])/g, '$1');
  }
  if (f & F_PIPE) t = t.replace(/\s*\|\s*/g, ' | ');
  return t.replace(/\s+/g, ' ').trim();
}

/** A table row of plain text (cells separated by tabs or runs of spaces) as "| a | b |", like markdown rows. */
/** An HTML table row inside Markdown ("<td>Orca 8B</td> <td>1.46M</td>") as "| Orca 8B | 1.46M |". */
export function plainHtmlRow(raw: string): string {
  const cells = raw
    .split(/<t[dh]\b[^>]*>/i)
    .map((c) => plainText(c.replace(/<\/?[a-z][^>]*>/gi, ' ')).replace(/\|/g, '/'))
    .filter(Boolean);
  return cells.length ? `| ${cells.join(' | ')} |` : '';
}

export function plainRow(raw: string): string {
  const cells = raw
    .split(/\t+|(?<![.!?:;,]) {2,}|\u3000+/)
    .map((c) => plainText(c))
    .filter(Boolean);
  return cells.length > 1 ? `| ${cells.join(' | ')} |` : plainText(raw);
}

export function sentenceLang(s: string): 'en' | 'zh' {
  let i = 0;
  while (i < s.length && s.charCodeAt(i) < 0x2e80) i++;
  if (i === s.length) return 'en';
  const { han, words } = scriptCounts(s);
  if (han === 0) return 'en';
  return han / 2 >= words * 0.3 || han >= 6 ? 'zh' : 'en';
}

/** Same set as /\s/ in JavaScript. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c > 127 &&
      (c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f ||
        c === 0x205f || c === 0x3000 || c === 0xfeff))
  );
}
const isDigit = (c: number) => c >= 48 && c <= 57;
const isLower = (c: number) => c >= 97 && c <= 122;
const isAsciiLetter = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
/** Closing marks that stay with the sentence before them: " ' ” ’ ) ] * _ and CJK closing brackets. */
function isCloserEn(c: number): boolean {
  return c === 34 || c === 39 || c === 0x201d || c === 0x2019 || c === 41 || c === 93 || c === 42 || c === 95;
}
function isCloserZh(c: number): boolean {
  return c === 0x201d || c === 0x300d || c === 0x300f || c === 0xff09 || c === 41 || c === 34 || c === 39 || c === 0x2019;
}

/** Split offsets [start, end) of one prose block into sentence ranges. */
export function splitSentences(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  // Skip leading whitespace.
  while (s < end && isSpace(text.charCodeAt(s))) s++;
  let i = s;
  while (i < end) {
    const c = text.charCodeAt(i);
    let cut = -1;
    if (c === 0x3002 || c === 0xff01 || c === 0xff1f) {
      // 。！？
      cut = i + 1;
    } else if (c === 33 || c === 63 || c === 46) {
      // ! ? . : English terminal punctuation must be followed by whitespace (or end), and then not a lowercase letter.
      let j = i + 1;
      if (c === 46 && isDigit(text.charCodeAt(i - 1)) && isDigit(text.charCodeAt(j))) {
        i++;
        continue; // decimal
      }
      while (j < end && isCloserEn(text.charCodeAt(j))) j++;
      if (j >= end) {
        cut = j;
      } else if (isSpace(text.charCodeAt(j))) {
        let k = j;
        while (k < end && isSpace(text.charCodeAt(k))) k++;
        const isAbbrev = c === 46 && isAbbreviation(text, i, start);
        if (!isAbbrev && (k >= end || !isLower(text.charCodeAt(k)))) cut = j;
      }
    } else if (c === 10 && text.charCodeAt(i + 1) === 10) {
      cut = i;
    }
    if (cut > 0) {
      // Chinese closing quotes/brackets stay with their sentence.
      while (cut < end && isCloserZh(text.charCodeAt(cut))) cut++;
      pushRange(out, text, s, cut);
      s = cut;
      while (s < end && isSpace(text.charCodeAt(s))) s++;
      i = s;
      continue;
    }
    i++;
  }
  if (s < end) pushRange(out, text, s, end);
  return out;
}

function pushRange(out: Array<[number, number]>, text: string, s: number, e: number) {
  while (e > s && isSpace(text.charCodeAt(e - 1))) e--;
  if (e > s) out.push([s, e]);
}

function isAbbreviation(text: string, dot: number, floor: number): boolean {
  let k = dot - 1;
  while (k >= floor && (isAsciiLetter(text.charCodeAt(k)) || text.charCodeAt(k) === 46)) k--;
  if (k + 1 >= dot || dot - k > 12) return false;
  const original = text.slice(k + 1, dot);
  if (ABBREV.has(original.toLowerCase())) return true;
  // Initials: "J. Smith" (a lone capital after a space, not "Qwen-7B.").
  const before = k >= floor ? text.charCodeAt(k) : 32;
  return original.length === 1 && original.charCodeAt(0) >= 65 && original.charCodeAt(0) <= 90 && (isSpace(before) || before === 40);
}

function headingPaths(doc: Doc): string[][] {
  const paths: string[][] = [];
  const stack: { depth: number; text: string }[] = [];
  for (const h of doc.headings) {
    while (stack.length && stack[stack.length - 1].depth >= h.depth) stack.pop();
    stack.push({ depth: h.depth, text: h.text });
    paths.push(stack.map((x) => x.text));
  }
  return paths;
}

export function segment(doc: Doc): Sentence[] {
  const { text } = doc;
  const paths = headingPaths(doc);
  const out: Sentence[] = [];
  const add = (start: number, end: number, bi: number) => {
    const b = doc.blocks[bi];
    const raw = text.slice(start, end);
    const plain =
      b.kind === 'code' ? raw.replace(/\s+/g, ' ').trim()
      : b.kind === 'table-row' && /<t[dh]\b/i.test(raw) ? plainHtmlRow(raw)
      : b.kind === 'table-row' && !raw.includes('|') ? plainRow(raw)
      : plainText(raw);
    if (!plain) return;
    out.push({
      i: out.length,
      start,
      end,
      raw,
      text: plain,
      kind: b.kind,
      lang: sentenceLang(plain),
      headingPath: b.heading >= 0 ? paths[b.heading] : [],
      block: bi,
      ...(b.table ? { table: b.table } : {}),
    });
  };
  doc.blocks.forEach((b, bi) => {
    switch (b.kind) {
      case 'table-row':
      case 'heading':
        add(b.start, b.end, bi);
        break;
      case 'code':
        // Code blocks are one unit each, capped so that a huge block stays cheap.
        add(b.start, Math.min(b.end, b.start + 4000), bi);
        break;
      case 'front-matter':
      case 'html': {
        // One unit per line: "license: apache-2.0", "<p>...</p>".
        let s = b.start;
        while (s < b.end) {
          let nl = text.indexOf('\n', s);
          if (nl < 0 || nl > b.end) nl = b.end;
          let ls = s;
          let le = nl;
          while (ls < le && isSpace(text.charCodeAt(ls))) ls++;
          while (le > ls && isSpace(text.charCodeAt(le - 1))) le--;
          if (le > ls) {
            const c = text.charCodeAt(ls);
            const fence = le - ls === 3 && (text.startsWith('---', ls) || text.startsWith('+++', ls));
            if (!fence && c !== 35 /* # comment */) add(ls, le, bi);
          }
          s = nl + 1;
        }
        break;
      }
      default:
        for (const [s, e] of splitSentences(text, b.start, b.end)) add(s, e, bi);
    }
  });
  return out;
}
