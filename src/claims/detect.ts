/**
 * Claim detection: which sentences of a document make headline claims.
 *
 * Candidates are prose, list-item, heading and quote sentences (never table rows, code, captions or
 * front matter) that carry claim language from the rules (comparatives, superlatives, improvements,
 * multipliers, percentages, scores...). A sentence that makes claims of different kinds or about
 * different models is split into its clauses. Each candidate gets generic features (claim cues, model
 * and benchmark names, who the running text is about, prominence: position, section, block kind) and a
 * linear headline score with weights from the rules; the best candidates above the threshold are kept,
 * at most a budget that grows with the square root of the number of candidates (a long document has
 * many claim-like sentences but only a handful of headline claims).
 */
import type { ClaimKind, Sentence } from '../types.js';
import { plainText } from '../segment/index.js';
import { kindOf } from './kind.js';
import { type ClaimRules, lex } from './rules.js';
import { type DocContext, type ModelKey, type ModelKeyFull, findBenchmarks, findModels, modelKey, relation } from './context.js';
import { scanModels } from './models.js';

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
  /** Capability domains the claim names ("coding", "math"). */
  domains: string[];
  models: ModelKeyFull[];
  benchmarks: string[];
  features: Record<string, number>;
  score: number;
}

/** Groups that make a sentence claim-like on their own. */
const CLAIM_GROUPS = ['superlative', 'comparative', 'parity', 'improvement', 'change', 'comparison', 'evaluative', 'multiplier', 'percent', 'score', 'quantity', 'extent'];
/** A heading is a claim only with strong claim language ("2x faster", "State-of-the-art vision"). */
const HEADING_GROUPS = ['superlative', 'comparative', 'parity', 'multiplier', 'evaluative', 'improvement'];
const CLAIM_GATE = new Set(CLAIM_GROUPS);
const STRONG_GROUPS = ['superlative', 'comparative', 'parity', 'evaluative', 'multiplier'];

