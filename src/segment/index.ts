/**
 * Segment: Doc blocks → sentences with exact offsets and the heading path they sit under.
 * Table rows, headings, code blocks and front-matter lines are units of their own; prose and list
 * items are split into sentences (Chinese sentence punctuation; English abbreviations and decimals).
 */
import type { Doc, Sentence } from '../types.js';

const ABBREV = new Set([
  'e.g', 'i.e', 'etc', 'vs', 'cf', 'al', 'fig', 'figs', 'eq', 'no', 'nos', 'dr', 'mr', 'mrs', 'ms', 'prof', 'inc', 'ltd',
  'co', 'corp', 'jr', 'sr', 'st', 'approx', 'sec', 'ch', 'vol', 'pp', 'ed', 'u.s', 'u.k', 'e.u', 'a.k.a', 'resp', 'incl',
  'est', 'min', 'max', 'avg', 'ref', 'refs', 'tab', 'app', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept',
  'oct', 'nov', 'dec', 'ver', 'v',
]);

const HAN = /\p{Script=Han}/u;
const HAN_G = /\p{Script=Han}/gu;
const LATIN_WORD_G = /[A-Za-z]{2,}/g;

/** Markup-free text of a raw slice (offsets are kept on the raw slice, not this). */
export function plainText(raw: string): string {
  return raw
    .replace(/\{\{<[^]*?>\}\}/g, ' ')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, ' ')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]{0,500}>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&#?[a-z0-9]{1,8};/gi, ' ')
    .replace(/\*\*|__|`+|~~/g, '')
    .replace(/(^|\s)[*_](?=\S)|(?<=\S)[*_](?=\s|$|[.,;:!?])/g, '$1')
    .replace(/\s*\|\s*/g, ' | ')
    .replace(/\s+/g, ' ')
    .trim();
}

export function sentenceLang(s: string): 'en' | 'zh' {
  if (!HAN.test(s)) return 'en';
  const han = (s.match(HAN_G) ?? []).length;
  const words = (s.match(LATIN_WORD_G) ?? []).length;
  return han / 2 >= words * 0.3 || han >= 6 ? 'zh' : 'en';
}

/** Split offsets [start, end) of one prose block into sentence ranges. */
export function splitSentences(text: string, start: number, end: number): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  let s = start;
  // Skip leading whitespace.
  while (s < end && /\s/.test(text[s])) s++;
  let i = s;
  while (i < end) {
    const c = text[i];
    let cut = -1;
    if (c === '。' || c === '！' || c === '？') {
      cut = i + 1;
    } else if (c === '!' || c === '?' || c === '.') {
      // English terminal punctuation must be followed by whitespace (or end), and then not a lowercase letter.
      let j = i + 1;
      if (c === '.' && /\d/.test(text[i - 1] ?? '') && /\d/.test(text[j] ?? '')) { i++; continue; } // decimal
      while (j < end && /["'”’)\]*_]/.test(text[j])) j++;
      if (j >= end) { cut = j; }
      else if (/\s/.test(text[j])) {
        let k = j;
        while (k < end && /\s/.test(text[k])) k++;
        const next = text[k] ?? '';
        const isAbbrev = c === '.' && isAbbreviation(text, i, start);
        if (!isAbbrev && (k >= end || !/[a-z]/.test(next))) cut = j;
      }
    } else if (c === '\n' && text[i + 1] === '\n') {
      cut = i;
    }
    if (cut > 0) {
      // Chinese closing quotes/brackets stay with their sentence.
      while (cut < end && /[”」』）)"'’]/.test(text[cut])) cut++;
      pushRange(out, text, s, cut);
      s = cut;
      while (s < end && /\s/.test(text[s])) s++;
      i = s;
      continue;
    }
    i++;
  }
  if (s < end) pushRange(out, text, s, end);
  return out;
}

function pushRange(out: Array<[number, number]>, text: string, s: number, e: number) {
  while (e > s && /\s/.test(text[e - 1])) e--;
  if (e > s) out.push([s, e]);
}

function isAbbreviation(text: string, dot: number, floor: number): boolean {
  let k = dot - 1;
  while (k >= floor && /[A-Za-z.]/.test(text[k])) k--;
  const word = text.slice(k + 1, dot).toLowerCase();
  if (!word) return false;
  if (ABBREV.has(word)) return true;
  if (/^[a-z]$/i.test(word) && /[A-Z]/.test(word)) return true; // initials: "J. Smith"
  return false;
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
    const plain = b.kind === 'code' ? raw.replace(/\s+/g, ' ').trim() : plainText(raw);
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
        for (let i = b.start; i <= b.end; i++) {
          if (i === b.end || text[i] === '\n') {
            const line = text.slice(s, i);
            if (/\S/.test(line) && !/^\s*(---|\+\+\+)\s*$/.test(line) && !/^\s*#/.test(line)) {
              const lead = line.length - line.trimStart().length;
              add(s + lead, s + line.trimEnd().length, bi);
            }
            s = i + 1;
          }
        }
        break;
      }
      default:
        for (const [s, e] of splitSentences(text, b.start, b.end)) add(s, e, bi);
    }
  });
  return out;
}
