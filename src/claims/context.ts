/**
 * Per-document context for claims: who the document is about (its subject model family), where its
 * tables are (markdown and HTML) and what they name, and which sentences sit in which section.
 * Built once per document; everything the per-claim checks need is looked up here.
 */
import type { Doc, Sentence } from '../types.js';
import type { ClaimKind } from '../types.js';
import { type ClaimRules, benchmarksIn, lex } from './rules.js';
import { scanModels } from './models.js';

export interface ModelKey {
  /** The mention as written. */
  name: string;
  family: string;
  /** Version part with sizes and tiers removed ("2.5", "v2", "3.5"); '' when none. */
  version: string;
  /** Subject only: the document is about the whole family (every version is its own). */
  familyWide?: boolean;
}

export interface TableInfo {
  id: string;
  start: number;
  end: number;
  /** Index into doc.headings of the heading the table sits under, -1 when none. */
  heading: number;
  headingPath: string[];
  /** Plain text of the rows, header first. */
  rows: string[];
  /** Raw slice of the header row (or the first line of an HTML table). */
  headerRaw: { start: number; end: number };
  text: string;
  benchmarks: Set<string>;
  /** Own-family models named in the table (rows or header). */
  own: boolean;
  /** Other models (other family or other version) named in the table, as "family|version" keys. */
  others: string[];
  /** Topic term counts of the table text and its headings (speed, cost, ...). */
  topics: Map<ClaimKind, number>;
  /** Capability domains the table measures (from its benchmarks and its heading). */
  domains: Set<string>;
  /** Numeric cells (scores, percentages). */
  numbers: number;
  /** Holds benchmark scores (benchmark names, or score words in its header or heading). */
  scores: boolean;
  /** Index of the first sentence after the table (for captions and notes). */
  after: number;
  /** Index of the last sentence before the table. */
  before: number;
}

export interface DocContext {
  doc: Doc;
  sentences: Sentence[];
  subject: ModelKey | null;
  tables: TableInfo[];
  /** For each sentence index, the table it belongs to (markdown rows and HTML table lines), or -1. */
  tableOf: Int32Array;
  lineStarts: number[];
  /** Heading path of each sentence: the document's headings, or pseudo-headings of a text without any. */
  paths: string[][];
  /** Pseudo-heading lines ("1 Introduction", "Abstract") of a document without headings (PDF text). */
  pseudo: Array<{ start: number; end: number; text: string }>;
}

const PSEUDO_HEADING = /^(?:\d+(?:\.\d+){0,3}\.?\s+[A-Z][A-Za-z][^\n.!?:;]{1,70}|Abstract|Introduction|Conclusions?|Summary|Overview|Highlights|References|Acknowledg(?:e)?ments|Appendix(?:\s+[A-Z])?)\s*$/;

/** Headings of a text that has none in markup (PDF text): numbered or well-known section lines. */
function pseudoHeadings(text: string): Array<{ start: number; end: number; text: string }> {
  const out: Array<{ start: number; end: number; text: string }> = [];
  let at = 0;
  while (at <= text.length) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    const len = nl - at;
    if (len > 3 && len < 90) {
      const line = text.slice(at, nl).trim();
      if (PSEUDO_HEADING.test(line) && !/\d\s*$/.test(line.replace(/^\d+(?:\.\d+)*\.?\s+/, ''))) {
        out.push({ start: at, end: nl, text: line.replace(/^\d+(?:\.\d+)*\.?\s+/, '') });
      }
    }
    at = nl + 1;
  }
  return out;
}

const TIER = /(?:^|-)(?:opus|sonnet|haiku|instant|instruct|chat|base|pro|plus|max|turbo|mini|nano|flash|ultra|large|medium|small|preview|distill|rl|sft|moe|air)(?=-|$)/g;
const SIZE = /(?:^|-)(?:a?\d+(?:\.\d+)?[bmk]|\d+x\d+b|\d{3,4})(?=-|$)/g;
const FAMILY_ALIAS: Record<string, string> = {
  opus: 'claude', sonnet: 'claude', haiku: 'claude', chatgpt: 'gpt', codellama: 'llama',
  百川: 'baichuan', 通义千问: 'qwen', 文心一言: 'ernie', 混元: 'hunyuan', 豆包: 'doubao', 智谱清言: 'glm',
};

