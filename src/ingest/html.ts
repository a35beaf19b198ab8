/**
 * HTML → Doc with the MAIN CONTENT only, as a normalised text that unsaid builds itself:
 *   heading            one line (depth from h1-h6)
 *   paragraph          one line, whitespace collapsed
 *   • list item        one line per <li> (the block starts after the bullet)
 *   | cell | cell |    one line per table row (block kind 'table-row', with {id, row})
 *   code               <pre> text as it is
 * Blocks are separated by blank lines (list items and rows of one table by single newlines).
 * Navigation, headers, footers, sidebars, cookie banners, forms, scripts, styles, images (and
 * their alt text) are dropped.
 *
 * Two ways to find the main content, one way to build the text:
 *  - pages up to 400 KB (100 KB when they have <main>/<article>) with sane nesting: Mozilla
 *    Readability on a linkedom DOM picks the article;
 *  - larger or deeply nested pages (Readability is super-linear in nesting depth: ~2 s at depth
 *    500, stack overflow at 3000), or when Readability finds nothing: <main> / role=main /
 *    <article>, else <body>, with boilerplate elements skipped.
 * Both feed a streaming tokenizer (no recursion, no DOM): a 5 MB page or 100 000 nested <div>s
 * are handled in one linear pass.
 */
import { createRequire } from 'node:module';
import type { Block, BlockKind, Doc, Heading } from '../types.js';
import { UnsaidError } from '../errors.js';
import { detectLanguage } from './language.js';

export interface HtmlMeta {
  source: string;
  sha256: string;
  bytes: number;
  encoding: string;
}

/** Pages larger than this skip Readability (it takes seconds on multi-megabyte pages). */
const READABILITY_MAX_CHARS = 400_000;
/** The same for pages that mark their content up with <main> or <article>. */
const READABILITY_SEMANTIC_MAX_CHARS = 100_000;
/** Pages nested deeper than this (as linkedom would build the DOM) skip Readability. */
const READABILITY_MAX_DEPTH = 120;
/**
 * Pages with more elements than this skip Readability: linkedom's DOM is a linked list, where
 * `children` and `textContent` walk whole subtrees, and Readability's passes over it cost up to
 * ~100 µs per element on tag soup (20 000 empty <p>s: seconds).
 */
const READABILITY_MAX_ELEMENTS = 10_000;
/**
 * ... and with more (element, ancestor) pairs than this: Readability reads `textContent` of most
 * elements, so its cost grows with the sum of element depths (8 000 <div>s at depth 120: > 1 s).
 * Real pages stay well below (10 000 elements at an average depth of 20 are 200 000 pairs).
 */
const READABILITY_MAX_DEPTH_SUM = 300_000;
/**
 * ... and pages with more elements than this and fewer characters of text (markup aside) per
 * element than the next constant: 5 000 empty <p>s took 0.8 s in Readability, while real pages
 * carry tens of characters per element.
 */
