/**
 * Plain text (a .txt file, or the text unsaid builds from a PDF) → headings and blocks.
 * Offsets are into the text as given: a hard-wrapped paragraph is one block spanning its lines.
 *
 * Line by line, inside chunks separated by blank lines:
 *  - table rows: a cell gap is a tab or 2+ spaces (not the double space after a full stop); a line
 *    with 2+ gaps is a row, and so is a line with one gap next to another line with gaps;
 *  - list items: "•", "-", "*", "–", "1.", "1)", "a)" followed by text; lines after an item
 *    continue it until a blank line or the next item;
 *  - headings: numbered ("1 Introduction", "2.3 Training Data", "Appendix A"), ALL-CAPS short
 *    lines, short Title Case lines without final punctuation, short Chinese lines without
 *    sentence punctuation — alone in their chunk, or (numbered) after a line that ends a sentence,
 *    or first in a chunk and clearly shorter than the line after;
 *  - everything else: paragraphs (prose blocks).
 */
import type { Block, BlockKind, Heading } from '../types.js';

export interface PlainStructure {
  headings: Heading[];
  blocks: Block[];
  title?: string;
}

export interface PlainTextOptions {
  /**
   * Layout knowledge from a PDF: for a one-line paragraph starting at this offset, the heading
   * depth its font suggests, or 0 when it is set in the body font (so it is not a heading).
   */
  headingHints?: Map<number, number>;
}

interface Line {
  /** Content start (after indentation) and end (before trailing whitespace). */
  s: number;
  e: number;
  indent: number;
}

const BULLET = /^(?:[•●○◦▪▫■□‣∙·◆◇►▶➢✓✔\-*–—+]|\(?\d{1,3}[.)]|\(?[a-z][.)]|\([ivx]{1,4}\)|[ivx]{1,4}\.)[ \t]+(?=\S)/;
const NUMBERED = /^(\d{1,2}(?:\.\d{1,2}){0,5})\.?[ \t]+(\S.*)$/;
const SECTION =
  /^(?:(?:[Cc]hapter|[Ss]ection|[Pp]art|[Aa]ppendix|[Aa]nnex|CHAPTER|SECTION|PART|APPENDIX)[ \t]+[0-9A-Z][0-9A-Za-z.]*|第[一二三四五六七八九十百0-9]+[章节部分])(?:[ \t:.\-–—]+\S.*)?$/;
const SMALL_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'nor', 'but', 'for', 'of', 'on', 'in', 'to', 'at', 'by', 'as', 'vs', 'via', 'with', 'from',
  'into', 'over', 'per', 'is', 'are', 'our', 'its', 'and/or',
]);
const END_PUNCT = /[.,;:!?。，；：！？、…]$/;
/**
 * A label, a colon and a value: a value with a number ("Release Date: Oct 24, 2024", "发布日期：2024 年"),
 * or a label of two to five words without digits ("Model Developer: Meta"). "Qwen3: Think Deeper" and
 * "Step 1: Install" stay headings.
 */
const FIELD_LINE = /^(?:[^:：]{1,40}[:：][ \t]*[^\d]{0,20}\d|[A-Za-z][A-Za-z'’&/-]*(?:[ \t]+[A-Za-z][A-Za-z'’&/-]*){1,4}[ \t]*:[ \t]*\S)/;
const SENTENCE_END = /[.!?:。！？：」』”)）]$/;
const HAN = /\p{Script=Han}/u;
const LETTER = /\p{L}/u;

function isSpaceCode(c: number): boolean {
  return c === 32 || c === 9 || c === 0xa0 || c === 0x3000 || c === 13 || c === 11 || c === 12 || c === 0xfeff;
}

/** Number of cell gaps in a line: tabs, or runs of 2+ spaces not right after sentence punctuation. */
export function cellGaps(line: string): number {
  let gaps = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c === 9 || c === 32 || c === 0x3000) {
      let j = i;
      let tab = false;
      while (j < n && (line.charCodeAt(j) === 9 || line.charCodeAt(j) === 32 || line.charCodeAt(j) === 0x3000)) {
        if (line.charCodeAt(j) !== 32) tab = true;
        j++;
      }
      if (i > 0 && j < n && (tab || j - i >= 2)) {
        const prev = line[i - 1];
        if (tab || !/[.!?:;,]/.test(prev)) gaps++;
      }
      i = j;
    } else i++;
  }
  return gaps;
}

