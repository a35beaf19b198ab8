/**
 * PDF → Doc via unpdf (PDF.js). The text layer of each page is laid out again from the positions of
 * its text items, because a PDF has no paragraphs, only positioned runs of glyphs:
 *  - items on one baseline form a line; a wide horizontal gap between items is a cell gap (tab),
 *    so table rows come out as tab-separated lines;
 *  - a paragraph ends at a larger vertical gap, a change of font size (headings), a short line,
 *    or a first-line indent; hard-wrapped lines of a paragraph are joined (with a space, or with
 *    nothing between CJK characters);
 *  - runs of indented short lines are list items; page numbers alone on a line are dropped.
 * Paragraphs are separated by blank lines and pages by blank lines, and the result goes through the
 * plain-text structure pass (numbered / ALL-CAPS / Title Case headings, bullets, tab tables).
 */
import type { Doc } from '../types.js';
import { UnsaidError } from '../errors.js';
import { parsePlainText } from './plaintext.js';
import { detectLanguage, isHanCode } from './language.js';

interface RawItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL?: boolean;
  fontName?: string;
}

export interface Line {
  text: string;
  x: number;
  y: number;
  right: number;
  size: number;
  page: number;
  /** Font of most of the line's characters. */
  font: string;
  /** That font is fixed-pitch (code): such a line is never a heading. */
  mono?: boolean;
  fonts?: Map<string, number>;
  /** Targets of the link annotations over this line (http(s) only). */
  links?: string[];
}

/** A link annotation of a page: its target and its rectangle [x1, y1, x2, y2] in page space. */
export interface PageLink {
  url: string;
  rect: number[];
}

/** Puts each link annotation on the lines its rectangle covers (baseline inside it, x ranges overlapping). */
export function attachLinks(lines: Line[], links: PageLink[]): void {
  for (const k of links) {
    const [x1, y1, x2, y2] = k.rect;
    const lo = Math.min(y1, y2), hi = Math.max(y1, y2), left = Math.min(x1, x2), right = Math.max(x1, x2);
    for (const l of lines) {
      if (l.y < lo - 0.5 * l.size || l.y > hi + 0.3 * l.size || l.x > right || l.right < left) continue;
      l.links ??= [];
      if (l.links.length < 20 && !l.links.includes(k.url)) l.links.push(k.url);
    }
  }
}

const PAGE_NUMBER = /^(?:page\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*(?:of|\/)\s*\d{1,4})?$|^第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/i;
const BULLET_START = /^[•●○◦▪▫■□‣∙·◆◇►▶➢✓✔\-–*]\s/;

function isCjk(c: number): boolean {
  return isHanCode(c) || (c >= 0x3000 && c <= 0x303f) || (c >= 0xff00 && c <= 0xffef) || (c >= 0x3040 && c <= 0x30ff);
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13 || c === 0xa0 || c === 0x3000;
}

/** Most frequent value (rounded to `step`), weighted. */
function mode(values: Array<[number, number]>, step: number): number | undefined {
  const m = new Map<number, number>();
  for (const [v, w] of values) {
    const k = Math.round(v / step) * step;
    m.set(k, (m.get(k) ?? 0) + w);
  }
  let best: number | undefined;
  let bw = -1;
  for (const [k, w] of m) if (w > bw || (w === bw && best !== undefined && k < best)) [best, bw] = [k, w];
  return best;
}

/** Items of one page → lines (baseline grouping, gaps as spaces or tabs). */
function pageLines(items: RawItem[], page: number): Line[] {
  const lines: Line[] = [];
  let cur: Line | null = null;
  let breakNext = false;
  for (const it of items) {
    const t = it.transform;
    const size = Math.hypot(t[2], t[3]) || it.height || 10;
    const x = t[4];
    const y = t[5];
    const str = it.str ?? '';
    if (str.trim() === '') {
      if (it.hasEOL) breakNext = true;
      continue;
    }
    const sameLine = cur && !breakNext && Math.abs(y - cur.y) <= 0.4 * Math.min(size, cur.size) && x >= cur.right - size;
    const font = it.fontName ?? '';
    if (!sameLine || !cur) {
      if (cur) lines.push(cur);
      cur = { text: str, x, y, right: x + it.width, size, page, font, fonts: new Map([[font, str.length]]) };
    } else {
      cur.fonts!.set(font, (cur.fonts!.get(font) ?? 0) + str.length);
      const gap = x - cur.right;
      const endsWs = isWs(cur.text.charCodeAt(cur.text.length - 1));
      const startsWs = isWs(str.charCodeAt(0));
      let sep = '';
      if (gap > 1.2 * size) sep = '\t';
      else if (gap > 0.15 * size && !endsWs && !startsWs) {
        const a = cur.text.charCodeAt(cur.text.length - 1);
        const b = str.charCodeAt(0);
        sep = isCjk(a) && isCjk(b) ? '' : ' ';
      }
      if (sep === '\t') cur.text = cur.text.trimEnd() + sep + str.trimStart();
      else cur.text += sep + str;
      cur.right = Math.max(cur.right, x + it.width);
      cur.size = Math.max(cur.size, size);
    }
    breakNext = !!it.hasEOL;
  }
  if (cur) lines.push(cur);
  for (const l of lines) {
    l.text = l.text.replace(/[ \u00a0]+$/g, '').replace(/^[ \u00a0]+/, '');
    let best = -1;
    for (const [f, n] of l.fonts ?? []) if (n > best) [l.font, best] = [f, n];
    delete l.fonts;
  }
  // Page numbers alone on the first or last line.
  while (lines.length && PAGE_NUMBER.test(lines[lines.length - 1].text)) lines.pop();
  while (lines.length && PAGE_NUMBER.test(lines[0].text)) lines.shift();
  return lines.filter((l) => l.text.length > 0);
}