const READABILITY_SOUP_ELEMENTS = 1_000;
const READABILITY_SOUP_CHARS_PER_ELEMENT = 4;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'frame', 'basefont', 'bgsound', 'image']);
/** Elements whose content is raw text up to their end tag (skipped; <title> is read for metadata). */
const RAW = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'noscript', 'noembed', 'noframes', 'iframe', 'template', 'plaintext']);
/** Never content. */
const SKIP_TAGS = new Set([
  'svg', 'math', 'canvas', 'object', 'embed', 'video', 'audio', 'picture', 'map', 'select', 'button', 'input', 'form',
  'nav', 'aside', 'footer', 'dialog', 'menu', 'head', 'datalist', 'meter', 'progress', 'slot',
]);
const SKIP_ROLES = new Set(['navigation', 'banner', 'contentinfo', 'complementary', 'search', 'dialog', 'alertdialog', 'menu', 'menubar', 'toolbar', 'tablist', 'button']);
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'dialog', 'dir', 'div', 'dl', 'dt',
  'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr',
  'html', 'li', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'caption', 'thead', 'tbody',
  'tfoot', 'tr', 'td', 'th', 'ul', 'legend', 'listing', 'search', 'br-block',
]);
/** class / id words of boilerplate containers. */
const BOILERPLATE =
  /(?:^|[\s_-])(?:nav|navbar|navigation|menu|menubar|breadcrumbs?|footer|site-?footer|sidebar|side-?bar|cookies?|consent|gdpr|onetrust|cookiebot|advert|advertisement|ads|ad-?slot|sponsor(?:ed)?|share|sharing|social|comments?|related|recommended|newsletter|subscribe|signup|popup|modal|overlay|toolbar|skip-?link|masthead|promo|disqus|banner-?ad|site-?header|global-?header|top-?bar|toc)(?:$|[\s_-])/i;
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
const CJK_BREAK = /([\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])[ \t\r\f]*\n\s*(?=[\u2e80-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])/g;

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003', thinsp: '\u2009',
  copy: '©', reg: '®', trade: '™', mdash: '—', ndash: '–', hellip: '…', lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“',
  rdquo: '”', bdquo: '„', laquo: '«', raquo: '»', middot: '·', bull: '•', times: '×', divide: '÷', plusmn: '±', deg: '°',
  micro: 'µ', para: '¶', sect: '§', euro: '€', pound: '£', yen: '¥', cent: '¢', le: '≤', ge: '≥', ne: '≠', asymp: '≈',
  approx: '≈', rarr: '→', larr: '←', uarr: '↑', darr: '↓', harr: '↔', rArr: '⇒', lArr: '⇐', hArr: '⇔', minus: '−',
  infin: '∞', sup1: '¹', sup2: '²', sup3: '³', frac12: '½', frac14: '¼', frac34: '¾', prime: '′', Prime: '″', dagger: '†',
  Dagger: '‡', permil: '‰', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', iexcl: '¡', iquest: '¿', acute: '´',
  eacute: 'é', Eacute: 'É', egrave: 'è', agrave: 'à', aacute: 'á', auml: 'ä', ouml: 'ö', uuml: 'ü', Auml: 'Ä', Ouml: 'Ö',
  Uuml: 'Ü', szlig: 'ß', ccedil: 'ç', ntilde: 'ñ', oacute: 'ó', iacute: 'í', uacute: 'ú', alpha: 'α', beta: 'β',
  gamma: 'γ', delta: 'δ', epsilon: 'ε', lambda: 'λ', mu: 'μ', pi: 'π', sigma: 'σ', tau: 'τ', theta: 'θ', omega: 'ω',
  Delta: 'Δ', Sigma: 'Σ', Omega: 'Ω', check: '✓', cross: '✗', star: '☆', hearts: '♥', le2: '≤',
};

/** Decode character references in text or attribute values. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));?/g, (m, dec?: string, hex?: string, name?: string) => {
    if (dec || hex) {
      const cp = dec ? Number(dec) : parseInt(hex!, 16);
      if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    const v = NAMED[name!];
    return v !== undefined && m.endsWith(';') ? v : v !== undefined && /^(amp|lt|gt|quot|nbsp|copy|reg)$/.test(name!) ? v : m;
  });
}

const ATTR = /([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

function parseAttrs(s: string): Map<string, string> {
  const m = new Map<string, string>();
  ATTR.lastIndex = 0;
  for (let a = ATTR.exec(s); a; a = ATTR.exec(s)) {
    const k = a[1].toLowerCase();
    if (!m.has(k)) m.set(k, decodeEntities(a[2] ?? a[3] ?? a[4] ?? ''));
  }
  return m;
}

interface Frame {
  name: string;
  skip: boolean;
  region: boolean;
}

interface ExtractOptions {
  /** 'main': only inside <main>/role=main; 'article': only inside <article>; 'body': everything. */
  region: 'main' | 'article' | 'body';
  /** Skip elements whose class/id look like boilerplate (nav, footer, cookie...). */
  classFilter: boolean;
  /** A heading to put first (Readability drops the h1 that repeats the title). */
  leadHeading?: string;
  /** The HTML is already the main content (Readability's article): keep its headers. */
  selected?: boolean;
}

export interface PageMeta {
  title?: string;
  h1?: string;
  lang?: string;
  metas: Map<string, string>;
  license?: string;
  maxDepth: number;
}

interface Extracted {
  text: string;
  blocks: Block[];
  headings: Heading[];
  /** Characters of prose/list/quote/heading/table text. */
  chars: number;
  meta: PageMeta;
}

/** Builds the normalised text and its blocks. */
class Builder {
  out = '';
  len = 0;
  blocks: Block[] = [];
  headings: Heading[] = [];
  chars = 0;
  private last: { kind: BlockKind; table?: number } | null = null;

