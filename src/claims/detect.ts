/**
 * Claim detection: which sentences of a document make headline claims.
 *
 * Candidates are prose, list-item, heading and quote sentences (never table rows, code or front matter)
 * that carry claim language from the rules (comparatives, superlatives, improvements, multipliers,
 * percentages, scores...). Each candidate gets generic features (claim cues, model and benchmark names,
 * prominence: position, section, block kind) and a linear headline score with weights from the rules;
 * the best-scoring candidates above the threshold are kept, at most a budget that grows with the
 * document's prose length.
 */
import type { ClaimKind, Sentence } from '../types.js';
import { type ClaimRules, lex } from './rules.js';
import { type DocContext, type ModelKeyFull, findModels, relation } from './context.js';

export interface Candidate {
  s: Sentence;
  /** Offsets of the quote (the sentence without heading marks or trailing spaces). */
  start: number;
  end: number;
  /** Plain text of the quote. */
  text: string;
  groups: Set<string>;
  cueKinds: Map<ClaimKind, number>;
  topics: Map<ClaimKind, number>;
  models: ModelKeyFull[];
  benchmarks: string[];
  features: Record<string, number>;
  score: number;
}

/** Groups that make a sentence claim-like on their own. */
const CLAIM_GROUPS = ['superlative', 'comparative', 'parity', 'improvement', 'evaluative', 'multiplier', 'percent', 'score', 'quantity'];
const CLAIM_GATE = new Set(CLAIM_GROUPS);
const STRONG_GROUPS = ['superlative', 'comparative', 'parity', 'evaluative', 'multiplier'];

