/**
 * Rubric cues → per-sentence signals → per-indicator document features.
 * The features are generic (they mean the same thing for every indicator), so a model trained on the
 * default rubric also gives sensible answers for a user's new indicator.
 */
import type { Doc, Sentence } from '../types.js';
import type { Indicator, Rubric } from '../rubric/types.js';
import { extractFacts, frontMatterFacts, type FactHit } from './facts.js';
import { loadData } from '../data.js';
import { CONCRETE, ruleMask, scoreAll, sentenceTokens, type SentenceWeights } from './lexical.js';
import { anyMatch, rubricMatchers, termCounts } from './term-index.js';
import { someMatch } from './regex-gate.js';

interface Compiled {
  id: string;
  terms: RegExp | null;
  headings: RegExp | null;
  notUnder: RegExp | null;
  anchors: RegExp | null;
  columns: RegExp | null;
  strong: RegExp[];
  vague: RegExp[];
  exclude: RegExp[];
  demote: RegExp[];
  facts: Set<string>;
  code: boolean;
  links: boolean;
}

/** The cells of a table row ("| a | b |" → ["a", "b"]). */
const cellsOf = (row: string): string[] => row.replace(/^\s*\|/, '').replace(/\|\s*$/, '').split('|').map((c) => c.trim());

/** Whether a table row has a number in a column whose header cell matches `columns` (a term regex). */
export function numberInColumn(columns: RegExp, header: string | string[], row: string): boolean {
  const head = typeof header === 'string' ? cellsOf(header) : header;
  const cells = cellsOf(row);
  for (let j = 0; j < head.length && j < cells.length; j++) {
    columns.lastIndex = 0;
    if (!columns.test(head[j].toLowerCase())) continue;
    if (/\d/.test(cells[j])) return true;
  }
  return false;
}