  add(kind: BlockKind, content: string, extra?: { depth?: number; table?: { id: number; row: number }; links?: string[] }) {
    if (!content) return;
    const l = this.last;
    const sep = !l ? '' : (kind === 'list' && l.kind === 'list') || (kind === 'table-row' && l.kind === 'table-row' && l.table === extra?.table?.id) ? '\n' : '\n\n';
    this.push(sep);
    let prefix = '';
    if (kind === 'list') prefix = '• ';
    this.push(prefix);
    const start = this.len;
    this.push(content);
    const end = this.len;
    if (kind === 'heading') {
      this.headings.push({ depth: extra?.depth ?? 1, text: content, start, end });
      this.blocks.push({ kind, start, end, heading: this.headings.length - 1 });
    } else {
      const b: Block = { kind, start, end, heading: this.headings.length - 1 };
      if (extra?.table) b.table = extra.table;
      if (extra?.links?.length) b.links = extra.links;
      this.blocks.push(b);
    }
    if (kind !== 'code') this.chars += content.length;
    this.last = { kind, table: extra?.table?.id };
  }

  private push(s: string) {
    if (!s) return;
    this.out += s;
    this.len += s.length;
  }

  text(): string {
    return this.out;
  }
}

const NEEDS_COLLAPSE = /[\n\r\t\f\u00a0]| {2}|^ | $/;

function collapse(s: string): string {
  if (!NEEDS_COLLAPSE.test(s)) return s;
  if (s.includes('\n') && CJK_BREAK.test(s)) {
    CJK_BREAK.lastIndex = 0;
    s = s.replace(CJK_BREAK, '$1');
  }
  CJK_BREAK.lastIndex = 0;
  // Whitespace as HTML renders it; U+00A0 is kept as a space.
  return s.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Find the end of a start tag at `lt` ('>' outside quoted attribute values). */
function tagEnd(html: string, lt: number): number {
  const n = html.length;
  let q = 0;
  let lastNonSpace = 0;
  for (let j = lt + 1; j < n; j++) {
    const c = html.charCodeAt(j);
    if (q) {
      if (c === q) q = 0;
      continue;
    }
    if ((c === 34 || c === 39) && lastNonSpace === 61) {
      q = c;
      continue;
    }
    if (c === 62) return j;
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13) lastNonSpace = c;
  }
  return -1;
}

/**
 * Where scanning resumes after the `<!` markup at `lt`: a comment, a CDATA section (when `cdata`;
 * linkedom's tree, which domWithin mirrors, does not know them) or a declaration such as <!DOCTYPE>.
 */
function declarationEnd(html: string, lt: number, cdata: boolean): number {
  let close = '>';
  let from = lt + 2;
  if (html.startsWith('<!--', lt)) [close, from] = ['-->', lt + 4];
  else if (cdata && html.startsWith('<![CDATA[', lt)) [close, from] = [']]>', lt + 9];
  const e = html.indexOf(close, from);
  return e < 0 ? html.length : e + close.length;
}

/** End of a tag name that starts at `from`: the first HTML space, '/' or '>' before `end`. */
function nameEnd(html: string, from: number, end: number): number {
  let k = from;
  while (k < end) {
    const d = html.charCodeAt(k);
    if (d === 32 || d === 9 || d === 10 || d === 13 || d === 12 || d === 47 || d === 62) break;
    k++;
  }
  return k;
}

