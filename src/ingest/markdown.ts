/**
 * Markdown (CommonMark blocks + GFM tables + YAML/TOML front matter) → Doc structure.
 * The normalised text of a markdown document is its decoded source: quotes are exact slices of what
 * the author wrote, and offsets map 1:1 to the file (line/column are derived from them).
 *
 * This is a line-based block parser (the CommonMark container algorithm: block quotes and list items
 * as containers; paragraphs, headings, code, HTML blocks and table rows as leaves). Inline syntax is
 * never parsed into a tree: checks read sentences, and `segment` strips inline markup from each.
 * It replaced remark (micromark), which took ~0.5-2 s per MB; this takes ~10-20 ms per MB and gives
 * the same blocks and offsets on real model cards and READMEs (table rows, list items, quotes,
 * headings, code, HTML blocks, front matter).
 */
import { yamlLib } from '../data.js';
import type { Block, BlockKind, Heading } from '../types.js';

export interface Structure {
  headings: Heading[];
  blocks: Block[];
  frontMatter: Record<string, unknown>;
  frontMatterRange?: [number, number];
  title?: string;
}

const SP = 32;
const TAB = 9;
const GT = 62; // >
const HASH = 35; // #
const BACKTICK = 96;
const TILDE = 126;
const LT = 60; // <
const DASH = 45;
const PLUS = 43;
const STAR = 42;
const UNDERSCORE = 95;
const EQ = 61;
const PIPE = 124;

interface Container {
  type: 'quote' | 'item' | 'footnote';
  /** For list items: the column where the item's content starts. */
  indent: number;
  /** A list item whose first line was blank and which has no content yet. */
  empty?: boolean;
}

type Leaf =
  | { type: 'para'; starts: number[]; ends: number[] }
  | { type: 'fence'; start: number; end: number; ch: number; len: number }
  | { type: 'icode'; start: number; end: number }
  | { type: 'html'; start: number; end: number; close: RegExp | null }
  | { type: 'table'; id: number; rows: number };

const BLOCK_TAGS = new Set(
  (
    'address article aside base basefont blockquote body caption center col colgroup dd details dialog dir div dl dt ' +
    'fieldset figcaption figure footer form frame frameset h1 h2 h3 h4 h5 h6 head header hr html iframe legend li link ' +
    'main menu menuitem nav noframes ol optgroup option p param search section summary table tbody td tfoot th thead ' +
    'title tr track ul'
  ).split(' '),
);
const HTML1 = /^<(script|pre|style|textarea)(?:[\s>]|$)/i;
const HTML1_END = /<\/(?:script|pre|style|textarea)>/i;
const HTML7 =
  /^(?:<[A-Za-z][A-Za-z0-9-]*(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s"'=<>`]+|'[^']*'|"[^"]*"))?)*\s*\/?>|<\/[A-Za-z][A-Za-z0-9-]*\s*>)\s*$/;
const TAGNAME = /^<\/?([A-Za-z][A-Za-z0-9-]*)(?:[\s>]|\/>|$)/;
/** A link reference definition on one line: `[label]: destination "optional title"` (not `[^footnote]:`). */
const DEFINITION =
  /^ {0,3}\[(?!\^)(?:[^\]\\]|\\.){1,999}\]:[ \t]*(?:<[^>\n]*>|\S+)(?:[ \t]+(?:"[^"]*"|'[^']*'|\([^)]*\)))?[ \t]*$/;
/** A GFM footnote definition's label: its content starts after it. */
const FOOTNOTE_DEF = /^\[\^[^\]\s]{1,999}\]:[ \t]*/;
const DELIM_ROW = /^\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

/** Count the cells of a GFM table row (pipes not escaped; leading/trailing pipe optional). */
function cellCount(text: string, s: number, e: number): number {
  while (s < e && (text.charCodeAt(s) === SP || text.charCodeAt(s) === TAB)) s++;
  while (e > s && (text.charCodeAt(e - 1) === SP || text.charCodeAt(e - 1) === TAB)) e--;
  if (s >= e) return 0;
  let n = 1;
  for (let i = s; i < e; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++; // backslash escape
    else if (c === PIPE && i !== s && i !== e - 1) n++;
  }
  return n;
}

function hasPipe(text: string, s: number, e: number): boolean {
  const i = text.indexOf('|', s);
  return i >= 0 && i < e;
}