export interface ModelKeyFull extends ModelKey {
  /** Only the family word ("Qwen", "Claude"): says nothing about which version. */
  bare: boolean;
}

const keyCache = new Map<string, ModelKeyFull>();

export function modelKey(name: string): ModelKeyFull {
  const hit = keyCache.get(name);
  if (hit) return hit;
  const k = computeModelKey(name);
  if (keyCache.size > 10000) keyCache.clear();
  keyCache.set(name, k);
  return k;
}

function computeModelKey(name: string): ModelKeyFull {
  let s = name.toLowerCase().replace(/[\s_]+/g, '-').replace(/-+/g, '-');
  if (s.startsWith('openai-')) s = s.slice(7);
  const lead = s.match(/^[a-z]+/)?.[0] ?? '';
  const family = FAMILY_ALIAS[lead || s] ?? (lead || s);
  const tail = s.slice(lead.length);
  const bare = tail.replace(/^-+|-+$/g, '') === '';
  const version = tail.replace(TIER, '').replace(SIZE, '').replace(TIER, '').replace(/^-+|-+$/g, '').replace(/-+/g, '-');
  return { name, family, version, bare };
}

/** How a mentioned model relates to the document's subject: its own model, its family in general, or another model. */
export function relation(k: ModelKeyFull, subject: ModelKey | null): 'own' | 'family' | 'other' {
  if (!subject || k.family !== subject.family) return 'other';
  if (k.bare) return 'family';
  if (subject.familyWide) return 'own';
  if (!subject.version) return k.version === '' ? 'own' : 'other';
  if (k.version === subject.version || k.version.startsWith(subject.version)) return 'own';
  if (k.bare) return 'family';
  return 'other';
}

export function isOwn(k: ModelKeyFull, subject: ModelKey | null): boolean {
  return relation(k, subject) === 'own';
}

export function findModels(text: string, rules: ClaimRules): ModelKeyFull[] {
  // A benchmark written like a model name ("GSM-8K") is not a model.
  return scanModels(text, rules.models).filter((m) => !/\d/.test(m.name) || !benchmarksIn(m.name, rules).length).map((m) => modelKey(m.name));
}

export function findBenchmarks(text: string, rules: ClaimRules): string[] {
  return benchmarksIn(text, rules);
}

/** A row with a numeric cell (a row of results, not a header). */
const NUM_CELL_TEST = /\|\s*[-+]?\*{0,2}\d+(?:\.\d+)?\s?%?\*{0,2}\s*(?:\||$)/;
const NUM_CELL = /(?<![\w.\-/])[-+]?\d+(?:\.\d+)?\s?%?(?![\w.\-/])/g;