function isLetterCode(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * One streaming pass: metadata from <head>, and the content of the chosen region as blocks.
 * Never recursive: the open elements are an array.
 */
function extract(html: string, opts: ExtractOptions): Extracted {
  const out = new Builder();
  const meta: PageMeta = { metas: new Map(), maxDepth: 0 };
  const stack: Frame[] = [];
  /** Open elements by name: end tags of elements that are not open cost nothing. */
  const openCount = new Map<string, number>();
  const opened = (name: string) => openCount.get(name) ?? 0;
  const anyOpen = (names: Set<string>) => {
    for (const nm of names) if (opened(nm) > 0) return true;
    return false;
  };
  /** Open <article>/<main> elements. */
  let semanticCount = 0;
  let skipCount = 0;
  let regionCount = opts.region === 'body' ? 1 : 0;
  let liCount = 0;
  let quoteCount = 0;
  let preCount = 0;
  let headingDepth = 0;
  let headingCount = 0;
  let inline: string[] = [];
  // Tables: only the outermost table makes rows; nested tables flatten into the cell.
  let tableDepth = 0;
  let tableId = -1;
  let nextTableId = 0;
  let rowIndex = 0;
  let rowCells: string[] | null = null;
  let cell: string[] | null = null;
  let h1Buf: string[] | null = null;
  // Targets of the links opened since the last block (attached to the next block the text goes into).
  let hrefs: string[] = [];
  const takeLinks = () => {
    const l = hrefs;
    hrefs = [];
    return l.length ? l.slice(0, 50) : undefined;
  };

  if (opts.leadHeading) out.add('heading', opts.leadHeading, { depth: 1 });

  const active = () => skipCount === 0 && regionCount > 0;
  const ctxKind = (): BlockKind => (headingDepth ? 'heading' : preCount ? 'code' : liCount ? 'list' : quoteCount ? 'quote' : 'prose');

  const flush = () => {
    if (!inline.length) return;
    const raw = inline.join('');
    inline = [];
    const links = takeLinks();
    if (!active()) return;
    const kind = ctxKind();
    if (kind === 'code') {
      // trimEnd, not /\s+$/: that regex is quadratic on long inner runs of whitespace.
      const t = raw.replace(/^\s*\n/, '').trimEnd();
      if (t.trim()) out.add('code', t);
      return;
    }
    const t = collapse(raw);
    if (!t) return;
    if (kind === 'heading') out.add('heading', t, { depth: headingDepth });
    else out.add(kind, t, { links });
  };

  const onText = (s: string) => {
    if (h1Buf) h1Buf.push(s);
    if (!active()) return;
    if (cell) cell.push(s);
    else if (tableDepth > 0 && !rowCells) {
      /* text between cells (whitespace) */
    } else inline.push(s);
  };

  const endRow = () => {
    if (cell && rowCells) rowCells.push(collapse(decodeEntities(cell.join(''))));
    cell = null;
    if (rowCells) {
      const cells = rowCells;
      rowCells = null;
      if (active() && cells.some((c) => c)) {
        out.add('table-row', `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`, { table: { id: tableId, row: rowIndex++ }, links: takeLinks() });
      }
    }
  };

  const pop = () => {
    const f = stack.pop()!;
    const name = f.name;
    openCount.set(name, opened(name) - 1);
    if (name === 'article' || name === 'main') semanticCount--;
    if (BLOCK.has(name) && tableDepth <= 1 && !cell) flush();
    if (tableDepth === 1) {
      if (name === 'td' || name === 'th') {
        if (cell && rowCells) rowCells.push(collapse(decodeEntities(cell.join(''))));
        cell = null;
      } else if (name === 'tr') endRow();
      else if (name === 'caption') flush();
    }
    if (name === 'table') {
      if (tableDepth === 1) endRow();
      tableDepth--;
    } else if (tableDepth > 1 && cell && BLOCK.has(name)) cell.push(' ');
    if (name === 'li') liCount--;
    else if (name === 'blockquote') quoteCount--;
    else if (name === 'pre' || name === 'listing') preCount--;
    else if (name.length === 2 && name[0] === 'h' && name[1] >= '1' && name[1] <= '6') {
      headingCount--;
      if (headingCount === 0) headingDepth = 0;
      if (name === 'h1' && h1Buf) {
        if (!meta.h1) meta.h1 = collapse(decodeEntities(h1Buf.join('')));
        h1Buf = null;
      }
    }
    if (f.skip) skipCount--;
    if (f.region) regionCount--;
  };

  /** Close open elements down to (and including) the nearest `name` within `limit` frames, stopping at a boundary. */
  const closeTo = (names: Set<string> | string, boundary?: Set<string>, limit = 256) => {
    if (typeof names === 'string' ? opened(names) === 0 : !anyOpen(names)) return false;
    for (let k = stack.length - 1, seen = 0; k >= 0 && seen < limit; k--, seen++) {
      const nm = stack[k].name;
      if (typeof names === 'string' ? nm === names : names.has(nm)) {
        while (stack.length > k) pop();
        return true;
      }
      if (boundary?.has(nm)) return false;
    }
    return false;
  };

  const LIST_BOUNDARY = new Set(['ul', 'ol', 'menu', 'dir', 'table', 'body']);
  const CELL_NAMES = new Set(['td', 'th']);
  const ROW_BOUNDARY = new Set(['table']);
  const CELL_BOUNDARY = new Set(['tr', 'table']);
  const DT_DD = new Set(['dt', 'dd']);
  const DL_BOUNDARY = new Set(['dl', 'body']);
  const P_CLOSERS = new Set([
    'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset', 'figcaption', 'figure', 'footer', 'form',
    'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'menu', 'nav', 'ol', 'p', 'pre', 'section', 'table', 'ul', 'li', 'dd', 'dt',
  ]);

  const open = (name: string, attrsStr: string, selfClosing: boolean) => {
    // Implied end tags.
    if (P_CLOSERS.has(name) && stack.length && stack[stack.length - 1].name === 'p') pop();
    if (name === 'li') closeTo('li', LIST_BOUNDARY);
    else if (name === 'dt' || name === 'dd') closeTo(DT_DD, DL_BOUNDARY);
    else if (name === 'tr') closeTo('tr', ROW_BOUNDARY);
    else if (name === 'td' || name === 'th') closeTo(CELL_NAMES, CELL_BOUNDARY);
    else if (name === 'option') closeTo('option', undefined, 2);

    if (name === 'br') {
      if (active()) (cell ?? inline).push('\n');
      return;
    }
    if (name === 'hr' || name === 'img' || name === 'image') {
      if (name === 'hr') flush();
      return;
    }
    if (name === 'meta' || name === 'link' || name === 'html') {
      const a = parseAttrs(attrsStr);
      if (name === 'meta') {
        const key = (a.get('name') ?? a.get('property') ?? a.get('itemprop') ?? '').toLowerCase();
        const content = a.get('content');
        if (key && content && !meta.metas.has(key)) meta.metas.set(key, content.trim());
      } else if (name === 'link') {
        if (/(^|\s)license(\s|$)/i.test(a.get('rel') ?? '') && a.get('href')) meta.license ??= a.get('href');
      } else if (a.get('lang')) meta.lang ??= a.get('lang');
      if (name !== 'html') return;
    }
    if (VOID.has(name) || selfClosing && !BLOCK.has(name)) return;

    let skip = SKIP_TAGS.has(name);
    let region = false;
    if (attrsStr.length > 1) {
      const a = /(?:class|id|role|hidden|style|aria-hidden|aria-modal)/i.test(attrsStr) ? parseAttrs(attrsStr) : null;
      if (a) {
        const role = (a.get('role') ?? '').toLowerCase();
        if (!skip) {
          if (a.has('hidden') || a.get('aria-hidden') === 'true' || HIDDEN_STYLE.test(a.get('style') ?? '') || SKIP_ROLES.has(role)) skip = true;
          else if (opts.classFilter && name !== 'body' && name !== 'main' && name !== 'article' && name !== 'html') {
            const cls = `${a.get('class') ?? ''} ${a.get('id') ?? ''}`;
            if (cls.length > 1 && BOILERPLATE.test(cls)) skip = true;
          }
        }
        if (opts.region === 'main' && role === 'main') region = true;
      }
    }
    // A site header outside the content region (an article's own <header> is kept).
    if (name === 'header' && regionCount === 0 && opts.region !== 'body') skip = true;
    if (name === 'header' && opts.region === 'body' && !opts.selected && semanticCount === 0) skip = true;
    if ((opts.region === 'main' && name === 'main') || (opts.region === 'article' && name === 'article')) region = true;

    if (BLOCK.has(name) && !(tableDepth > 0 && cell)) flush();
    if (tableDepth > 0 && cell && BLOCK.has(name)) cell.push(' ');
    if (name === 'a' && !skip && active() && hrefs.length < 200) {
      const href = parseAttrs(attrsStr).get('href');
      if (href && /^https?:\/\//i.test(href.trim())) hrefs.push(href.trim().slice(0, 500));
    }
    stack.push({ name, skip, region });
    openCount.set(name, opened(name) + 1);
    if (name === 'article' || name === 'main') semanticCount++;
    if (stack.length > meta.maxDepth) meta.maxDepth = stack.length;
    if (skip) skipCount++;
    if (region) regionCount++;

    if (name === 'table') {
      tableDepth++;
      if (tableDepth === 1) {
        tableId = nextTableId++;
        rowIndex = 0;
      }
    } else if (tableDepth === 1) {
      if (name === 'tr') rowCells = [];
      else if (name === 'td' || name === 'th') {
        rowCells ??= [];
        cell = [];
      }
    }
    if (name === 'li') liCount++;
    else if (name === 'blockquote') quoteCount++;
    else if (name === 'pre' || name === 'listing') preCount++;
    else if (name.length === 2 && name[0] === 'h' && name[1] >= '1' && name[1] <= '6') {
      headingCount++;
      if (headingCount === 1) headingDepth = name.charCodeAt(1) - 48;
      if (name === 'h1' && !meta.h1 && skipCount === 0) h1Buf = [];
    }
  };

  const close = (name: string) => {
    if (name === 'br') {
      if (active()) (cell ?? inline).push('\n');
      return;
    }
    if (name === 'p' && opened('p') === 0) {
      flush();
      return;
    }
    closeTo(name);
  };

  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    const textEnd = lt < 0 ? n : lt;
    if (textEnd > i && (active() || h1Buf)) {
      const t = html.slice(i, textEnd);
      onText(decodeEntities(t));
    }
    if (lt < 0) break;
    const c = html.charCodeAt(lt + 1);
    if (c === 33) {
      // <!-- comment -->, <!DOCTYPE>, <![CDATA[ ]]>
      i = declarationEnd(html, lt, true);
      continue;
    }
    if (c === 47 && isLetterCode(html.charCodeAt(lt + 2))) {
      const e = html.indexOf('>', lt + 2);
      const end = e < 0 ? n : e;
      let k = lt + 2;
      while (k < end && !/[\s/>]/.test(html[k])) k++;
      close(html.slice(lt + 2, k).toLowerCase());
      i = end + 1;
      continue;
    }
    if (c === 63) {
      // <?xml ...?> processing instruction
      const e = html.indexOf('>', lt + 2);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (!isLetterCode(c)) {
      onText('<');
      i = lt + 1;
      continue;
    }
    const e = tagEnd(html, lt);
    const end = e < 0 ? n : e;
    const k = nameEnd(html, lt + 1, end);
    const name = html.slice(lt + 1, k).toLowerCase();
    const selfClosing = end > lt && html.charCodeAt(end - 1) === 47;
    const attrs = html.slice(k, selfClosing ? end - 1 : end);
    i = end + 1;
    if (RAW.has(name)) {
      // Raw text up to the end tag; <title> is kept for metadata.
      const re = new RegExp(`</${name}\\s*>`, 'ig');
      re.lastIndex = i;
      const m = re.exec(html);
      const contentEnd = m ? m.index : n;
      if (name === 'title' && meta.title === undefined && skipCount === 0) meta.title = collapse(decodeEntities(html.slice(i, contentEnd)));
      else if (name === 'textarea' || name === 'xmp' || name === 'plaintext') {
        /* form fields and legacy raw blocks are not content */
      }
      i = m ? m.index + m[0].length : n;
      continue;
    }
    open(name, attrs, selfClosing);
  }
  while (stack.length) pop();
  flush();

  return { text: out.text(), blocks: out.blocks, headings: out.headings, chars: out.chars, meta };
}

/** htmlparser2 (linkedom's parser): an open tag closes the current element while it is one of these. */
const DOM_P = new Set(['p']);
const DOM_FORM = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea']);
const DOM_DDT = new Set(['dd', 'dt']);
const DOM_RTP = new Set(['rt', 'rp']);
const DOM_SECTION = new Set(['thead', 'tbody']);
const DOM_IMPLIES_CLOSE = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])], ['th', new Set(['th'])], ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])], ['li', new Set(['li'])], ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])], ['dd', DOM_DDT], ['dt', DOM_DDT], ['rt', DOM_RTP], ['rp', DOM_RTP],
  ['tbody', DOM_SECTION], ['tfoot', DOM_SECTION],
  ...['select', 'input', 'output', 'button', 'datalist', 'textarea'].map((t) => [t, DOM_FORM] as [string, Set<string>]),
  ...['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset',
    'figcaption', 'figure', 'footer', 'form', 'header', 'hr', 'main', 'nav', 'ol', 'pre', 'section', 'table', 'ul'].map(
    (t) => [t, DOM_P] as [string, Set<string>],
  ),
]);
const DOM_VOID = new Set(['area', 'base', 'basefont', 'br', 'col', 'command', 'embed', 'frame', 'hr', 'img', 'input', 'isindex', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr']);
/** htmlparser2 reads only these as raw text (<noscript>, <iframe>, <template>... are parsed as markup). */
const DOM_RAW = new Set(['script', 'style', 'title', 'textarea']);

/**
 * Whether linkedom's DOM of this page stays within `maxDepth` levels, `maxElements` elements and
 * `maxDepthSum` (element, ancestor) pairs, with no <noscript> inside another:
 * one linear pass that mirrors htmlparser2's tree building (implied closes, void and raw-text
 * elements, self-closing tags in SVG/MathML), and stops as soon as a limit is passed. It runs before
 * linkedom because htmlparser2 itself is quadratic in nesting depth (its stack is an array it shifts).
 */
export function domWithin(html: string, maxDepth: number, maxElements: number, maxDepthSum: number): boolean {
  const stack: string[] = [];
  let foreign = 0;
  let depthSum = 0;
  let noscripts = 0;
  let elements = 0;
  let textChars = 0;
  const n = html.length;
  let i = 0;
  while (i < n) {
    const lt = html.indexOf('<', i);
    if (lt < 0) break;
    textChars += lt - i;
    const c = html.charCodeAt(lt + 1);
    if (c === 33) {
      i = declarationEnd(html, lt, false);
      continue;
    }
    if (c === 63) {
      const e = html.indexOf('>', lt + 2);
      i = e < 0 ? n : e + 1;
      continue;
    }
    if (c === 47 && isLetterCode(html.charCodeAt(lt + 2))) {
      const e = html.indexOf('>', lt + 2);
      const end = e < 0 ? n : e;
      const name = html.slice(lt + 2, nameEnd(html, lt + 2, end)).toLowerCase();
      i = end + 1;
      if (DOM_VOID.has(name)) {
        if (name === 'br' && ++elements > maxElements) return false;
        continue;
      }
      const pos = stack.lastIndexOf(name); // the stack never holds more than maxDepth + 1 names
      if (pos >= 0) {
        for (let k2 = stack.length - 1; k2 >= pos; k2--) {
          const nm = stack[k2];
          if (nm === 'svg' || nm === 'math') foreign--;
          else if (nm === 'noscript') noscripts--;
        }
        stack.length = pos;
      } else if (name === 'p' && ++elements > maxElements) return false;
      continue;
    }
    if (!isLetterCode(c)) {
      i = lt + 1;
      continue;
    }
    const e = tagEnd(html, lt);
    const end = e < 0 ? n : e;
    const name = html.slice(lt + 1, nameEnd(html, lt + 1, end)).toLowerCase();
    i = end + 1;
    if (++elements > maxElements) return false;
    const closes = DOM_IMPLIES_CLOSE.get(name);
    if (closes) while (stack.length && closes.has(stack[stack.length - 1])) if (stack.pop() === 'noscript') noscripts--;
    if (DOM_VOID.has(name)) continue;
    if (foreign > 0 && end > lt && html.charCodeAt(end - 1) === 47) continue;
    if (DOM_RAW.has(name)) {
      const re = new RegExp(`</${name}[\\s/>]`, 'ig');
      re.lastIndex = i;
      const m = re.exec(html);
      i = m ? m.index : n;
    }
    stack.push(name);
    if (name === 'svg' || name === 'math') foreign++;
    // Readability checks every <noscript> for a lone image by walking down its single-child chain,
    // reading textContent at each level: nested <noscript>s make that cubic.
    else if (name === 'noscript' && ++noscripts > 1) return false;
    depthSum += stack.length;
    if (stack.length > maxDepth || depthSum > maxDepthSum) return false;
  }
  // Tag soup (thousands of elements around almost no text) costs Readability seconds for nothing.
  return elements <= READABILITY_SOUP_ELEMENTS || textChars >= elements * READABILITY_SOUP_CHARS_PER_ELEMENT;
}

function regionOf(html: string): 'main' | 'article' | 'body' {
  if (/<main[\s>]/i.test(html) || /role\s*=\s*["']?main\b/i.test(html)) return 'main';
  if (/<article[\s>]/i.test(html)) return 'article';
  return 'body';
}

/** Main content by region (main → article → body), retrying without the class filter if it ate the page. */
function extractByRegion(html: string): Extracted {
  let region = regionOf(html);
  let best = extract(html, { region, classFilter: true });
  if (best.chars < 50 && region !== 'body') {
    region = region === 'main' && /<article[\s>]/i.test(html) ? 'article' : 'body';
    const again = extract(html, { region, classFilter: true });
    if (again.chars > best.chars) best = again;
    if (best.chars < 50 && region !== 'body') {
      const body = extract(html, { region: 'body', classFilter: true });
      if (body.chars > best.chars) best = body;
    }
  }
  if (best.chars < 200) {
    const loose = extract(html, { region: 'body', classFilter: false });
    if (loose.chars > best.chars * 5 && loose.chars > 200) best = { ...loose, meta: best.meta };
  }
  return best;
}

type Linkedom = typeof import('linkedom');
type ReadabilityModule = typeof import('@mozilla/readability');
let domLibs: { parseHTML: Linkedom['parseHTML']; Readability: ReadabilityModule['Readability'] } | undefined;

/** linkedom and Readability, loaded on first use (they are heavy; most documents are markdown). */
function libs() {
  if (!domLibs) {
    const req = createRequire(import.meta.url);
    domLibs = { parseHTML: (req('linkedom') as Linkedom).parseHTML, Readability: (req('@mozilla/readability') as ReadabilityModule).Readability };
  }
  return domLibs;
}

function readabilityArticle(html: string): { html: string; title?: string; byline?: string; published?: string } | null {
  const { parseHTML, Readability } = libs();
  const { document } = parseHTML(html);
  const reader = new Readability(document as unknown as Document, {
    serializer: (el: Node) => el,
    charThreshold: 200,
  } as ConstructorParameters<typeof Readability>[1]);
  const r = reader.parse();
  if (!r || !r.content) return null;
  const el = r.content as unknown as { outerHTML?: string; toString(): string };
  return {
    html: typeof el === 'string' ? el : el.outerHTML ?? String(el),
    title: r.title ?? undefined,
    byline: r.byline ?? undefined,
    published: r.publishedTime ?? undefined,
  };
}

function metaFrontMatter(meta: PageMeta, byline?: string, published?: string): Record<string, unknown> {
  const m = meta.metas;
  const pick = (...keys: string[]) => {
    for (const k of keys) {
      const v = m.get(k);
      if (v) return v;
    }
    return undefined;
  };
  const fm: Record<string, unknown> = {};
  const title = pick('og:title', 'twitter:title', 'citation_title', 'dc.title') ?? meta.title;
  if (title) fm.title = title;
  const description = pick('description', 'og:description', 'twitter:description', 'dc.description');
  if (description) fm.description = description;
  const author = pick('author', 'article:author', 'citation_author', 'dc.creator', 'parsely-author') ?? byline;
  if (author) fm.author = author;
  const date =
    pick('article:published_time', 'og:published_time', 'date', 'dc.date', 'dcterms.date', 'dc.date.issued', 'citation_publication_date', 'citation_date', 'pubdate', 'publish_date', 'publication_date', 'datepublished', 'parsely-pub-date', 'sailthru.date') ??
    published;
  if (date) fm.date = date;
  const modified = pick('article:modified_time', 'og:updated_time', 'dcterms.modified', 'datemodified');
  if (modified) fm.modified = modified;
  const keywords = pick('keywords', 'news_keywords');
  if (keywords) fm.keywords = keywords;
  const site = pick('og:site_name', 'application-name');
  if (site) fm.site_name = site;
  const license = pick('license', 'dc.rights', 'dcterms.license') ?? meta.license;
  if (license) fm.license = license;
  if (meta.lang) fm.lang = meta.lang;
  return fm;
}

export function ingestHtml(html: string, meta: HtmlMeta): Doc {
  if (!/\S/.test(html)) throw new UnsaidError('unsupported', `${meta.source}: no text in the document`);
  // Streaming pass: metadata, nesting depth, and the region-based main content.
  const byRegion = extractByRegion(html);
  let chosen: Extracted = byRegion;
  let byline: string | undefined;
  let published: string | undefined;

  // Readability earns its cost on pages without <main>/<article> (div soup); semantic pages above
  // 100 KB are left to the region extraction, which is linear and already good there.
  const semantic = regionOf(html) !== 'body';
  const small = html.length <= (semantic ? READABILITY_SEMANTIC_MAX_CHARS : READABILITY_MAX_CHARS);
  if (small && byRegion.meta.maxDepth <= READABILITY_MAX_DEPTH && domWithin(html, READABILITY_MAX_DEPTH, READABILITY_MAX_ELEMENTS, READABILITY_MAX_DEPTH_SUM)) {
    try {
      const art = readabilityArticle(html);
      if (art) {
        const r = extract(art.html, { region: 'body', classFilter: false, selected: true });
        const hasH1 = r.headings.some((h) => h.depth === 1);
        const lead = !hasH1 ? byRegion.meta.h1 : undefined;
        const withLead = lead ? extract(art.html, { region: 'body', classFilter: false, selected: true, leadHeading: lead }) : r;
        // Readability sometimes keeps one section of a page that marks its content up well.
        if (withLead.chars >= Math.min(byRegion.chars * 0.5, 2000) || byRegion.chars < 200) {
          chosen = { ...withLead, meta: byRegion.meta };
          byline = art.byline;
          published = art.published;
        }
      }
    } catch {
      /* Readability failed on this page: the region extraction stands. */
    }
  }

  const { text, blocks, headings } = chosen;
  if (!/\S/.test(text)) throw new UnsaidError('unsupported', `${meta.source}: no text content in the HTML page`);
  const frontMatter = metaFrontMatter(byRegion.meta, byline, published);
  const title = (frontMatter.title as string | undefined) ?? byRegion.meta.title ?? byRegion.meta.h1 ?? headings[0]?.text;
  return {
    source: meta.source,
    format: 'html',
    text,
    language: detectLanguage(text, blocks),
    sha256: meta.sha256,
    bytes: meta.bytes,
    encoding: meta.encoding,
    headings,
    blocks,
    frontMatter,
    ...(title ? { title } : {}),
  };
}