const PRONOUN_SUBJECT = /^(?:\W*)(?:(?:our|the|this|these|both|all)\s+(?:\w+\s+){0,3}(?:models?|version|series|family)|it|they|we|our\b|our (?:latest|new|flagship)|我们|本模型|该模型|此模型|新版本|这些模型|它)/i;
/** Words that make the model after them a baseline, not a subject. */
const BASELINE_CUE = /(?:than|compared (?:to|with)|relative to|over|vs\.?|versus|from|against|like|such as|相比|相较|对比|超过|超越|优于|与|和)\s*$/i;
const CAPTION = /^(?:figure|fig\.|table|图|表)\s*[\dA-Z]/i;
/** A command-line option ("--cpu-offload-gb 16", "指定 --speculative-num-steps 3"): the sentence is a usage instruction. */
const CLI_OPTION = /(?<![\w-])--[a-z][a-z0-9]*(?:[-_][a-z0-9]+)+/i;
const DATE_PREFIX = /^\s*(?:\*\*)?\[?\(?\d{4}[./-]\d{1,2}(?:[./-]\d{1,2})?\)?\]?/;
const URLISH = /https?:\/\/|www\.|\]\(/;

/** Whether the text's last character before trailing white space is one of `chars` (/[chars]\s*$/ without a regex scan). */
function endsWithOneOf(text: string, chars: string): boolean {
  const t = text.trimEnd();
  return t.length > 0 && chars.includes(t[t.length - 1]);
}

/** Whether a text may hold what the "mostly a link list" test strips: a link, a table bar or a bullet. */
function hasLinkOrBar(text: string): boolean {
  return text.includes('://') || text.includes('|') || text.includes('•') || text.includes('·');
}

function isChinese(s: Sentence): boolean {
  return s.lang === 'zh';
}

/** The quote span of a sentence: heading marks, list bullets and surrounding spaces trimmed. */
function quoteSpan(ctx: DocContext, s: Sentence): [number, number] {
  const { text } = ctx.doc;
  let a = s.start;
  let b = s.end;
  // A PDF line heading at the start of the sentence ("1 Introduction\nThis model card...") is not quoted.
  for (const h of ctx.pseudo) {
    if (h.start >= s.end) break;
    if (h.start >= a && h.end < b && h.start - a < 200) a = h.end + 1;
  }
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

interface Span { start: number; end: number; text: string }

/** Which relations to the subject a claim's models have, and the first model's (no per-claim arrays). */
function relations(models: ModelKeyFull[], subject: ModelKey | null): { own: boolean; other: boolean; family: boolean; first?: string } {
  const out: { own: boolean; other: boolean; family: boolean; first?: string } = { own: false, other: false, family: false, first: undefined };
  for (const m of models) {
    const r = relation(m, subject);
    out.first ??= r;
    out[r] = true;
  }
  return out;
}

const featureNames = new Map<string, string>();
const groupFeature = (g: string): string => {
  let n = featureNames.get(g);
  if (!n) { n = `g_${g}`; featureNames.set(g, n); }
  return n;
};
const topicFeature = (k: string): string => {
  let n = featureNames.get(`\u0000${k}`);
  if (!n) { n = `t_${k}`; featureNames.set(`\u0000${k}`, n); }
  return n;
};

/**
 * Clause boundaries inside a sentence: "; ", ", and meanwhile", ", while", "；", "，同时". (A plain
 * Chinese comma is not one: Chinese runs a whole claim through several of them.)
 */
const EN_BOUNDARY = /;\s+|,\s+(?=(?:and (?:meanwhile|even|in|under|on)|while|whereas|meanwhile|showing|thereby|even)\b)/g;
const ZH_BOUNDARY = /[；;]\s*|，(?=同时|并且|此外|另外|甚至)|，(?=[^，。；]{2,16}(?:下|时)，)/g;
const LEADING_JOINER = /^(?:(?:and|while|whereas|but|meanwhile|also|even|thus|thereby)\s+)+|^(?:并且|同时|而且|并|而|且)/i;

/** A clause that only frames the next one ("相比初代模型，", "INT4 量化下，", "Compared with X,"). */
const FRAME = /^(?:相比|相较|对比|与.{1,30}相比|在.{1,30}(?:下|中|上|方面)$|通过|基于|compared|relative|in terms of|under|with|for|when|based on|by)/i;

/** Claim language strong enough to make a clause a claim of its own. */
const CLAUSE_GROUPS = ['superlative', 'comparative', 'parity', 'evaluative', 'improvement', 'multiplier'];

/** Pieces of a sentence between clause boundaries, as offsets into the document (texts not filled in). */
function pieces(ctx: DocContext, start: number, end: number, zh: boolean): Span[] {
  const raw = ctx.doc.text.slice(start, end);
  const re = zh ? ZH_BOUNDARY : EN_BOUNDARY;
  re.lastIndex = 0;
  const out: Span[] = [];
  let from = 0;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    if (m.index > from) out.push({ start: start + from, end: start + m.index, text: '' });
    from = m.index + m[0].length;
  }
  if (from < raw.length) out.push({ start: start + from, end: start + raw.length, text: '' });
  return out;
}

interface Built extends Candidate { kind: ClaimKind; subjectKey: string }

/**
 * Candidates of a sentence: the whole sentence, or its clauses when it makes several claims of
 * different kinds or about different models ("...achieves stronger performance, and meanwhile saves
 * 42.5% of training costs"). Clauses without claim language stay with their neighbour.
 */
function splitClaims(whole: Built, ctx: DocContext, rules: ClaimRules, zh: boolean, build: (sp: Span) => Built | null): Built[] {
  const ps = pieces(ctx, whole.start, whole.end, zh);
  if (ps.length < 2) return [whole];
  for (const p of ps) p.text = plainText(ctx.doc.text.slice(p.start, p.end));
  const minLen = (t: string) => (zh ? t.length >= 6 : t.split(/\s+/).length >= 4);
  const strong = ps.map((p) => {
    if (!minLen(p.text) || (FRAME.test(p.text) && (zh ? p.text.length <= 20 : p.text.split(/\s+/).length <= 6))) return false;
    const lx = lex(p.text, rules);
    return !!lx && CLAUSE_GROUPS.some((g) => lx.groups.has(g));
  });
  if (strong.filter(Boolean).length < 2) return [whole];
  // Group: every segment holds one strong piece; weak pieces join the next strong piece when they come
  // before it (conditions: "INT4 量化下，"), otherwise the previous one.
  const groups: Array<{ start: number; end: number; kind?: ClaimKind; subject?: string }> = [];
  let pendingStart = -1;
  ps.forEach((p, i) => {
    if (strong[i]) {
      groups.push({ start: pendingStart >= 0 ? pendingStart : p.start, end: p.end });
      pendingStart = -1;
    } else if (groups.length && !strong.slice(i + 1).some(Boolean)) {
      groups[groups.length - 1].end = p.end;
    } else if (pendingStart < 0) pendingStart = p.start;
  });
  // What each group claims (kind) and about which model, without building full candidates.
  for (const g of groups) {
    const text = plainText(ctx.doc.text.slice(g.start, g.end));
    const lx = lex(text, rules);
    const models = findModels(text, rules);
    g.kind = lx ? kindOf({ groups: new Set(lx.groups.keys()), topics: lx.topics, models }, rules) : 'other';
    const own = models.find((m) => relation(m, ctx.subject) !== 'other');
    g.subject = own ? `${own.family}|${own.version}|${own.name}` : '';
  }
  // Merge neighbours that make the same kind of claim about the same model: one claim, one quote.
  const merged: typeof groups = [];
  for (const g of groups) {
    const last = merged[merged.length - 1];
    if (last && last.kind === g.kind && (last.subject === g.subject || !g.subject || !last.subject)) {
      last.end = g.end;
      if (!last.subject) last.subject = g.subject;
      continue;
    }
    merged.push({ ...g });
  }
  if (merged.length < 2) return [whole];
  merged[0].start = whole.start;
  merged[merged.length - 1].end = whole.end;
  const out = merged.map((g) => build({ start: g.start, end: g.end, text: '' })).filter((x): x is Built => !!x);
  if (out.length < 2) return [whole];
  for (const m of out) m.features.clause = 1;
  return out;
}

const SPEC_LINE = /^[^:：。.!?]{1,40}[:：]\s*\S/u;
/** Cue groups that make a sentence claim something (not only state a quantity). */
const ASSERTING_GROUPS = ['superlative', 'comparative', 'parity', 'improvement', 'change', 'evaluative', 'multiplier', 'achieve', 'hype'];

export function findCandidates(ctx: DocContext, rules: ClaimRules): Candidate[] {
  const out: Candidate[] = [];
  const docLen = Math.max(1, ctx.doc.text.length);
  const subject = ctx.subject;
  let order = 0;
  // A section whose heading names another model and not the subject ("ChatGLM2-6B" in ChatGLM-6B's card).
  const otherCache = new Map<string[], boolean>();
  const otherSection = (path: string[]): boolean => {
    let v = otherCache.get(path);
    if (v === undefined) {
      const rels = path.flatMap((h) => findModels(h, rules).map((m) => relation(m, subject)));
      v = rels.includes('other') && !rels.includes('own');
      otherCache.set(path, v);
    }
    return v;
  };
  let lastPath: string[] | null = null;
  let secCount = 0;
  // Discourse topic: which model the running text is about (a list under "Released ChatGLM2-6B:" is
  // about ChatGLM2-6B even where an item names no model). Bare family words ("Qwen") do not change it.
  let topic: 'own' | 'other' | null = null;
  let sentenceModels: ModelKeyFull[] = [];
  const updateTopic = (s: Sentence): void => {
    if (s.kind === 'heading') {
      const depth = /^#+/.exec(s.raw)?.[0].length ?? 2;
      if (depth <= 2) topic = null;
    }
    const text = s.text;
    const all = scanModels(text, rules.models);
    sentenceModels = all.map((m) => modelKey(m.name));
    const ms = all.filter((_m, i) => !sentenceModels[i].bare);
    if (sentenceModels.some((k) => !k.bare && relation(k, subject) === 'own') || (PRONOUN_SUBJECT.test(text) && !ms.length)) { topic = 'own'; return; }
    if (!ms.length) return;
    // Another model as the subject of the sentence (not as its baseline: "than X", "compared with X").
    const m = ms[0];
    const before = text.slice(Math.max(0, m.start - 30), m.start);
    // A date prefix ("[2023/06/25] 发布 X") does not push the subject further into the sentence.
    const lead = DATE_PREFIX.exec(text)?.[0].length ?? 0;
    if (m.start - lead < (s.lang === 'zh' ? 12 : 40) && !BASELINE_CUE.test(before)) topic = 'other';
  };
  for (const s of ctx.sentences) {
    if (s.kind !== 'prose' && s.kind !== 'list' && s.kind !== 'heading' && s.kind !== 'quote' && s.kind !== 'html') continue;
    if (ctx.tableOf[s.i] >= 0) continue;
    // Headings and lead-ins ("Released ChatGLM2-6B, with these features:") set the topic; so do the
    // candidates below (their models are needed anyway). Other sentences are not scanned for models.
    const leadIn = s.kind === 'heading' || endsWithOneOf(s.text, ':：') || DATE_PREFIX.test(s.raw);
    if (leadIn) updateTopic(s);
    if (s.kind === 'html' && !htmlLineIsText(s)) continue;
    // Figure and table captions describe evidence; they are not claims.
    if (CAPTION.test(s.text)) continue;
    // A sentence that gives command-line options tells the reader how to run the model; it claims nothing.
    if (s.text.includes('--') && CLI_OPTION.test(s.text)) continue;
    const zh = isChinese(s);
    if (zh ? s.text.length < 8 : s.text.length < 16 || !/\S\s+\S+\s+\S/.test(s.text)) continue;
    // Mostly a link list or an image caption.
    const bare = hasLinkOrBar(s.text) ? s.text.replace(/https?:\/\/\S+/g, '').replace(/[|•·]/g, ' ') : s.text;
    if (bare.trim().length < (zh ? 6 : 12)) continue;
    const [qa, qb] = quoteSpan(ctx, s);
    const sentenceText = qa === s.start && qb === s.end ? s.text : plainText(ctx.doc.text.slice(qa, qb));
    const gate = lex(sentenceText, rules, CLAIM_GATE);
    if (!gate) continue;
    if (s.kind === 'heading' && !HEADING_GROUPS.some((g) => gate.groups.has(g))) continue;
    if (!leadIn) updateTopic(s);
    const myOrder = order++;
    const pathKey = ctx.paths[s.i];
    const secOrder = lastPath === pathKey ? ++secCount : (secCount = 0);
    lastPath = pathKey;

    const build = (sp: Span): Built | null => {
      let a = sp.start;
      let text = sp.text || plainText(ctx.doc.text.slice(sp.start, sp.end));
      const lj = LEADING_JOINER.exec(ctx.doc.text.slice(a, sp.end));
      if (lj && a !== qa) { a += lj[0].length; text = plainText(ctx.doc.text.slice(a, sp.end)); }
      const lx = a === qa && sp.end === qb ? gate : lex(text, rules);
      if (!lx) return null;
      const groups = new Set(lx.groups.keys());
      const models = text === s.text ? sentenceModels : findModels(text, rules);
      const benchmarks = lx.benchmarks;
      // A dictionary-mode object from the start: candidates have different sparse feature sets.
      const f: Record<string, number> = Object.create(null) as Record<string, number>;
      f.bias = 1;
      for (const g of groups) f[groupFeature(g)] = 1;
      f.n_strong = Math.min(3, STRONG_GROUPS.filter((g) => groups.has(g)).length);
      f.n_cues = Math.min(6, [...lx.groups.values()].reduce((x, y) => x + y, 0)) / 6;
      for (const k of lx.topics.keys()) f[topicFeature(k)] = 1;
      const rels = relations(models, subject);
      if (rels.own) f.own_model = 1;
      if (rels.other) f.other_model = 1;
      if (rels.family) f.family_model = 1;
      if (rels.other && !rels.own) f.only_other = 1;
      if (topic === 'other' && !rels.own) f.topic_other = 1;
      // Only other models, in a passage about another model: a claim about someone else's model.
      if (f.topic_other && f.only_other) f.about_other = 1;
      const firstRel = rels.first;
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
      f.order = Math.log1p(myOrder) / 4;
      const path = ctx.paths[s.i];
      if (!path.length) f.sec_none = 1;
      else {
        const pf = pathFlags(path, rules);
        if (pf.headline) f.sec_headline = 1;
        if (pf.evaluation) f.sec_eval = 1;
        if (pf.skip) f.sec_skip = 1;
        if (otherSection(path)) f.sec_other = 1;
      }
      if (s.kind === 'list') f.k_list = 1;
      if (s.kind === 'heading') f.k_heading = 1;
      if (s.kind === 'html') f.k_html = 1;
      if (s.kind === 'quote') f.k_quote = 1;
      const len = zh ? text.length * 2.5 : text.length;
      if (len < 50) f.len_short = 1;
      if (len > 280) f.len_long = 1;
      const raw = ctx.doc.text.slice(a, sp.end);
      if (/\*\*|__|<strong>|<b>/.test(raw)) f.bold = 1;
      if (URLISH.test(raw)) f.link = 1;
      if (endsWithOneOf(text, '?？')) f.question = 1;
      if (endsWithOneOf(text, ':：')) f.colon_end = 1;
      if (DATE_PREFIX.test(s.raw)) f.date_prefix = 1;
      // A specification line ("Context length: 8,192 tokens", "参数量：70 亿") states a value and claims nothing.
      if (SPEC_LINE.test(text) && !ASSERTING_GROUPS.some((g) => groups.has(g))) f.spec_line = 1;
      if (zh) f.zh = 1;
      const nums = text.match(/\d+(?:\.\d+)?/g)?.length ?? 0;
      if (nums >= 5 && nums / Math.max(1, text.split(/\s+/).length) > 0.25) f.tabular = 1;
      if (/^["“「『]/.test(text)) f.quoted = 1;
      if (benchmarks.length && findBenchmarks(text.slice(0, zh ? 14 : 28), rules).length) f.subj_bench = 1;
      for (let k = Math.max(0, s.i - 3); k <= Math.min(ctx.sentences.length - 1, s.i + 3); k++) {
        if (ctx.tableOf[k] >= 0 && ctx.paths[k] === ctx.paths[s.i]) { f.near_table = 1; break; }
      }
      f.sec_order = Math.log1p(secOrder) / 3;
      const prev = ctx.sentences[s.i - 1];
      if (!prev || prev.block !== s.block) f.lead = 1;
      if (prev && prev.kind === 'heading') f.after_heading = 1;
      if ((f.subj_own || f.subj_pron) && f.n_strong) f.own_strong = 1;
      if (f.k_heading && f.n_strong) f.heading_strong = 1;
      if (f.sec_headline && f.n_strong) f.headline_strong = 1;
      const kind = kindOf({ groups, topics: lx.topics, models }, rules);
      const own = models.find((m) => relation(m, subject) !== 'other');
      const subjectKey = own ? `${own.family}|${own.version}|${own.name}` : '';
      // Domain words inside model names ("Qwen-7B-Chat", "DeepSeek-Math-7B") do not make a domain claim.
      let domains = lx.domains;
      if (domains.length && models.length) {
        let masked = text;
        for (const m of models) masked = masked.split(m.name).join(' ');
        if (masked !== text) domains = lex(masked, rules)?.domains ?? [];
      }
      return { s, start: a, end: sp.end, text, groups, cueKinds: lx.cueKinds, topics: lx.topics, domains, models, benchmarks, features: f, score: 0, kind, subjectKey };
    };

    const whole = build({ start: qa, end: qb, text: sentenceText });
    if (!whole) continue;
    out.push(...(s.kind === 'heading' ? [whole] : splitClaims(whole, ctx, rules, zh, build)));
  }
  for (const c of out) c.score = scoreOf(c.features, rules);
  return out;
}

export function scoreOf(f: Record<string, number>, rules: ClaimRules): number {
  let z = 0;
  const w = rules.scoring.weights;
  for (const k in f) z += (w[k] ?? 0) * f[k];
  return z;
}

/**
 * How many claims a document may have: grows with the number of candidates (a long document with many
 * claim-like sentences still gets at most `maxClaims`), at least `minClaims`.
 */
export function claimBudget(nCandidates: number, rules: ClaimRules): number {
  const { maxClaims, minClaims, perSqrtCandidate } = rules.scoring;
  return Math.max(Math.min(minClaims, nCandidates), Math.min(maxClaims, Math.round(perSqrtCandidate * Math.sqrt(nCandidates))));
}

function dedupeKey(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9\u3400-\u9fff]+/g, '');
}

/**
 * Keep the headline candidates: above the threshold, best first, within the budget, without repeats
 * (the same sentence twice, e.g. in a news list and again in the body); then document order.
 */
export function selectHeadline(cands: Candidate[], rules: ClaimRules, paths?: string[][]): Candidate[] {
  const budget = claimBudget(cands.length, rules);
  const penalty = rules.scoring.sectionPenalty ?? 0;
  const kept: Candidate[] = [];
  const keys: string[] = [];
  const byScore = (a: Candidate, b: Candidate) => b.score - a.score || a.start - b.start;
  // Only candidates at or above the threshold can be kept (the section discount never raises a score).
  const eligible = cands.filter((c) => c.score >= rules.scoring.threshold).sort(byScore);
  const accept = (c: Candidate): boolean => {
    const k = dedupeKey(c.text);
    if (keys.some((x) => x === k || (k.length > 20 && x.includes(k)) || (x.length > 20 && k.includes(x)))) return false;
    kept.push(c);
    keys.push(k);
    return true;
  };
  if (!penalty) {
    for (const c of eligible) {
      if (kept.length >= budget) break;
      accept(c);
    }
    return kept.sort((a, b) => a.start - b.start);
  }
  // Each section's later picks are discounted (claims spread over the document). Within a section the
  // discount is the same for all, so only each section's best remaining candidate competes: a heap of
  // section heads keyed by discounted score (ties: earlier in the document), O(n log sections).
  const sections = new Map<string, { queue: Candidate[]; at: number; picked: number }>();
  for (const c of eligible) {
    const key = paths ? (paths[c.s.i] ?? []).slice(0, 2).join('\u0000') : '';
    let s = sections.get(key);
    if (!s) sections.set(key, (s = { queue: [], at: 0, picked: 0 }));
    s.queue.push(c);
  }
  type Head = { adj: number; c: Candidate; s: { queue: Candidate[]; at: number; picked: number } };
  const better = (a: Head, b: Head) => a.adj > b.adj || (a.adj === b.adj && a.c.start < b.c.start);
  const heap: Head[] = [];
  const push = (h: Head) => {
    heap.push(h);
    for (let i = heap.length - 1; i > 0; ) {
      const p = (i - 1) >> 1;
      if (!better(heap[i], heap[p])) break;
      [heap[i], heap[p]] = [heap[p], heap[i]];
      i = p;
    }
  };
  const pop = (): Head => {
    const top = heap[0];
    const last = heap.pop() as Head;
    if (heap.length) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < heap.length && better(heap[l], heap[m])) m = l;
        if (r < heap.length && better(heap[r], heap[m])) m = r;
        if (m === i) break;
        [heap[i], heap[m]] = [heap[m], heap[i]];
        i = m;
      }
    }
    return top;
  };
  for (const s of sections.values()) push({ adj: s.queue[0].score, c: s.queue[0], s });
  while (kept.length < budget && heap.length) {
    const { c, s } = pop();
    s.at++;
    if (accept(c)) s.picked++;
    if (s.at < s.queue.length) {
      const n = s.queue[s.at];
      push({ adj: n.score - penalty * s.picked, c: n, s });
    }
  }
  return kept.sort((a, b) => a.start - b.start);
}