function joinWrapped(a: string, b: string): string {
  const last = a.charCodeAt(a.length - 1);
  const first = b.charCodeAt(0);
  if (isCjk(last) && isCjk(first)) return a + b;
  // "rule-" + "based": keep the hyphen, drop the line break.
  if (last === 45 && a.length > 1 && /\p{L}/u.test(a.charAt(a.length - 2)) && first >= 97 && first <= 122) return a + b;
  return a + ' ' + b;
}

/**
 * Running headers and footers: a line among the first or last two of a page whose text (digits
 * ignored) recurs there on at least half of the pages (and on 3 or more) is dropped.
 */
export function dropRunningLines(pages: Line[][]): Line[][] {
  if (pages.length < 3) return pages;
  const key = (l: Line) => l.text.replace(/\d+/g, '#').replace(/\s+/g, ' ').trim().toLowerCase();
  const edges = (lines: Line[]) => {
    const idx = new Set<number>();
    for (let k = 0; k < Math.min(2, lines.length); k++) {
      idx.add(k);
      idx.add(lines.length - 1 - k);
    }
    return [...idx];
  };
  const count = new Map<string, number>();
  for (const lines of pages) {
    const seen = new Set<string>();
    for (const k of edges(lines)) seen.add(key(lines[k]));
    for (const t of seen) count.set(t, (count.get(t) ?? 0) + 1);
  }
  const min = Math.max(3, Math.ceil(pages.length / 2));
  return pages.map((lines) => {
    const drop = new Set(edges(lines).filter((k) => (count.get(key(lines[k])) ?? 0) >= min));
    return drop.size ? lines.filter((_, k) => !drop.has(k)) : lines;
  });
}

/** A table line (cells separated by tabs) rendered as a pipe row, as HTML tables are. */
function pipeRow(line: string): string {
  return '| ' + line.split('\t').map((c) => c.trim().replace(/\|/g, '\\|')).join(' | ') + ' |';
}

/**
 * Lines of all pages → the document text (paragraphs and pages separated by blank lines) and
 * heading hints: for each single-line paragraph, keyed by its offset, the heading depth its font
 * suggests (1 = largest) or 0 when it is set in the body font (then it is not a heading).
 */