function stripTags(s: string): string {
  return s.replace(/<[^>]{0,500}>/g, ' ').replace(/&nbsp;?/g, ' ').replace(/&#?[a-z0-9]{1,8};/gi, ' ').replace(/\s+/g, ' ').trim();
}

function pickSubject(doc: Doc, sentences: Sentence[], rules: ClaimRules): ModelKey | null {
  const fm = doc.frontMatter ?? {};
  const titles: string[] = [];
  for (const k of ['model_name', 'model', 'title', 'name']) if (typeof fm[k] === 'string') titles.push(fm[k] as string);
  if (doc.title) titles.push(doc.title);
  for (const h of doc.headings.slice(0, 3)) titles.push(h.text);
  for (const t of titles) {
    const ms = findModels(t, rules);
    if (ms.length) return ms[0];
  }
  // Most frequent family (and its most frequent version) in the first third of the document.
  const limit = doc.text.length / 3;
  const fam = new Map<string, number>();
  const byVer = new Map<string, { k: ModelKey; n: number; bare: boolean }>();
  let looked = 0;
  for (const s of sentences) {
    if (s.start > limit || looked > 80) break;
    if (s.kind === 'code' || s.kind === 'table-row') continue;
    looked++;
    for (const k of findModels(s.text, rules)) {
      fam.set(k.family, (fam.get(k.family) ?? 0) + 1);
      const key = `${k.family}|${k.version}|${k.bare}`;
      const v = byVer.get(key) ?? { k, n: 0, bare: k.bare };
      v.n++;
      byVer.set(key, v);
    }
  }
  if (!fam.size) return null;
  const best = [...fam.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
  const vers = [...byVer.values()].filter((v) => v.k.family === best && !v.bare).sort((a, b) => b.n - a.n || a.k.version.localeCompare(b.k.version));
  const total = vers.reduce((a, v) => a + v.n, 0);
  // One version dominates ("Llama 3.1" in its card): that is the subject; otherwise the whole family
  // (a README covering several models of one family).
  if (vers.length && vers[0].n >= total / 2) return { name: vers[0].k.name, family: best, version: vers[0].k.version };
  return { name: vers[0]?.k.name ?? best, family: best, version: '', familyWide: true };
}

type Found = { t: TableInfo; rows: Sentence[] };

/**
 * Built once per findClaims call. The steps are separate functions: each is compiled (and, when the
 * engine meets new object shapes, recompiled) on its own rather than as one large function.
 */
export function buildContext(doc: Doc, sentences: Sentence[], rules: ClaimRules): DocContext {
  const subject = pickSubject(doc, sentences, rules);
  const found = [...markdownTables(doc, sentences, subject, rules), ...htmlTables(doc, sentences, subject, rules), ...textTables(doc, sentences, subject, rules)];
  found.push(...tabTables(doc, sentences, found, subject, rules));
  found.sort((a, b) => a.t.start - b.t.start);
  introduceTables(found, sentences, rules);
  const tableOf = new Int32Array(sentences.length).fill(-1);
  const tables: TableInfo[] = [];
  for (const { t, rows } of found) {
    const idx = tables.length;
    tables.push(t);
    for (const r of rows) tableOf[r.i] = idx;
  }

  const lineStarts = [0];
  for (let i = doc.text.indexOf('\n'); i >= 0; i = doc.text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const paths = sentences.map((x) => x.headingPath);
  const pseudo = doc.headings.length === 0 ? pseudoHeadings(doc.text) : [];
  if (pseudo.length) pseudoPaths(sentences, tables, pseudo, paths);
  return { doc, sentences, subject, tables, tableOf, lineStarts, paths, pseudo };
}

/** Markdown tables: consecutive table-row sentences with the same table id. */
function markdownTables(doc: Doc, sentences: Sentence[], subject: ModelKey | null, rules: ClaimRules): Found[] {
  const found: Found[] = [];
  const byId = new Map<number, Sentence[]>();
  for (const s of sentences) {
    if (s.table) {
      const arr = byId.get(s.table.id) ?? [];
      arr.push(s);
      byId.set(s.table.id, arr);
    }
  }
  for (const [id, rows] of byId) {
    const first = rows[0];
    const last = rows[rows.length - 1];
    const t = makeTable(`t${id}`, first.start, last.end, doc.blocks[first.block]?.heading ?? -1, first.headingPath,
      rows.map((r) => r.text), { start: first.start, end: first.end }, first.i - 1, last.i + 1, subject, rules);
    found.push({ t, rows });
  }
  return found;
}

/** HTML tables: an html block with <table>; its lines are sentences of their own. */
function htmlTables(doc: Doc, sentences: Sentence[], subject: ModelKey | null, rules: ClaimRules): Found[] {
  const found: Found[] = [];
  const byBlock = new Map<number, Sentence[]>();
  for (const s of sentences) {
    if (s.kind === 'html') {
      const arr = byBlock.get(s.block) ?? [];
      arr.push(s);
      byBlock.set(s.block, arr);
    }
  }
  doc.blocks.forEach((b, bi) => {
    if (b.kind !== 'html') return;
    const raw = doc.text.slice(b.start, b.end);
    const open = raw.search(/<table\b/i);
    if (open < 0) return;
    const lines = byBlock.get(bi) ?? [];
    const rowTexts: string[] = [];
    for (const m of raw.matchAll(/<tr\b[^]*?<\/tr>/gi)) {
      const txt = stripTags(m[0].replace(/<\/t[dh]>/gi, ' | '));
      if (txt) rowTexts.push(txt);
    }
    if (!rowTexts.length) return;
    const tStart = b.start + open;
    const firstLineEnd = doc.text.indexOf('\n', tStart);
    const t = makeTable(`h${bi}`, tStart, b.end, b.heading, lines[0]?.headingPath ?? [], rowTexts,
      { start: tStart, end: firstLineEnd > 0 && firstLineEnd < b.end ? firstLineEnd : b.end },
      (lines[0]?.i ?? 0) - 1, (lines[lines.length - 1]?.i ?? 0) + 1, subject, rules);
    found.push({ t, rows: lines.filter((s) => s.start >= tStart) });
  });
  return found;
}

/** Text tables: PDF text puts one cell per line; a run of short lines that are mostly numbers is a table. */
function textTables(doc: Doc, sentences: Sentence[], subject: ModelKey | null, rules: ClaimRules): Found[] {
  const found: Found[] = [];
  let run: Sentence[] = [];
  const flush = () => {
    if (run.length) {
      const first = run[0];
      const last = run[run.length - 1];
      const lines = run.flatMap((x) => nonEmptyLines(x.raw));
      const t = makeTable(`x${first.i}`, first.start, last.end, doc.blocks[first.block]?.heading ?? -1, first.headingPath,
        lines, { start: first.start, end: first.start + (first.raw.indexOf('\n') > 0 ? first.raw.indexOf('\n') : first.raw.length) },
        first.i - 1, last.i + 1, subject, rules);
      found.push({ t, rows: run });
    }
    run = [];
  };
  for (const x of sentences) {
    if (x.kind !== 'prose' || x.table) { flush(); continue; }
    if (isTextTable(x.raw)) run.push(x);
    else flush();
  }
  flush();
  return found;
}

/** What a table measures is often said just above it ("Results on C-Eval are as follows:"). */
function introduceTables(found: Found[], sentences: Sentence[], rules: ClaimRules): void {
  for (const { t } of found) {
    const intro: string[] = [];
    for (let i = t.before, n = 0; i >= 0 && n < 3 && i > t.before - 40; i--) {
      const x = sentences[i];
      if (!x || x.table) break;
      if (x.kind === 'code') continue; // the command that produced the table sits between it and its intro
      n++;
      intro.push(x.text);
      if (x.kind === 'heading') break;
    }
    if (!intro.length) continue;
    const lx = lex(intro.join('\n'), rules);
    for (const b of lx?.benchmarks ?? []) t.benchmarks.add(b);
    for (const [d, bs] of rules.domains) for (const b of t.benchmarks) if (bs.has(b)) t.domains.add(d);
    if ((t.benchmarks.size || SCOREISH.test(intro.join(' '))) && !RESOURCE_HEADER.test(t.rows[0] ?? '')) t.scores = true;
  }
}

/** Heading paths of a text without headings: its pseudo-headings, for sentences and tables. */
function pseudoPaths(sentences: Sentence[], tables: TableInfo[], pseudo: DocContext['pseudo'], paths: string[][]): void {
  let k = -1;
  for (const x of sentences) {
    while (k + 1 < pseudo.length && pseudo[k + 1].start < x.end) k++;
    if (k >= 0) paths[x.i] = [pseudo[k].text];
  }
  // Tables of a text without headings sit under the pseudo-heading of the text around them.
  for (const t of tables) {
    const at = Math.min(sentences.length - 1, t.before + 1);
    if (!t.headingPath.length && at >= 0) t.headingPath = paths[at];
  }
}

const TAB_NUM = /(?:^|\t|\s)[-+]?\d+(?:\.\d+)?\s?%?/;

/**
 * Tables in PDF text with one row per line and cells separated by tabs ("Claude X \t0.07% \t0.12%"):
 * runs of at least two such lines with numbers, with the tab lines without numbers just above them as
 * the header and short wrapped header lines in between. Sentences wholly inside are table rows; a
 * sentence that also holds prose stays a sentence.
 */
function tabTables(doc: Doc, sentences: Sentence[], known: Array<{ t: TableInfo }>, subject: ModelKey | null, rules: ClaimRules): Found[] {
  const text = doc.text;
  if (!text.includes('\t')) return [];
  const out: Found[] = [];
  const lines: Array<{ start: number; end: number; s: string }> = [];
  for (let at = 0; at < text.length;) {
    let nl = text.indexOf('\n', at);
    if (nl < 0) nl = text.length;
    lines.push({ start: at, end: nl, s: text.slice(at, nl) });
    at = nl + 1;
  }
  const overlapsKnown = (a: number, b: number) => known.some(({ t }) => t.start < b && a < t.end);
  let i = 0;
  while (i < lines.length) {
    if (!isRow(lines[i].s)) { i++; continue; }
    // Header: tab lines (and short wrapped lines) just above the first row.
    let h = i;
    while (h > 0 && i - h < 6 && (lines[h - 1].s.includes('\t') || (lines[h - 1].s.trim().length > 0 && lines[h - 1].s.length < 40)) && !isRow(lines[h - 1].s)) h--;
    while (h < i && !lines[h].s.includes('\t')) h++;
    let j = i;
    let rows = 0;
    while (j < lines.length && (isRow(lines[j].s) || (lines[j].s.length < 40 && j + 1 < lines.length && isRow(lines[j + 1].s)))) {
      if (isRow(lines[j].s)) rows++;
      j++;
    }
    // Measurements, not a table of contents ("Introduction \t6"): a decimal, a percentage or three cells.
    const measures = lines.slice(i, j).some((l) => {
      const cs = l.s.split('\t').filter((c) => c.trim());
      return isRow(l.s) && (cs.length >= 3 || cs.slice(1).some((c) => /\d[.,]\d|%/.test(c)));
    });
    if (rows >= 2 && measures && !overlapsKnown(lines[h].start, lines[j - 1].end)) out.push(tabTable(doc, sentences, lines, h, i, j, subject, rules));
    i = Math.max(j, i + 1);
  }
  return out;
}

const isRow = (l: string) => l.includes('\t') && TAB_NUM.test(l) && l.split('\t').filter((c) => c.trim()).length >= 2;

/** The tab table of lines[h..j) (header lines h..i, rows from i) and the sentences it holds. */
function tabTable(doc: Doc, sentences: Sentence[], lines: Array<{ start: number; end: number; s: string }>, h: number, i: number, j: number,
  subject: ModelKey | null, rules: ClaimRules): Found {
  const start = lines[h].start;
  const end = lines[j - 1].end;
  const header = lines.slice(h, i).map((l) => l.s).join(' ');
  const body = lines.slice(i, j).filter((l) => isRow(l.s)).map((l) => l.s);
  const cells = (l: string) => `| ${l.split('\t').map((c) => c.trim()).filter(Boolean).join(' | ')} |`;
  const rowTexts = [header ? cells(header) : cells(body[0]), ...(header ? body : body.slice(1)).map(cells)];
  // Sentences: the last one before the table, the first one after it, and those wholly inside.
  let before = -1;
  let after = sentences.length;
  const inside: Sentence[] = [];
  for (const x of sentences) {
    if (x.end <= start) before = x.i;
    else if (x.start >= end) { after = x.i; break; }
    // Wholly inside, or mostly table with a caption line: a table row, not a claim.
    else if (Math.min(x.end, end) - Math.max(x.start, start) >= 0.6 * (x.end - x.start)) inside.push(x);
  }
  const at = sentences[Math.min(sentences.length - 1, before + 1)];
  const t = makeTable(`b${start}`, start, end, doc.blocks[at?.block ?? 0]?.heading ?? -1, at?.headingPath ?? [], rowTexts,
    { start, end: lines[h].end }, before, after, subject, rules);
  return { t, rows: inside };
}

/** The lines of a text, trimmed, without the empty ones. */
function nonEmptyLines(raw: string): string[] {
  const out: string[] = [];
  for (const line of raw.split('\n')) {
    const t = line.trim();
    if (t) out.push(t);
  }
  return out;
}

/** A prose block that is really a flattened table: several short lines, most of them numbers. */
function isTextTable(raw: string): boolean {
  // At least four lines: three line breaks (most prose sentences have none).
  let breaks = 0;
  for (let i = raw.indexOf('\n'); i >= 0 && breaks < 3; i = raw.indexOf('\n', i + 1)) breaks++;
  if (breaks < 3) return false;
  const lines = nonEmptyLines(raw);
  if (lines.length < 4) return false;
  const numeric = lines.filter((l) => /^[-+]?\d+(?:\.\d+)?\s?%?(?:\s|$)/.test(l) || /^\d+-shot$/i.test(l)).length;
  const short = lines.filter((l) => l.length < 40).length;
  return numeric >= 3 && numeric / lines.length >= 0.3 && short / lines.length >= 0.7;
}

const RESOURCE_HEADER = /\b(?:date|author|authors|link|links|url)\b|日期|作者|链接/i;

const SCOREISH = /\bscores?\b|\brates?\b|\baccuracy\b|\bacc\b|\baverage\b|\bavg\b|\bmean\b|\bf1\b|\brouge|\bbleu\b|\bppl\b|\bperplexity\b|pass@|\bwin[- ]rate\b|\belo\b|\bbenchmarks?\b|\bevaluation\b|\bperformance\b|\bresults?\b|\bshot\b|%|得分|准确率|评测|性能|效果|结果/i;

function makeTable(
  id: string, start: number, end: number, heading: number, headingPath: string[], rows: string[],
  headerRaw: { start: number; end: number }, before: number, after: number, subject: ModelKey | null, rules: ClaimRules,
): TableInfo {
  const text = rows.join('\n');
  // Benchmark and model names sit in the header or the first column (cells hold numbers).
  // A second header row (models under grouped columns: "| | GPT-4 | Orca-7B | GPT-4 | Orca-7B |") counts whole.
  const second = rows[1] && !NUM_CELL_TEST.test(rows[1]) ? rows[1] : '';
  const labels = `${rows[0] ?? ''}\n${second}\n${rows.slice(1, 80).map((r) => r.split('|').slice(0, 3).join(' ')).join('\n')}`;
  // The heading a table sits under often names its benchmark ("### C-Eval").
  const benchmarks = new Set([...findBenchmarks(labels, rules), ...findBenchmarks(headingPath.slice(-1)[0] ?? '', rules)]);
  let own = false;
  const others: string[] = [];
  for (const k of findModels(labels, rules)) {
    const r = relation(k, subject);
    if (r === 'own') own = true;
    else if (r === 'other') others.push(`${k.family}|${k.version}`);
  }
  const head = lex(`${headingPath.join(' ')}\n${labels}`, rules);
  const topics = head?.topics ?? new Map<ClaimKind, number>();
  const domains = new Set<string>(lex(headingPath.slice(-1)[0] ?? '', rules)?.domains ?? []);
  for (const [d, bs] of rules.domains) for (const b of benchmarks) if (bs.has(b)) domains.add(d);
  // Tables that name no model at all but sit in the subject's document (e.g. "Model | MMLU" with sizes
  // only) still count as the subject's own numbers when their first column holds sizes.
  if (!own && !others.length && rows.slice(1).some((r) => /^\s*\d+(?:\.\d+)?\s?[BM]\b/.test(r))) own = true;
  let numbers = 0;
  for (const r of rows.slice(1)) numbers += (r.match(NUM_CELL) ?? []).length;
  // A list of resources ("Deliverable | Date | Author") is not a table of results, whatever its titles name.
  const scores = !RESOURCE_HEADER.test(rows[0] ?? '') && (benchmarks.size > 0 || SCOREISH.test(`${headingPath.slice(-1)[0] ?? ''} ${rows[0] ?? ''}`));
  return { id, start, end, heading, headingPath, rows, headerRaw, text, benchmarks, own, others, topics, domains, numbers, scores, after, before };
}

export function lineOf(ctx: DocContext, offset: number): { line: number; column: number } {
  const ls = ctx.lineStarts;
  let lo = 0;
  let hi = ls.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (ls[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - ls[lo] + 1 };
}