/** Markup-free text of a heading's inline content. */
export function inlinePlain(s: string): string {
  return s
    .replace(/\[\^[^\]\s]+\]/g, '')
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, '$1')
    .replace(/<[^>]{0,500}>/g, '')
    .replace(/`+([^`]*)`+/g, '$1')
    .replace(/(\*\*|__|~~)(\S(?:[^]*?\S)?)\1/g, '$2')
    .replace(/(^|[^\w*])\*(\S(?:[^*]*?\S)?)\*(?![\w*])/g, '$1$2')
    .replace(/(^|[^\w])_(\S(?:[^_]*?\S)?)_(?!\w)/g, '$1$2')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(amp|lt|gt|quot|nbsp|#39|apos);/g, (_, e: string) =>
      e === 'amp' ? '&' : e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'quot' ? '"' : e === 'nbsp' ? ' ' : "'",
    )
    .replace(/\s+/g, ' ')
    .trim();
}

/** Front matter at offset 0: `---` … `---` (YAML) or `+++` … `+++` (TOML). Returns the end offset and body range. */
function frontMatterAt(text: string): { end: number; bodyStart: number; bodyEnd: number; yaml: boolean; next: number } | null {
  const ch = text[0];
  if (ch !== '-' && ch !== '+') return null;
  const fence = ch === '-' ? '---' : '+++';
  if (!text.startsWith(fence)) return null;
  let nl = text.indexOf('\n');
  if (nl < 0) return null;
  if (text.slice(3, nl).trim() !== '') return null;
  const bodyStart = nl + 1;
  let ls = bodyStart;
  while (ls <= text.length) {
    nl = text.indexOf('\n', ls);
    const le = nl < 0 ? text.length : nl;
    const line = text.slice(ls, le);
    if (line.startsWith(fence) && line.slice(3).trim() === '') {
      return { end: ls + 3, bodyStart, bodyEnd: ls > bodyStart ? ls - 1 : ls, yaml: ch === '-', next: nl < 0 ? text.length : nl + 1 };
    }
    if (nl < 0) break;
    ls = nl + 1;
  }
  return null;
}

export function parseMarkdown(text: string): Structure {
  const headings: Heading[] = [];
  const blocks: Block[] = [];
  let frontMatter: Record<string, unknown> = {};
  let frontMatterRange: [number, number] | undefined;
  let tableId = 0;

  let offset = 0;
  const fm = frontMatterAt(text);
  if (fm) {
    frontMatterRange = [0, fm.end];
    if (fm.yaml) {
      try {
        const v = yamlLib().parse(text.slice(fm.bodyStart, fm.bodyEnd), { maxAliasCount: 50, logLevel: 'error' });
        if (v && typeof v === 'object' && !Array.isArray(v)) frontMatter = v as Record<string, unknown>;
      } catch {
        /* malformed front matter: kept as text, no metadata */
      }
    }
    blocks.push({ kind: 'front-matter', start: 0, end: fm.end, heading: -1 });
    offset = fm.next;
  }

  const stack: Container[] = [];
  let leaf: Leaf | null = null;
  /** Number of list items and block quotes in the stack (kind of paragraphs: list > quote > prose). */
  let items = 0;
  let quotes = 0;

  const ctxKind = (): BlockKind => (items > 0 ? 'list' : quotes > 0 ? 'quote' : 'prose');
  const head = () => headings.length - 1;

  // Paragraph kind is decided when the paragraph opens (its container).
  let paraKind: BlockKind = 'prose';

  const closeLeaf = () => {
    const l = leaf;
    if (!l) return;
    leaf = null;
    switch (l.type) {
      case 'para': {
        // Leading link reference definitions are not content.
        let i = 0;
        while (i < l.starts.length && DEFINITION.test(text.slice(l.starts[i], l.ends[i]))) i++;
        if (i < l.starts.length) {
          const s = l.starts[i];
          const e = l.ends[l.ends.length - 1];
          if (e > s) blocks.push({ kind: paraKind, start: s, end: e, heading: head() });
        }
        return;
      }
      case 'fence':
      case 'icode':
        if (l.end > l.start) blocks.push({ kind: 'code', start: l.start, end: l.end, heading: head() });
        return;
      case 'html':
        if (l.end > l.start) pushHtml(l.start, l.end);
        return;
      case 'table':
        return;
    }
  };

  const closeContainers = (keep: number) => {
    if (keep >= stack.length) return;
    closeLeaf();
    while (stack.length > keep) {
      const c = stack.pop()!;
      if (c.type === 'item') items--;
      else if (c.type === 'quote') quotes--;
    }
  };

  const pushHeading = (depth: number, s: number, e: number, rawText: string) => {
    const h: Heading = { depth, text: inlinePlain(rawText), start: s, end: e };
    headings.push(h);
    blocks.push({ kind: 'heading', start: s, end: e, heading: headings.length - 1 });
  };

  const pushRow = (tl: { id: number; rows: number }, s: number, e: number) => {
    blocks.push({ kind: 'table-row', start: s, end: e, heading: head(), table: { id: tl.id, row: tl.rows++ } });
  };

  // HTML tables inside Markdown (common in model cards): each <tr> becomes a table row, so that a
  // row reads as one unit ("Llama 3.1 8B | 1.46M | 700 | 420") instead of one line per cell. A table
  // may continue over several HTML blocks (blank lines inside it); the rest stays HTML.
  let htmlTable: { id: number; rows: number } | null = null;
  const pushHtmlSpan = (s: number, e: number) => {
    if (/\S/.test(text.slice(s, e))) blocks.push({ kind: 'html', start: s, end: e, heading: head() });
  };
  const pushHtml = (s: number, e: number) => {
    const chunk = text.slice(s, e);
    if (!/<(?:\/?table|tr)\b/i.test(chunk)) {
      pushHtmlSpan(s, e);
      return;
    }
    let last = s;
    let rowTag = -1;
    let rowOpen = -1;
    for (const m of chunk.matchAll(/<(\/?)(table|tr)\b[^>]*>/gi)) {
      const at = s + m.index;
      const close = m[1] === '/';
      if (m[2].toLowerCase() === 'table') {
        htmlTable = close ? null : { id: tableId++, rows: 0 };
        continue;
      }
      if (!close) {
        rowTag = at;
        rowOpen = at + m[0].length;
        continue;
      }
      if (rowOpen < 0) continue;
      const c0 = text.slice(rowOpen, at).search(/<t[dh]\b/i);
      if (c0 >= 0) {
        let ce = at;
        while (ce > rowOpen && /\s/.test(text[ce - 1])) ce--;
        if (rowTag > last) pushHtmlSpan(last, rowTag);
        htmlTable ??= { id: tableId++, rows: 0 };
        pushRow(htmlTable, rowOpen + c0, ce);
        last = at + m[0].length;
      }
      rowOpen = -1;
    }
    if (e > last) pushHtmlSpan(last, e);
  };

  // Cursor state for the current line.
  let pos = 0;
  let col = 0;
  let le = 0;

  /** Measure indentation from pos: returns columns and leaves pos untouched. */
  const indentCols = (): { cols: number; chars: number } => {
    let c = col;
    let i = pos;
    while (i < le) {
      const ch = text.charCodeAt(i);
      if (ch === SP) c++;
      else if (ch === TAB) c += 4 - (c % 4);
      else break;
      i++;
    }
    return { cols: c - col, chars: i - pos };
  };
  /** Consume up to n columns of whitespace. */
  const consumeCols = (n: number) => {
    const target = col + n;
    while (pos < le && col < target) {
      const ch = text.charCodeAt(pos);
      if (ch === SP) col++;
      else if (ch === TAB) col += 4 - (col % 4);
      else break;
      pos++;
    }
  };
  const advance = (chars: number) => {
    for (let k = 0; k < chars && pos < le; k++) {
      const ch = text.charCodeAt(pos);
      if (ch === TAB) col += 4 - (col % 4);
      else col++;
      pos++;
    }
  };
  const restBlank = (p: number): boolean => {
    for (let i = p; i < le; i++) {
      const ch = text.charCodeAt(i);
      if (ch !== SP && ch !== TAB) return false;
    }
    return true;
  };

  /** Thematic break at p: 3+ of the same *, - or _, optionally with spaces between. */
  const isThematicBreak = (p: number): boolean => {
    const ch = text.charCodeAt(p);
    if (ch !== STAR && ch !== DASH && ch !== UNDERSCORE) return false;
    let n = 0;
    for (let i = p; i < le; i++) {
      const c = text.charCodeAt(i);
      if (c === ch) n++;
      else if (c !== SP && c !== TAB) return false;
    }
    return n >= 3;
  };

  /** List marker at p: returns marker width and whether the item is empty/ordered/starts at 1. */
  const listMarker = (p: number): { width: number; ordered: boolean; one: boolean } | null => {
    const ch = text.charCodeAt(p);
    let q = p;
    let ordered = false;
    let one = true;
    if (ch === DASH || ch === PLUS || ch === STAR) q = p + 1;
    else if (ch >= 48 && ch <= 57) {
      while (q < le && q - p < 10 && text.charCodeAt(q) >= 48 && text.charCodeAt(q) <= 57) q++;
      if (q - p > 9) return null;
      const d = text.charCodeAt(q);
      if (d !== 46 && d !== 41) return null; // . )
      one = Number(text.slice(p, q)) === 1;
      q++;
      ordered = true;
    } else return null;
    if (q < le) {
      const c = text.charCodeAt(q);
      if (c !== SP && c !== TAB) return null;
    }
    return { width: q - p, ordered, one };
  };

  const atxLevel = (p: number): number => {
    let n = 0;
    while (p + n < le && text.charCodeAt(p + n) === HASH) n++;
    if (n < 1 || n > 6) return 0;
    if (p + n < le) {
      const c = text.charCodeAt(p + n);
      if (c !== SP && c !== TAB) return 0;
    }
    return n;
  };

  const fenceOpen = (p: number): { ch: number; len: number } | null => {
    const ch = text.charCodeAt(p);
    if (ch !== BACKTICK && ch !== TILDE) return null;
    let n = 0;
    while (p + n < le && text.charCodeAt(p + n) === ch) n++;
    if (n < 3) return null;
    if (ch === BACKTICK) {
      const bt = text.indexOf('`', p + n);
      if (bt >= 0 && bt < le) return null;
    }
    return { ch, len: n };
  };

  /** HTML block start at p: returns the end condition (null: ends at a blank line), or undefined. */
  const htmlStart = (p: number, canInterrupt: boolean): RegExp | null | undefined => {
    if (text.charCodeAt(p) !== LT) return undefined;
    const line = text.slice(p, le);
    if (HTML1.test(line)) return HTML1_END;
    if (line.startsWith('<!--')) return /-->/;
    if (line.startsWith('<?')) return /\?>/;
    if (line.startsWith('<![CDATA[')) return /\]\]>/;
    if (/^<![A-Za-z]/.test(line)) return />/;
    const m = TAGNAME.exec(line);
    if (m && BLOCK_TAGS.has(m[1].toLowerCase())) return null;
    if (!canInterrupt && HTML7.test(line)) return null;
    return undefined;
  };

  /** Would this line (content at p) interrupt a paragraph? Used for lazy continuation. */
  const interrupts = (p: number): boolean => {
    const ch = text.charCodeAt(p);
    if (ch === GT) return true;
    if (ch === 91 && text.charCodeAt(p + 1) === 94 && FOOTNOTE_DEF.test(text.slice(p, le))) return true;
    if (ch === HASH && atxLevel(p) > 0) return true;
    if ((ch === BACKTICK || ch === TILDE) && fenceOpen(p)) return true;
    if (isThematicBreak(p)) return true;
    // micromark also ends a lazy paragraph at an HTML line that could not interrupt it (`<br>`).
    if (ch === LT && htmlStart(p, false) !== undefined) return true;
    const m = listMarker(p);
    if (m && !restBlank(p + m.width) && (!m.ordered || m.one)) return true;
    return false;
  };

  const n = text.length;
  let ls = offset;
  while (ls < n) {
    let nl = text.indexOf('\n', ls);
    if (nl < 0) nl = n;
    le = nl > ls && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    pos = ls;
    col = 0;

    // 1. Match open containers.
    let matched = 0;
    for (; matched < stack.length; matched++) {
      const c = stack[matched];
      if (c.type === 'quote') {
        const ind = indentCols();
        if (ind.cols <= 3 && text.charCodeAt(pos + ind.chars) === GT) {
          advance(ind.chars + 1);
          if (pos < le && (text.charCodeAt(pos) === SP || text.charCodeAt(pos) === TAB)) consumeCols(1);
        } else break;
      } else {
        if (restBlank(pos)) {
          // An item that starts with a blank line ends at a second blank line.
          if (c.empty) break;
          continue;
        }
        const ind = indentCols();
        if (ind.cols >= c.indent) {
          consumeCols(c.indent);
          c.empty = false;
        } else break;
      }
    }
    const allMatched = matched === stack.length;

    // 2. Leaves that take raw lines.
    if (leaf && allMatched) {
      const l: Leaf = leaf;
      if (l.type === 'fence') {
        const ind = indentCols();
        const p = pos + ind.chars;
        let k = 0;
        while (p + k < le && text.charCodeAt(p + k) === l.ch) k++;
        if (ind.cols <= 3 && k >= l.len && restBlank(p + k)) {
          l.end = le;
          closeLeaf();
        } else if (le > ls) l.end = le;
        ls = nl + 1;
        continue;
      }
      if (l.type === 'html') {
        if (l.close === null && restBlank(pos)) {
          closeLeaf();
          ls = nl + 1;
          continue;
        }
        l.end = le;
        if (l.close && l.close.test(text.slice(pos, le))) closeLeaf();
        ls = nl + 1;
        continue;
      }
      if (l.type === 'icode') {
        if (restBlank(pos)) {
          ls = nl + 1;
          continue;
        }
        const ind = indentCols();
        if (ind.cols >= 4) {
          l.end = le;
          ls = nl + 1;
          continue;
        }
      }
    }

    // 3. New container starts.
    let opened = false;
    for (;;) {
      const ind = indentCols();
      if (ind.cols >= 4) break;
      const p = pos + ind.chars;
      if (p >= le) break;
      const ch = text.charCodeAt(p);
      if (ch === GT) {
        closeContainers(matched);
        closeLeaf();
        stack.push({ type: 'quote', indent: 0 });
        quotes++;
        matched = stack.length;
        advance(ind.chars + 1);
        if (pos < le && (text.charCodeAt(pos) === SP || text.charCodeAt(pos) === TAB)) consumeCols(1);
        opened = true;
        continue;
      }
      if (isThematicBreak(p)) break;
      if (ch === 91 && text.charCodeAt(p + 1) === 94) {
        // GFM footnote definition: a container whose content starts after the label.
        const fm = FOOTNOTE_DEF.exec(text.slice(p, le));
        if (fm) {
          closeContainers(matched);
          closeLeaf();
          stack.push({ type: 'footnote', indent: 4 });
          matched = stack.length;
          advance(ind.chars + fm[0].length);
          opened = true;
          continue;
        }
      }
      const m = listMarker(p);
      if (!m) break;
      const empty = restBlank(p + m.width);
      // An item cannot interrupt an open paragraph (or HTML or indented code block) of the same
      // container when it is empty or ordered from a number other than 1 (micromark's rule).
      const open = leaf as Leaf | null;
      if (allMatched && open && open.type !== 'table' && (empty || (m.ordered && !m.one))) break;
      closeContainers(matched);
      closeLeaf();
      advance(ind.chars + m.width);
      let spaces = 1;
      if (!empty) {
        const after = indentCols();
        spaces = after.cols >= 5 ? 1 : after.cols;
        consumeCols(spaces);
      }
      // Columns are relative to where this container's matching starts on later lines.
      stack.push({ type: 'item', indent: ind.cols + m.width + spaces, empty });
      items++;
      matched = stack.length;
      opened = true;
      if (empty) break;
    }

    // 4. Lazy paragraph continuation.
    if (!opened && !allMatched && leaf && (leaf as Leaf).type === 'para' && !restBlank(pos)) {
      const ind = indentCols();
      const p = pos + ind.chars;
      if (ind.cols < 4 && text.charCodeAt(p) === LT && htmlStart(p, true) === undefined) {
        const close = htmlStart(p, false);
        if (close !== undefined) {
          // As micromark does: the HTML block opens inside the open containers (and ends with them).
          closeLeaf();
          leaf = { type: 'html', start: pos, end: le, close };
          if (close && close.test(text.slice(p, le))) closeLeaf();
          ls = nl + 1;
          continue;
        }
      }
      if (ind.cols >= 4 || !interrupts(p)) {
        const l = leaf as Extract<Leaf, { type: 'para' }>;
        l.starts.push(p);
        l.ends.push(le);
        ls = nl + 1;
        continue;
      }
    }

    // 5. Close what did not continue.
    closeContainers(matched);

    // 6. The leaf on the rest of the line.
    if (restBlank(pos)) {
      if (leaf && ((leaf as Leaf).type === 'para' || (leaf as Leaf).type === 'table')) closeLeaf();
      ls = nl + 1;
      continue;
    }
    const ind = indentCols();
    const p = pos + ind.chars;
    const cur = leaf as Leaf | null;
    if (ind.cols >= 4 && (!cur || cur.type !== 'para')) {
      if (cur && cur.type === 'icode') cur.end = le;
      else {
        closeLeaf();
        leaf = { type: 'icode', start: pos, end: le };
      }
      ls = nl + 1;
      continue;
    }
    const ch = text.charCodeAt(p);
    if (ind.cols < 4) {
      if (ch === HASH) {
        const lvl = atxLevel(p);
        if (lvl) {
          closeLeaf();
          let te = le;
          while (te > p && (text.charCodeAt(te - 1) === SP || text.charCodeAt(te - 1) === TAB)) te--;
          let body = text.slice(p + lvl, te);
          body = body.replace(/(^|[ \t])#+[ \t]*$/, '');
          pushHeading(lvl, p, le, body);
          ls = nl + 1;
          continue;
        }
      }
      if (ch === BACKTICK || ch === TILDE) {
        const f = fenceOpen(p);
        if (f) {
          closeLeaf();
          leaf = { type: 'fence', start: p, end: le, ch: f.ch, len: f.len };
          ls = nl + 1;
          continue;
        }
      }
      if (ch === LT) {
        const close = htmlStart(p, !!cur && cur.type === 'para');
        if (close !== undefined) {
          closeLeaf();
          const hl: Leaf = { type: 'html', start: pos, end: le, close };
          leaf = hl;
          if (close && close.test(text.slice(p, le))) closeLeaf();
          ls = nl + 1;
          continue;
        }
      }
      if (cur && cur.type === 'para' && (ch === EQ || ch === DASH)) {
        let k = p;
        while (k < le && text.charCodeAt(k) === ch) k++;
        let i = 0;
        while (i < cur.starts.length && DEFINITION.test(text.slice(cur.starts[i], cur.ends[i]))) i++;
        if (restBlank(k) && i < cur.starts.length) {
          // Setext heading: the paragraph's lines (after any link definitions) are the heading.
          leaf = null;
          const s = cur.starts[i];
          const raw = cur.starts.slice(i).map((st, j) => text.slice(st, cur.ends[i + j])).join(' ');
          pushHeading(ch === EQ ? 1 : 2, s, le, raw);
          ls = nl + 1;
          continue;
        }
      }
      if (isThematicBreak(p)) {
        closeLeaf();
        ls = nl + 1;
        continue;
      }
      if (cur && cur.type === 'para' && (ch === PIPE || ch === DASH || ch === 58) && DELIM_ROW.test(text.slice(p, le))) {
        const last = cur.starts.length - 1;
        const hs = cur.starts[last];
        const he = cur.ends[last];
        if (
          (hasPipe(text, p, le) || hasPipe(text, hs, he)) &&
          cellCount(text, hs, he) === cellCount(text, p, le)
        ) {
          // Lines before the header row stay a paragraph.
          cur.starts.pop();
          cur.ends.pop();
          if (cur.starts.length) closeLeaf();
          leaf = null;
          const t: Leaf = { type: 'table', id: tableId++, rows: 0 };
          pushRow(t, hs, he);
          leaf = t;
          ls = nl + 1;
          continue;
        }
      }
    }
    if (cur && cur.type === 'table') {
      pushRow(cur, p, le);
      ls = nl + 1;
      continue;
    }
    if (cur && cur.type === 'para') {
      cur.starts.push(p);
      cur.ends.push(le);
    } else {
      closeLeaf();
      paraKind = ctxKind();
      leaf = { type: 'para', starts: [p], ends: [le] };
    }
    ls = nl + 1;
  }
  closeContainers(0);
  closeLeaf();

  const fmTitle = typeof frontMatter.title === 'string' ? frontMatter.title : undefined;
  const h1 = headings.find((h) => h.depth === 1)?.text;
  return { headings, blocks, frontMatter, frontMatterRange, title: fmTitle ?? h1 ?? headings[0]?.text };
}