const PRONOUN_SUBJECT = /^(?:\W*)(?:(?:our|the|this|these|both|all)\s+(?:\w+\s+){0,3}(?:models?|version|series|family)|it|they|we|our\b|our (?:latest|new|flagship)|我们|本模型|该模型|此模型|新版本|这些模型|它)/i;
const DATE_PREFIX = /^\s*(?:\*\*)?\[?\(?\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?\)?\]?/;
const URLISH = /https?:\/\/|www\.|\]\(/;

function isChinese(s: Sentence): boolean {
  return s.lang === 'zh';
}

/** The quote span of a sentence: heading marks, list bullets and surrounding spaces trimmed. */
function quoteSpan(ctx: DocContext, s: Sentence): [number, number] {
  const { text } = ctx.doc;
  let a = s.start;
  let b = s.end;
  if (s.kind === 'heading') {
    while (a < b && (text[a] === '#' || text[a] === ' ' || text[a] === '\t')) a++;
    while (b > a && (text[b - 1] === '#' || /\s/.test(text[b - 1]))) b--;
  }
  while (a < b && /\s/.test(text[a])) a++;
  while (b > a && /\s/.test(text[b - 1])) b--;
  return [a, b];
}

function htmlLineIsText(s: Sentence): boolean {
  if (/<\/?(?:td|th|tr|table|thead|tbody|img|svg|a\s[^>]*>\s*<img)/i.test(s.raw)) return false;
  return s.text.length >= 12;
}

export interface PathFlags { headline: boolean; evaluation: boolean; skip: boolean }
const pathCache = new WeakMap<ClaimRules, WeakMap<string[], PathFlags>>();

/** Whether a heading path is under a headline / evaluation section, or its innermost heading a skip section. */
export function pathFlags(path: string[], rules: ClaimRules): PathFlags {
  let m = pathCache.get(rules);
  if (!m) { m = new WeakMap(); pathCache.set(rules, m); }
  let v = m.get(path);
  if (!v) {
    const inner = path.length ? path[path.length - 1] : '';
    v = {
      headline: path.some((h) => rules.sections.headline.test(h)),
      evaluation: path.some((h) => rules.sections.evaluation.test(h)),
      skip: !!inner && rules.sections.skip.test(inner),
    };
    m.set(path, v);
  }
  return v;
}

export function findCandidates(ctx: DocContext, rules: ClaimRules): Candidate[] {
  const out: Candidate[] = [];
  const docLen = Math.max(1, ctx.doc.text.length);
  const subject = ctx.subject;
  let order = 0;
  for (const s of ctx.sentences) {
    if (s.kind !== 'prose' && s.kind !== 'list' && s.kind !== 'heading' && s.kind !== 'quote' && s.kind !== 'html') continue;
    if (ctx.tableOf[s.i] >= 0) continue;
    if (s.kind === 'html' && !htmlLineIsText(s)) continue;
    const zh = isChinese(s);
    const text = s.text;
    if (zh ? text.length < 8 : text.length < 16 || !/\S\s+\S+\s+\S/.test(text)) continue;
    // Mostly a link list or an image caption.
    const bare = text.replace(/https?:\/\/\S+/g, '').replace(/[|•·]/g, ' ');
    if (bare.trim().length < (zh ? 6 : 12)) continue;
    const lx = lex(text, rules, CLAIM_GATE);
    if (!lx) continue;
    const groups = new Set(lx.groups.keys());
    const models = findModels(text, rules);
    const benchmarks = lx.benchmarks;
    const [qa, qb] = quoteSpan(ctx, s);
    const f: Record<string, number> = { bias: 1 };
    for (const g of groups) f[`g_${g}`] = 1;
    f.n_strong = Math.min(3, STRONG_GROUPS.filter((g) => groups.has(g)).length);
    f.n_cues = Math.min(6, [...lx.groups.values()].reduce((a, b) => a + b, 0)) / 6;
    for (const k of lx.topics.keys()) f[`t_${k}`] = 1;
    const rels = models.map((m) => relation(m, subject));
    if (rels.includes('own')) f.own_model = 1;
    if (rels.includes('other')) f.other_model = 1;
    if (rels.includes('family')) f.family_model = 1;
    const firstRel = rels[0];
    const lead = text.slice(0, zh ? 20 : 60);
    if (firstRel === 'own' && models[0] && lead.includes(models[0].name)) f.subj_own = 1;
    else if (PRONOUN_SUBJECT.test(text)) f.subj_pron = 1;
    else if (firstRel === 'other' && models[0] && lead.includes(models[0].name)) f.subj_other = 1;
    if (benchmarks.length) f.benchmark = 1;
    if (/\d/.test(text)) f.digit = 1;
    const frac = s.start / docLen;
    f.pos = frac;
    if (frac < 0.1) f.pos10 = 1;
    if (frac < 0.25) f.pos25 = 1;
    f.order = Math.log1p(order) / 4;
    const path = s.headingPath;
    if (!path.length) f.sec_none = 1;
    else {
      const pf = pathFlags(path, rules);
      if (pf.headline) f.sec_headline = 1;
      if (pf.evaluation) f.sec_eval = 1;
      if (pf.skip) f.sec_skip = 1;
    }
    if (s.kind === 'list') f.k_list = 1;
    if (s.kind === 'heading') f.k_heading = 1;
    if (s.kind === 'html') f.k_html = 1;
    if (s.kind === 'quote') f.k_quote = 1;
    const len = zh ? text.length * 2.5 : text.length;
    if (len < 50) f.len_short = 1;
    if (len > 280) f.len_long = 1;
    if (/\*\*|__|<strong>|<b>/.test(s.raw)) f.bold = 1;
    if (URLISH.test(s.raw)) f.link = 1;
    if (/[?？]\s*$/.test(text)) f.question = 1;
    if (/[:：]\s*$/.test(text)) f.colon_end = 1;
    if (DATE_PREFIX.test(s.raw)) f.date_prefix = 1;
    if (zh) f.zh = 1;
    order++;
    out.push({ s, start: qa, end: qb, text, groups, cueKinds: lx.cueKinds, topics: lx.topics, models, benchmarks, features: f, score: 0 });
  }
  for (const c of out) c.score = scoreOf(c.features, rules);
  return out;
}

export function scoreOf(f: Record<string, number>, rules: ClaimRules): number {
  let z = 0;
  const w = rules.scoring.weights;
  for (const [k, v] of Object.entries(f)) z += (w[k] ?? 0) * v;
  return z;
}

/** How many claims a document may have: grows with its prose, between minClaims and maxClaims. */
export function claimBudget(ctx: DocContext, rules: ClaimRules): number {
  const { maxClaims, minClaims, perKChars } = rules.scoring;
  return Math.max(minClaims, Math.min(maxClaims, Math.round((perKChars * ctx.proseChars) / 1000)));
}

/** Keep the headline candidates: above the threshold, best first, within the budget; then document order. */
export function selectHeadline(cands: Candidate[], ctx: DocContext, rules: ClaimRules): Candidate[] {
  const budget = claimBudget(ctx, rules);
  const kept = cands
    .filter((c) => c.score >= rules.scoring.threshold)
    .sort((a, b) => b.score - a.score || a.start - b.start)
    .slice(0, budget);
  return kept.sort((a, b) => a.start - b.start);
}