export function layoutText(pages: Line[][]): { text: string; hints: Map<number, number>; links: Array<{ at: number; urls: string[] }> } {
  const hints = new Map<number, number>();
  const links: Array<{ at: number; urls: string[] }> = [];
  const all = pages.flat();
  if (!all.length) return { text: '', hints, links };
  const bodySize = mode(all.map((l) => [l.size, l.text.length]), 0.5) ?? 10;
  const isBodySize = (l: Line) => Math.abs(l.size - bodySize) <= 0.08 * bodySize;
  const body = all.filter(isBodySize);
  const left = mode(body.map((l) => [l.x, l.text.length]), 1) ?? 0;
  const fontCount = new Map<string, number>();
  for (const l of body) fontCount.set(l.font, (fontCount.get(l.font) ?? 0) + l.text.length);
  let bodyFont = '';
  let bestCount = -1;
  for (const [f, n] of fontCount) if (n > bestCount) [bodyFont, bestCount] = [f, n];
  const steps: Array<[number, number]> = [];
  for (let i = 1; i < all.length; i++) {
    const a = all[i - 1];
    const b = all[i];
    const dy = a.y - b.y;
    if (a.page === b.page && dy > 0 && isBodySize(a) && isBodySize(b)) steps.push([dy, 1]);
  }
  const step = mode(steps, 0.5) ?? bodySize * 1.2;
  const rights = body.map((l) => l.right).sort((p, q) => p - q);
  const fullRight = rights.length ? rights[Math.floor(rights.length * 0.9)] : 0;
  const width = Math.max(fullRight - left, bodySize * 10);
  // Heading depth by size: larger sizes first; body-size lines in another font (bold) come last.
  const headSizes = [...new Set(all.filter((l) => l.size > bodySize * 1.08).map((l) => Math.round(l.size * 2) / 2))].sort((p, q) => q - p);
  const depthOf = (l: Line): number => {
    if (l.mono) return 0;
    if (l.size > bodySize * 1.08) return Math.min(6, headSizes.indexOf(Math.round(l.size * 2) / 2) + 1 || 1);
    if (l.font !== bodyFont && l.size >= bodySize * 0.92) return Math.min(6, headSizes.length + 1);
    return 0;
  };

  let text = '';
  // Link targets of the paragraph's lines, by the line's offset in the paragraph.
  let paraLinks: Array<{ pos: number; urls: string[] }> = [];
  const emit = (para: string, hintLine: Line | null) => {
    if (text) text += '\n\n';
    if (hintLine) hints.set(text.length, depthOf(hintLine));
    for (const k of paraLinks) links.push({ at: text.length + k.pos, urls: k.urls });
    text += para;
  };
  let para = '';
  let paraLines = 0;
  let paraFirst: Line | null = null;
  let paraKind: 'text' | 'rows' = 'text';
  const flush = () => {
    if (para) emit(para, paraKind === 'text' && paraLines === 1 ? paraFirst : null);
    para = '';
    paraLines = 0;
    paraFirst = null;
    paraLinks = [];
  };
  /** Notes the links of a line about to be added at `pos` of the paragraph. */
  const linksAt = (l: Line, pos: number) => {
    if (l.links?.length) paraLinks.push({ pos, urls: l.links });
  };
  const start = (l: Line, t: string) => {
    flush();
    para = t;
    paraLines = 1;
    paraFirst = l;
    linksAt(l, 0);
  };
  const lines = all;
  // Indented runs (2+ lines of a page at the same x, right of the body margin): list items.
  const indented = lines.map((l) => l.x - left > 1.5 * l.size && !l.text.includes('\t'));
  const listLine = lines.map((l, i) => {
    if (!indented[i]) return false;
    const same = (j: number) => j >= 0 && j < lines.length && lines[j].page === l.page && indented[j] && Math.abs(lines[j].x - l.x) < 1;
    return same(i - 1) || same(i + 1);
  });
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const p = i > 0 ? lines[i - 1] : null;
    if (l.text.includes('\t')) {
      if (paraKind !== 'rows' || (p && p.page !== l.page)) flush();
      paraKind = 'rows';
      linksAt(l, para ? para.length + 1 : 0);
      para = para ? para + '\n' + pipeRow(l.text) : pipeRow(l.text);
      paraLines++;
      continue;
    }
    if (paraKind === 'rows') {
      flush();
      paraKind = 'text';
    }
    const bullet = BULLET_START.test(l.text);
    if (listLine[i] || bullet) {
      const full = p && p.page === l.page && (listLine[i - 1] || BULLET_START.test(p.text)) && p.right >= left + width * 0.9 && Math.abs(p.x - l.x) < 1;
      if (full && !bullet && para) {
        linksAt(l, para.length);
        para = joinWrapped(para, l.text);
        paraLines++;
        continue;
      }
      start(l, bullet ? l.text : '• ' + l.text);
      paraLines = 2; // never a heading
      continue;
    }
    let brk = !p || !para;
    if (p && !brk) {
      if (p.page !== l.page) {
        // A paragraph runs on over the page break when its last line is full and unfinished.
        brk = !(p.right >= left + width * 0.9 && !/[.!?。！？:：]$/.test(p.text) && isBodySize(l) && isBodySize(p) && Math.abs(l.x - left) < 1);
      } else {
        const dy = p.y - l.y;
        if (dy > step * 1.45 || dy < 0) brk = true;
        else if (Math.abs(l.size - p.size) > 0.08 * bodySize) brk = true;
        else if (p.right < left + width * 0.75) brk = true;
        else if (l.x - p.x > 0.8 * l.size && l.x - left > 0.8 * l.size) brk = true;
        else if (listLine[i - 1] || BULLET_START.test(p.text)) brk = true;
      }
    }
    if (brk) start(l, l.text);
    else {
      linksAt(l, para.length);
      para = joinWrapped(para, l.text);
      paraLines++;
    }
  }
  flush();
  return { text, hints, links };
}