/** The targets of a raw sentence's links (Markdown, HTML href, bare URLs), space-separated; '' for none. */
export function linkTargets(raw: string): string {
  if (!raw.includes('://')) return '';
  const out: string[] = [];
  for (const m of raw.matchAll(/\]\(\s*<?([^)\s>]+)|\bhref\s*=\s*["']([^"']+)["']|(?<![("'=])\bhttps?:\/\/[^\s)<>"'\]]+/gi)) out.push((m[1] ?? m[2] ?? m[0]).replace(/[.,;:!?]+$/, ''));
  return out.join(' ');
}

const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** One regex matching any of the sources (a never-matching one for none). */
const anyOf = (patterns: string[], flags: string): RegExp => (patterns.length ? new RegExp(patterns.map((p) => `(?:${p})`).join('|'), flags) : /(?!)/);

export function termRegex(terms: string[]): RegExp | null {
  if (!terms.length) return null;
  const uniq = [...new Set(terms.map((t) => t.toLowerCase()))].sort((a, b) => b.length - a.length || (a < b ? -1 : 1));
  // Latin terms match on word starts ("filter" matches "filtered"), behind one shared look-behind
  // (one per alternative makes V8's regex engine crawl); CJK terms match anywhere.
  const latin = uniq.filter((t) => /^[\x00-\x7f]/.test(t)).map(esc);
  const other = uniq.filter((t) => !/^[\x00-\x7f]/.test(t)).map(esc);
  const parts: string[] = [];
  if (latin.length) parts.push(`(?<![a-z0-9])(?:${latin.join('|')})`);
  if (other.length) parts.push(`(?:${other.join('|')})`);
  return new RegExp(parts.join('|'), 'gu');
}

/** A cue pattern: case-insensitive, unless it uses \p{Lu} (a capital), which only a case-sensitive match can mean. */
export const cuePattern = (src: string): RegExp => new RegExp(src, src.includes('\\p{Lu}') ? 'mu' : 'imu');

const cache = new WeakMap<Rubric, Compiled[]>();

export function compileRubric(rubric: Rubric): Compiled[] {
  let c = cache.get(rubric);
  if (c) return c;
  c = rubric.indicators.map((ind: Indicator) => {
    const all = (k: 'terms' | 'headings' | 'notUnder' | 'anchors' | 'columns' | 'strong' | 'vague' | 'exclude' | 'demote') =>
      Object.values(ind.cues).flatMap((cu) => cu?.[k] ?? []);
    return {
      id: ind.id,
      terms: termRegex(all('terms')),
      headings: termRegex(all('headings')),
      notUnder: termRegex(all('notUnder')),
      anchors: termRegex(all('anchors')),
      columns: termRegex(all('columns')),
      strong: all('strong').map(cuePattern),
      vague: all('vague').map(cuePattern),
      exclude: all('exclude').map(cuePattern),
      demote: all('demote').map(cuePattern),
      facts: new Set(ind.facts ?? []),
      code: ind.code === true,
      links: ind.links === true,
    };
  });
  cache.set(rubric, c);
  return c;
}

interface Shared {
  placeholders: RegExp;
  linkOnly: RegExp;
  /** Citation patterns without Unicode classes (case-insensitive) and with them (case-sensitive: \p{Lu} means a capital). */
  citations: RegExp;
  citationsCased: RegExp;
  firstPerson: RegExp;
  tocEntry: RegExp;
  modelFamilies: RegExp;
}
let shared: Shared | undefined;
function sharedLexicon(): Shared {
  if (shared) return shared;
  const raw = loadData('lexicon/shared.yaml') as {
    placeholders: string[];
    linkOnly: string[];
    citations?: string[];
    firstPerson?: string[];
    tocEntry?: string;
    modelFamilies: string[];
  };
  shared = {
    placeholders: new RegExp(raw.placeholders.join('|'), 'iu'),
    linkOnly: new RegExp(raw.linkOnly.join('|'), 'iu'),
    // Split by flags: one case-insensitive unicode regex over all of them is five times slower.
    citations: anyOf((raw.citations ?? []).filter((p) => !p.includes('\\p')), 'i'),
    citationsCased: anyOf((raw.citations ?? []).filter((p) => p.includes('\\p')), 'u'),
    firstPerson: anyOf(raw.firstPerson ?? [], 'iu'),
    tocEntry: new RegExp(raw.tocEntry ?? '(?!)', 'gu'),
    modelFamilies: new RegExp(`(?<![a-z])(${raw.modelFamilies.map(esc).join('|')})`, 'giu'),
  };
  return shared;
}

/** What one sentence says about one indicator. */
export interface Signal {
  s: number; // sentence index
  term: number; // distinct cue terms matched (capped)
  head: number; // 1 innermost heading matches, 0.5 an outer one
  strong: boolean;
  vague: boolean;
  fact: boolean;
  excluded: boolean;
  /** A demote pattern matched: on the topic, answering a neighbouring question (at most partial). */
  demoted?: boolean;
  /** An anchor phrase (the topic named unambiguously) is in the sentence. */
  anchor?: boolean;
}

export interface SentenceInfo {
  placeholder: boolean;
  /** A reference, bibliography entry or table of contents: names topics, discloses nothing. */
  citation?: boolean;
  linkOnly: boolean;
  otherModel: boolean;
  facts: FactHit[];
}

export interface DocAnalysis {
  info: SentenceInfo[];
  /** Per indicator, the sentences with any signal. */
  signals: Signal[][];
  fmFacts: FactHit[];
  subject: Set<string>;
  /** Per indicator, the sentence scorer's probability for every sentence (when a model is loaded). */
  lex: Float32Array[] | null;
  /** Per indicator, the "concrete answer" scorer (trained on evidence of disclosed indicators only). */
  lexD: Float32Array[] | null;
  /** Hashed tokens per sentence (kept for training). */
  tokens: number[][];
}

/** Model families named in the title/front matter/headings: the subject of the document. */
function subjectFamilies(doc: Doc, sentences: Sentence[]): Set<string> {
  const L = sharedLexicon();
  const counts = new Map<string, number>();
  const seed = [doc.title ?? '', doc.source.split('/').pop() ?? '', ...doc.headings.slice(0, 3).map((h) => h.text)].join(' ');
  const out = new Set<string>();
  for (const m of seed.matchAll(L.modelFamilies)) out.add(m[1].toLowerCase());
  for (const s of sentences.slice(0, 400)) {
    if (s.kind === 'table-row') continue;
    for (const m of s.text.matchAll(L.modelFamilies)) counts.set(m[1].toLowerCase(), (counts.get(m[1].toLowerCase()) ?? 0) + 1);
  }
  const top = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  if (top) out.add(top[0]);
  return out;
}

function isCitation(text: string, L: Shared): boolean {
  // "See our paper (arXiv:2401.01234)" points to the developer's own report: a link, not a reference list.
  if ((L.citations.test(text) || L.citationsCased.test(text)) && !L.firstPerson.test(text)) return true;
  // A table of contents: three entries or more ("1.1 Model training 6 1.1.1 Training data 6 ...").
  if (text.length < 40) return false;
  let n = 0;
  L.tocEntry.lastIndex = 0;
  while (L.tocEntry.exec(text)) if (++n >= 3) return true;
  return false;
}

export function analyse(doc: Doc, sentences: Sentence[], rubric: Rubric, lexModel: SentenceWeights | null = null): DocAnalysis {
  const compiled = compileRubric(rubric);
  const L = sharedLexicon();
  const subject = subjectFamilies(doc, sentences);
  const info: SentenceInfo[] = sentences.map((s) => {
    let otherModel = false;
    if (s.kind === 'table-row' && s.table && s.table.row > 0) {
      const first = s.text.split(' | ').find((c) => c.replace(/[|\s]/g, '')) ?? '';
      const fams = [...first.matchAll(L.modelFamilies)].map((m) => m[1].toLowerCase());
      otherModel = fams.length > 0 && !fams.some((f) => subject.has(f));
    }
    const citation = s.kind !== 'table-row' && isCitation(s.text, L);
    return {
      ...(citation ? { citation } : {}),
      placeholder: L.placeholders.test(s.text),
      linkOnly: L.linkOnly.test(s.text) || /^\W*(https?:\/\/\S+)\W*$/.test(s.text),
      otherModel,
      facts: extractFacts(s),
    };
  });
  const lower = sentences.map((s) => s.text.toLowerCase());
  // Heading paths are shared arrays (one per heading): match each once per indicator.
  const pathIds = new Map<string[], number>();
  const pathOf = sentences.map((s) => {
    let id = pathIds.get(s.headingPath);
    if (id === undefined) pathIds.set(s.headingPath, (id = pathIds.size));
    return id;
  });
  const paths = [...pathIds.keys()].map((p) => p.map((h) => h.toLowerCase()));
  // The term and heading regexes' answers, from one pass per text instead of 36 regexes (see
  // term-index.ts): termOf[ci * sentences.length + i] is the capped count of distinct terms, headHit
  // whether a heading text matches.
  const matchers = rubricMatchers(rubric);
  const termOf = termCounts(matchers.terms, lower, compiled.map((c) => c.terms));
  const headTexts = [...new Set(paths.flat())];
  const headIx = new Map(headTexts.map((h, j) => [h, j]));
  const headHit = anyMatch(matchers.headings, headTexts, compiled.map((c) => c.headings));
  const anchorHit = anyMatch(matchers.anchors, lower, compiled.map((c) => c.anchors));
  const nInd = compiled.length;
  // For each body row of a table, the index of its header row (-1 otherwise).
  const headerAt = new Map<number, number>();
  const headerOf = sentences.map((s) => {
    if (s.kind !== 'table-row' || !s.table) return -1;
    if (s.table.row === 0) {
      headerAt.set(s.table.id, s.i);
      return -1;
    }
    return headerAt.get(s.table.id) ?? -1;
  });
  // A table's header cells, split once (the `columns` cue reads them for every row).
  const headerCellsAt = new Map<number, string[]>();
  const headerCells = (h: number): string[] => {
    let cells = headerCellsAt.get(h);
    if (!cells) headerCellsAt.set(h, (cells = cellsOf(sentences[h].text)));
    return cells;
  };
  const signals: Signal[][] = compiled.map((c, ci) => {
    const out: Signal[] = [];
    // The innermost of the indicator's own headings above each sentence (-1: none).
    const ownAt = paths.map((path) => {
      if (c.headings) for (let k = path.length - 1; k >= 0; k--) if (headHit[headIx.get(path[k])! * nInd + ci]) return k;
      return -1;
    });
    const headOf = paths.map((path, j) => (ownAt[j] < 0 ? 0 : ownAt[j] === path.length - 1 ? 1 : 0.5));
    // A section this indicator is not answered in (and no own heading deeper): its sentences are vetoed.
    // A heading that is both ("Hardware requirements", "Evaluation data") is the narrower section.
    const foreign = paths.map((path, j) => {
      const re = c.notUnder;
      if (!re) return false;
      for (let k = path.length - 1; k >= Math.max(0, ownAt[j]); k--) {
        re.lastIndex = 0;
        if (re.test(path[k])) return true;
      }
      return false;
    });
    sentences.forEach((s, i) => {
      // A table row belongs to its table: cue terms in the header ("| Model | MMLU | GSM8K |") apply
      // to its rows ("| Orca-7B | 61.2 | 40.3 |").
      const hdr = headerOf[i];
      const term = termOf[ci * sentences.length + i] || (hdr >= 0 && termOf[ci * sentences.length + hdr] ? 1 : 0);
      const head = headOf[pathOf[i]];
      let fact = c.facts.size > 0 && info[i].facts.some((f) => c.facts.has(f.fact));
      const anchor = c.anchors !== null && anchorHit[i * nInd + ci] === 1;
      if (!term && !head && !fact && !anchor) return;
      // someMatch(rs, …) is rs.some((r) => r.test(s.text)), skipping regexes that cannot match (regex-gate.ts).
      // A code block answers only the indicators that say it can (a download command, a licence header).
      const quiet = s.kind === 'code' && !c.code;
      if (quiet) fact = false;
      let strong = !quiet && someMatch(c.strong, s.text, lower[i]);
      if (!strong && hdr >= 0 && c.columns) strong = numberInColumn(c.columns, headerCells(hdr), s.text);
      if (!strong && !quiet && c.links) {
        const blockLinks = doc.blocks[s.block]?.links;
        const urls = blockLinks ? `${linkTargets(s.raw)} ${blockLinks.join(' ')}`.trim() : linkTargets(s.raw);
        if (urls) strong = someMatch(c.strong, urls, urls.toLowerCase());
      }
      let vague = someMatch(c.vague, s.text, lower[i]);
      const demoted = c.demote.length > 0 && someMatch(c.demote, s.text, lower[i]);
      if (demoted) {
        strong = fact = false;
        vague = true;
      }
      const excluded = foreign[pathOf[i]] || (c.exclude.length > 0 && someMatch(c.exclude, s.text, lower[i]));
      out.push({ s: i, term, head, strong, vague, fact, excluded, ...(demoted ? { demoted } : {}), ...(anchor ? { anchor } : {}) });
    });
    return out;
  });
  const tokens = sentences.map(sentenceTokens);
  let lex: Float32Array[] | null = null;
  let lexD: Float32Array[] | null = null;
  if (lexModel) {
    // Rule tokens (as masks) per indicator and sentence, once (both scorer sets use them): a sentence
    // without a signal for the indicator has its sentence-only ones.
    const plain = Uint16Array.from(info, (inf) => ruleMask(undefined, inf));
    const masks = signals.map((list) => {
      const r = plain.slice();
      for (const g of list) r[g.s] = ruleMask(g, info[g.s]);
      return r;
    });
    // One pass scores both sets (the accumulation over a sentence's tokens is shared).
    const K = compiled.length;
    const both = scoreAll(lexModel, [...compiled.map((c) => c.id), ...compiled.map((c) => c.id + CONCRETE)], tokens, [...masks, ...masks]);
    lex = both.slice(0, K);
    lexD = both.slice(K);
  }
  return { info, signals, fmFacts: frontMatterFacts(doc.frontMatter), subject, lex, lexD, tokens };
}

/** Rule score of one signal: how strongly a sentence answers an indicator. */
export function signalScore(sig: Signal, s: Sentence, info: SentenceInfo, others = false): number {
  if (info.placeholder) return 0;
  let v = Math.min(sig.term, 2) * 1 + sig.head * 1.5 + (sig.strong ? 2 : 0) + (sig.fact ? 2 : 0) + (sig.vague ? 0.5 : 0) + (sig.anchor ? 1 : 0);
  if (sig.excluded) v -= 2.5;
  if (s.kind === 'heading') v -= 2;
  if (s.kind === 'code') v -= 1.5;
  if (info.linkOnly) v -= 1;
  if (info.otherModel && !others) v -= 1.5;
  if (s.text.length < 12) v -= 1;
  return v;
}

/** Some words: two letters of a script in a row (an empty table row or a line of symbols has none). */
const WORDS = /[A-Za-z]{2}|[\u3400-\u9fff]{2}/;

/** Weight of the rule score beside the sentence scorer when ranking evidence. */
const RANK_RULE = Number(process.env.UNSAID_RANK_RULE ?? 0.3);

export const FEATURE_NAMES = [
  'bias',
  'nTerm',
  'nTermHead',
  'hasHeading',
  'nStrong',
  'nStrongHead',
  'nFact',
  'nVague',
  'best',
  'best2',
  'fmFact',
  'headingOnly',
  'linkOnly',
  'placeholderUnder',
  'docLen',
  'nStrongNotExcl',
  'bestIsTable',
  'nCandidates',
  'lexMax',
  'lexSecond',
  'lexN50',
  'lexN20',
  'lexStrongMax',
  'nHeadSent',
  'lexDMax',
  'lexDSecond',
  'lexDAtBest',
  'nAnchor',
  'nStrongFact',
] as const;

/** Document-level features of one indicator. */
export function docFeatures(
  k: number,
  a: DocAnalysis,
  sentences: Sentence[],
  rubric: Rubric,
): { x: number[]; ranked: Array<{ s: number; score: number }> } {
  const sig = a.signals[k];
  const ind = rubric.indicators[k];
  const want = new Set(ind.facts ?? []);
  // A sentence about another model does not count for the model under audit, except where the indicator
  // is about other models (the baselines it is compared with).
  const other = (inf: SentenceInfo) => inf.otherModel && !ind.others;
  let nTerm = 0, nTermHead = 0, hasHeading = 0, nStrong = 0, nStrongHead = 0, nFact = 0, nVague = 0, nStrongNotExcl = 0;
  let linkOnly = 0, placeholderUnder = 0, nCand = 0, nHeadSent = 0, nAnchor = 0, nStrongFact = 0;
  const ranked: Array<{ s: number; score: number }> = [];
  for (const g of sig) {
    const s = sentences[g.s];
    const inf = a.info[g.s];
    if (s.kind === 'heading') {
      if (g.term || g.head === 1) hasHeading = 1;
      continue;
    }
    if (inf.placeholder) {
      if (g.head) placeholderUnder = 1;
      continue;
    }
    if (inf.citation) continue;
    if (g.head === 1 && s.kind !== 'code') nHeadSent++;
    if (g.term) nTerm++;
    if (g.term && g.head) nTermHead++;
    if (g.strong) nStrong++;
    if (g.strong && !g.excluded && !other(inf)) nStrongNotExcl++;
    if (g.strong && g.head) nStrongHead++;
    if (g.fact && !g.excluded && !other(inf)) nFact++;
    // A sentence that answers outright: a strong pattern and a fact this indicator asks for, in prose.
    if (g.fact && g.strong && !g.excluded && !other(inf) && !inf.linkOnly && (s.kind === 'prose' || s.kind === 'list')) nStrongFact++;
    if (g.vague) nVague++;
    if (g.anchor && !g.excluded && !other(inf) && !inf.linkOnly && (s.kind === 'prose' || s.kind === 'list' || s.kind === 'quote')) nAnchor++;
    if (inf.linkOnly && (g.term || g.head)) linkOnly++;
    const score = signalScore(g, s, inf, ind.others === true);
    if (score > 0 && WORDS.test(s.text)) {
      nCand++;
      ranked.push({ s: g.s, score });
    }
  }
  const lex = a.lex?.[k];
  let lexMax = 0, lexSecond = 0, lexN50 = 0, lexN20 = 0, lexStrongMax = 0;
  if (lex) {
    const strongAt = new Set(sig.filter((g) => g.strong && !g.excluded).map((g) => g.s));
    for (let i = 0; i < lex.length; i++) {
      const p = lex[i];
      if (a.info[i].placeholder || a.info[i].citation || sentences[i].kind === 'heading') continue;
      if (p > lexMax) { lexSecond = lexMax; lexMax = p; } else if (p > lexSecond) lexSecond = p;
      if (p > 0.5) lexN50++;
      if (p > 0.2) lexN20++;
      if (strongAt.has(i) && p > lexStrongMax) lexStrongMax = p;
    }
    // Evidence order: the sentence scorer first, the rule score as a tie-breaker; strong sentences the
    // rules missed but the scorer likes are added.
    const seen = new Set(ranked.map((r) => r.s));
    // (Not an empty table row or a line of symbols, and not code unless the indicator takes code.)
    for (let i = 0; i < lex.length; i++) {
      if (seen.has(i) || lex[i] <= 0.3 || a.info[i].placeholder || a.info[i].citation) continue;
      const kind = sentences[i].kind;
      if (kind === 'heading' || (kind === 'code' && !ind.code) || !WORDS.test(sentences[i].text)) continue;
      ranked.push({ s: i, score: 0 });
    }
    for (const r of ranked) r.score = lex[r.s] + RANK_RULE * r.score;
  }
  ranked.sort((p, q) => q.score - p.score || p.s - q.s);
  const lexD = a.lexD?.[k];
  let lexDMax = 0, lexDSecond = 0;
  if (lexD) {
    for (let i = 0; i < lexD.length; i++) {
      if (a.info[i].placeholder || a.info[i].citation || other(a.info[i]) || sentences[i].kind === 'heading') continue;
      const p = lexD[i];
      if (p > lexDMax) { lexDSecond = lexDMax; lexDMax = p; } else if (p > lexDSecond) lexDSecond = p;
    }
  }
  const lexDAtBest = lexD && ranked[0] ? Math.max(...ranked.slice(0, 3).map((r) => lexD[r.s])) : 0;
  const fmFact = a.fmFacts.some((f) => want.has(f.fact)) ? 1 : 0;
  const l = (n: number) => Math.log1p(n);
  const best = ranked[0]?.score ?? 0;
  const best2 = ranked[1]?.score ?? 0;
  const x = [
    1,
    l(nTerm),
    l(nTermHead),
    hasHeading,
    l(nStrong),
    l(nStrongHead),
    l(nFact),
    l(nVague),
    best / 4,
    best2 / 4,
    fmFact,
    hasHeading && nHeadSent === 0 ? 1 : 0,
    l(linkOnly),
    placeholderUnder,
    Math.log10(1 + sentences.length) / 3,
    l(nStrongNotExcl),
    ranked[0] && sentences[ranked[0].s].kind === 'table-row' ? 1 : 0,
    l(nCand),
    lexMax,
    lexSecond,
    l(lexN50),
    l(lexN20),
    lexStrongMax,
    l(nHeadSent),
    lexDMax,
    lexDSecond,
    lexDAtBest,
    l(nAnchor),
    l(nStrongFact),
  ];
  return { x, ranked };
}