function words(s: string): string[] {
  return s.split(/\s+/).filter(Boolean);
}

/** ALL-CAPS short line: "ABSTRACT", "MODEL DETAILS", "TRAINING DATA:" */
function isAllCaps(t: string): boolean {
  if (t.length > 60 || words(t).length > 8) return false;
  let upper = 0;
  let lower = 0;
  for (const ch of t) {
    if (ch >= 'A' && ch <= 'Z') upper++;
    else if (ch >= 'a' && ch <= 'z') lower++;
  }
  return upper >= 3 && lower === 0 && !/[.,;!?]$/.test(t) && /^[A-Z]/.test(t);
}

/** Short Title Case line without final punctuation: "Training Data", "Intended Use and Limitations". */
function isTitleCase(t: string): boolean {
  if (t.length > 70 || END_PUNCT.test(t) || /[,;]/.test(t)) return false;
  const ws = words(t);
  if (ws.length === 0 || ws.length > 9) return false;
  if (!/^[A-Z]/.test(ws[0])) return false;
  let sig = 0;
  let caps = 0;
  for (const w of ws) {
    const bare = w.replace(/^[("'“‘[]+|[)"'”’\]]+$/g, '');
    if (!bare || !LETTER.test(bare)) continue;
    if (SMALL_WORDS.has(bare.toLowerCase())) continue;
    sig++;
    if (/^[A-Z0-9]/.test(bare)) caps++;
  }
  return sig > 0 && caps / sig >= 0.75;
}

/** Short Chinese heading: "训练数据", "模型介绍" (no sentence punctuation). */
function isChineseHeading(t: string): boolean {
  if (t.length > 24 || !HAN.test(t.charAt(0) + t.charAt(1))) return false;
  return !/[。，；！？、：:,;]/.test(t);
}

/** Title text of a numbered heading must look like a title, not "2 trillion tokens were used." */
function isHeadingTitle(t: string): boolean {
  if (t.length > 90 || END_PUNCT.test(t)) return false;
  if (words(t).length > 12) return false;
  const c = t.charAt(0);
  if (HAN.test(c)) return !/[。，；！？]/.test(t);
  if (!/[A-Z]/.test(c)) return false;
  return true;
}

/** A pipe table row ("| a | b |"); markdown delimiter rows ("|---|:--|") are not content. */
const PIPE_ROW = /^\|.*\|$/;
const DELIM_ROW = /^\|?[ \t]*:?-{2,}:?[ \t]*(\|[ \t]*:?-{2,}:?[ \t]*)*\|?$/;

export function parsePlainText(text: string, opts: PlainTextOptions = {}): PlainStructure {
  const hints = opts.headingHints;
  const headings: Heading[] = [];
  const blocks: Block[] = [];
  let tableId = 0;
  let lastNumberedDepth = 0;

  // Split into lines with content ranges.
  const chunks: Line[][] = [];
  let chunk: Line[] = [];
  let ls = 0;
  const n = text.length;
  while (ls <= n) {
    let nl = text.indexOf('\n', ls);
    if (nl < 0) nl = n;
    let s = ls;
    let e = nl;
    let indent = 0;
    while (s < e && isSpaceCode(text.charCodeAt(s))) {
      indent += text.charCodeAt(s) === 9 ? 4 : 1;
      s++;
    }
    while (e > s && isSpaceCode(text.charCodeAt(e - 1))) e--;
    if (e > s) chunk.push({ s, e, indent });
    else if (chunk.length) {
      chunks.push(chunk);
      chunk = [];
    }
    if (nl >= n) break;
    ls = nl + 1;
  }
  if (chunk.length) chunks.push(chunk);

  const head = () => headings.length - 1;
  const pushHeading = (depth: number, l: Line, title: string) => {
    headings.push({ depth, text: title.replace(/\s+/g, ' ').trim(), start: l.s, end: l.e });
    blocks.push({ kind: 'heading', start: l.s, end: l.e, heading: headings.length - 1 });
  };

  /** Heading depth of a line, or 0 when it is not a heading in this position. */
  const headingAt = (lines: Line[], k: number, strs: string[]): { depth: number; title: string } | null => {
    const t = strs[k];
    const alone = lines.length === 1;
    const first = k === 0;
    const prev = k > 0 ? strs[k - 1] : '';
    const next = k + 1 < lines.length ? strs[k + 1] : '';
    const afterSentence = first || SENTENCE_END.test(prev);
    const num = NUMBERED.exec(t);
    if (num && isHeadingTitle(num[2]) && afterSentence) {
      const depth = Math.min(6, num[1].split('.').length);
      // "1. Web pages" followed by "2. Books": a numbered list, not headings.
      if (/^\d+\.\s/.test(t) && (BULLET.test(next) || (k > 0 && BULLET.test(prev)))) return null;
      return { depth, title: t };
    }
    if (SECTION.test(t) && t.length <= 80 && !END_PUNCT.test(t) && (alone || afterSentence)) return { depth: 1, title: t };
    // "Model Release Date: Oct 24, 2024" (a bold label and its value) is a field, not a heading.
    if (FIELD_LINE.test(t)) return null;
    const hint = hints?.get(lines[k].s);
    if (hint !== undefined && alone) {
      if (hint === 0 || BULLET.test(t)) return null;
      if (t.length <= 100 && words(t).length <= 14 && !/[.,;:，。；：]$/.test(t)) return { depth: hint, title: t };
      return null;
    }
    const shortFirst = first && next.length > 0 && t.length < next.length * 0.6;
    if (!(alone || shortFirst)) return null;
    if (BULLET.test(t)) return null;
    if (isAllCaps(t)) return { depth: 1, title: t };
    if (isTitleCase(t) || isChineseHeading(t)) return { depth: Math.min(6, lastNumberedDepth + 1), title: t };
    return null;
  };

  for (const lines of chunks) {
    const strs = lines.map((l) => text.slice(l.s, l.e));
    const gaps = strs.map(cellGaps);
    const pipe = strs.map((t) => PIPE_ROW.test(t) && t.length > 2);
    const isRow = gaps.map((g, k) => pipe[k] || g >= 2 || (g >= 1 && ((k > 0 && gaps[k - 1] >= 1) || (k + 1 < gaps.length && gaps[k + 1] >= 1))));

    let para: { kind: BlockKind; s: number; e: number } | null = null;
    let table: { id: number; row: number } | null = null;
    const flush = () => {
      if (para) blocks.push({ kind: para.kind, start: para.s, end: para.e, heading: head() });
      para = null;
    };

    for (let k = 0; k < lines.length; k++) {
      const l = lines[k];
      const t = strs[k];
      if (isRow[k] && !BULLET.test(t)) {
        flush();
        if (pipe[k] && DELIM_ROW.test(t)) continue;
        table ??= { id: tableId++, row: 0 };
        blocks.push({ kind: 'table-row', start: l.s, end: l.e, heading: head(), table: { id: table.id, row: table.row++ } });
        continue;
      }
      table = null;
      const h = headingAt(lines, k, strs);
      if (h) {
        flush();
        const num = NUMBERED.exec(t);
        if (num) lastNumberedDepth = h.depth;
        pushHeading(h.depth, l, h.title);
        continue;
      }
      const b = BULLET.exec(t);
      if (b) {
        flush();
        para = { kind: 'list', s: l.s + b[0].length, e: l.e };
        continue;
      }
      if (para) {
        para.e = l.e;
        continue;
      }
      para = { kind: 'prose', s: l.s, e: l.e };
    }
    flush();
  }

  const title = headings.find((h) => h.depth === 1)?.text ?? headings[0]?.text;
  return { headings, blocks, title };
}