function unreadable(source: string, why: string): UnsaidError {
  return new UnsaidError('unsupported', `${source}: unreadable PDF (${why})`);
}

function pdfDate(v: unknown): string | undefined {
  if (typeof v !== 'string') return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(v);
  if (!m) return undefined;
  return [m[1], m[2] ?? '01', m[3] ?? '01'].join('-');
}

export async function ingestPdf(bytes: Uint8Array, source: string, sha256: string): Promise<Doc> {
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // A copy: PDF.js may take ownership of (detach) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(bytes), { verbosity: 0, stopAtErrors: false } as never);
  } catch (err) {
    const name = (err as { name?: string })?.name ?? '';
    const msg = err instanceof Error ? err.message : String(err);
    if (name === 'PasswordException' || /password/i.test(msg)) throw unreadable(source, 'encrypted, a password is needed');
    if (name === 'InvalidPDFException') throw unreadable(source, `invalid or corrupt: ${msg}`);
    throw unreadable(source, msg.replace(/\s+/g, ' ').slice(0, 200));
  }
  try {
    const pages: Line[][] = [];
    let failed = 0;
    let lastError = '';
    for (let p = 1; p <= pdf.numPages; p++) {
      try {
        const page = await pdf.getPage(p);
        const tc = await page.getTextContent();
        const lines = pageLines(tc.items as RawItem[], p);
        try {
          const annots = (await page.getAnnotations()) as Array<{ subtype?: string; url?: string; rect?: number[] }>;
          const pageLinks: PageLink[] = [];
          for (const a of annots) {
            if (a.subtype === 'Link' && typeof a.url === 'string' && /^https?:\/\//i.test(a.url) && Array.isArray(a.rect) && a.rect.length === 4 && pageLinks.length < 500) {
              pageLinks.push({ url: a.url.slice(0, 500), rect: a.rect });
            }
          }
          attachLinks(lines, pageLinks);
        } catch {
          /* annotations are optional */
        }
        const styles = tc.styles as Record<string, { fontFamily?: string } | undefined>;
        for (const l of lines) if (styles[l.font]?.fontFamily === 'monospace') l.mono = true;
        pages.push(lines);
        page.cleanup();
      } catch (err) {
        failed++;
        lastError = err instanceof Error ? err.message : String(err);
      }
    }
    if (failed && failed === pdf.numPages) throw unreadable(source, `no page could be read: ${lastError.slice(0, 200)}`);
    const { text, hints, links } = layoutText(dropRunningLines(pages));
    let visible = 0;
    for (let i = 0; i < text.length && visible < 8; i++) if (!isWs(text.charCodeAt(i))) visible++;
    if (visible < 8) throw new UnsaidError('unsupported', `${source}: PDF has no text layer (a scanned document? run OCR first)`);

    const frontMatter: Record<string, unknown> = {};
    let metaTitle: string | undefined;
    try {
      const meta = await pdf.getMetadata();
      const info = (meta?.info ?? {}) as Record<string, unknown>;
      const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);
      metaTitle = str(info.Title);
      if (metaTitle && /^(untitled|microsoft word - |document\d*$)|\.(docx?|pdf|tex)$/i.test(metaTitle)) metaTitle = undefined;
      if (metaTitle) frontMatter.title = metaTitle;
      if (str(info.Author)) frontMatter.author = str(info.Author);
      if (str(info.Subject)) frontMatter.description = str(info.Subject);
      if (str(info.Keywords)) frontMatter.keywords = str(info.Keywords);
      const date = pdfDate(info.CreationDate);
      if (date) frontMatter.created = date;
    } catch {
      /* metadata is optional */
    }

    const s = parsePlainText(text, { headingHints: hints });
    // Each block keeps the targets of the links on its lines (the text shows only the link text).
    // A link belongs to the first block ending after the start of its line (a bullet or indent the
    // structure pass trims can put the block's start a few characters later).
    let bi = 0;
    for (const k of links) {
      while (bi < s.blocks.length && s.blocks[bi].end <= k.at) bi++;
      const b = s.blocks[bi];
      if (!b || b.start - k.at > 4) continue;
      b.links ??= [];
      for (const u of k.urls) if (!b.links.includes(u) && b.links.length < 50) b.links.push(u);
    }
    return {
      source,
      format: 'pdf',
      text,
      language: detectLanguage(text, s.blocks),
      sha256,
      bytes: bytes.length,
      encoding: 'pdf',
      headings: s.headings,
      blocks: s.blocks,
      frontMatter,
      title: metaTitle ?? s.title,
    };
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
