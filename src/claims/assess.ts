/**
 * Claim assessment: kind, subject model, the four flags (benchmark named, baseline named, numbers given,
 * setup given), the per-kind setup checklist, the verdict, and the related location (the table or
 * section that backs the claim).
 *
 * The document itself is the only evidence: a table counts when it holds numbers for the subject model
 * (numbers about competitors only do not substantiate the subject), a chart image or "see the paper" does
 * not count, and a relative claim ("30% better", "2x faster") without its referent is not numbers given.
 */
import type { Claim, ClaimKind, Sentence } from '../types.js';
import type { ClaimRules, SetupItem } from './rules.js';
import type { Candidate } from './detect.js';
import { type DocContext, type TableInfo, findBenchmarks, lineOf, relation } from './context.js';
import { kindOf } from './kind.js';

const COMPARATIVE_GROUPS = ['superlative', 'comparative', 'parity'];

/** Words that name a referent without a model name ("its predecessor", "the first generation", "初代"). */
const REFERENT = /\bpredecessors?\b|\bprevious (?:\w+ )?(?:models?|versions?|generation)\b|\bfirst[- ]generation\b|\bearlier (?:models?|versions?)\b|\bprior (?:models?|versions?)\b|\bbaseline models?\b|\bhalf[- ]precision\b|\bbfloat16\b|\bfp16\b|\bwithout (?:safeguards|quantization)\b|\bfrom scratch\b|初代|前代|上一代|上代|半精度|基线|bfloat16/i;

/** A number that is a delta or ratio rather than a measurement ("by 42%", "2x", "65% less", "提升了 42%"). */
const RELATIVE_BEFORE = /(?:\bby|\bup|\bdown|increas\w*|decreas\w*|reduc\w*|sav\w*|boost\w*|improv\w*|cut\w*|\+|↑|↓|提升了?|提高了?|降低了?|减少了?|增加了?|节省了?|加速|提速|约|高达|达到)\s*(?:over |about |around |approximately |roughly |nearly |almost |up to |to |了\s*)?$/i;
const RELATIVE_AFTER = /^\s*(?:%\s*)?(?:less|more|fewer|faster|slower|better|worse|lower|higher|cheaper|smaller|larger|decrease|increase|improvement|speed-?up|reduction|gain|of the (?:flops|cost|compute|parameters|tokens|training)|的(?:提速|提升|加速|降低)|提升|加速|降低|减少)/i;
const NUMBER = /(?<![\w.])(\d+(?:[.,]\d+)*)\s?(%|[x×](?![a-z])|times\b|倍|[KMBT]\b|k\b|GB\b|G\b|tokens?\b|TFLOPS\b|分|个百分点)?/g;

export interface NumberFacts {
  absolute: number;
  relative: number;
}

export function sentenceNumbers(text: string): NumberFacts {
  let absolute = 0;
  let relative = 0;
  NUMBER.lastIndex = 0;
  for (const m of text.matchAll(NUMBER)) {
    const raw = m[1];
    const unit = (m[2] ?? '').toLowerCase();
    const at = m.index ?? 0;
    const before = text.slice(Math.max(0, at - 24), at);
    const after = text.slice(at + m[0].length, at + m[0].length + 30);
    // Years, dates, versions and list numbering are not measurements.
    if (/^(?:19|20)\d\d$/.test(raw) && !unit) continue;
    if (/[-/.]$/.test(before) && !unit) continue;
    if (/^[-.]\d/.test(after)) continue;
    if (!unit && /^\d$/.test(raw) && !/^\s*(?:of|out of|\/)\s*\d/.test(after)) {
      // Bare single digits are counts ("3 of the 4", "two") or model versions, not scores.
      if (!/(?:score|scored|accuracy|of)\s*$/i.test(before)) continue;
    }
    if (/[A-Za-z]-?$/.test(before) && !/\s$/.test(before)) continue; // part of a name: GPT-4, Qwen2
    if (unit === 'x' || unit === '×' || unit === 'times' || unit === '倍') { relative++; continue; }
    if (RELATIVE_BEFORE.test(before) || RELATIVE_AFTER.test(after)) { relative++; continue; }
    absolute++;
  }
  return { absolute, relative };
}

interface Related {
  table?: TableInfo;
  /** Prose sentences in the claim's section that carry numbers (backing in text). */
  prose: Sentence[];
}

function samePath(pa: string[], pb: string[]): boolean {
  if (pa.length !== pb.length) return false;
  for (let i = 0; i < pa.length; i++) if (pa[i] !== pb[i]) return false;
  return true;
}

function isPrefix(prefix: string[], path: string[]): boolean {
  if (prefix.length > path.length) return false;
  for (let i = 0; i < prefix.length; i++) if (prefix[i] !== path[i]) return false;
  return true;
}

function findRelated(c: Candidate, kind: ClaimKind, ctx: DocContext, rules: ClaimRules): Related {
  const s = c.s;
  const docLen = Math.max(1, ctx.doc.text.length);
  const claimBench = new Set(c.benchmarks);
  const claimOthers = new Set(c.models.filter((m) => relation(m, ctx.subject) === 'other').map((m) => `${m.family}|${m.version}`));
  let best: TableInfo | undefined;
  let bestScore = 0;
  for (const t of ctx.tables) {
    if (t.numbers < 2) continue;
    let sc = 0;
    const tPath = t.headingPath;
    const sPath = ctx.paths[s.i];
    if (sPath.length && samePath(sPath, tPath)) sc += 3;
    else if (sPath.length && isPrefix(sPath, tPath)) sc += 2;
    else if (sPath.length > 1 && isPrefix(sPath.slice(0, -1), tPath)) sc += 1;
    let benchHit = 0;
    for (const b of claimBench) if (t.benchmarks.has(b)) benchHit++;
    if (benchHit) sc += 3 + Math.min(2, benchHit - 1);
    for (const o of claimOthers) if (t.others.includes(o)) { sc += 2; break; }
    if ((kind === 'speed' || kind === 'cost' || kind === 'efficiency' || kind === 'safety') && (t.topics.get(kind) ?? 0) > 0) sc += 2;
    if (t.own) sc += 1;
    if (t.benchmarks.size && (kind === 'performance' || kind === 'superiority')) sc += 1;
    const dist = Math.abs(t.start - c.start) / docLen;
    sc -= dist * 2;
    if (t.start > c.start) sc += 0.3; // tables usually follow the claim they back
    if (sc > bestScore) { bestScore = sc; best = t; }
  }
  const prose: Sentence[] = [];
  const from = Math.max(0, s.i - 8);
  const to = Math.min(ctx.sentences.length, s.i + 9);
  for (let i = from; i < to; i++) {
    const x = ctx.sentences[i];
    if (i === s.i || x.kind === 'code' || x.kind === 'heading' || ctx.tableOf[i] >= 0) continue;
    if (!samePath(ctx.paths[x.i], ctx.paths[s.i])) continue;
    if (sentenceNumbers(x.text).absolute >= 1) prose.push(x);
  }
  return { table: bestScore >= 3 ? best : undefined, prose };
}

function setupCheck(kind: ClaimKind, context: string, hasBenchmark: boolean, hasOther: boolean, rules: ClaimRules): { found: string[]; missing: string[] } {
  const items: SetupItem[] = rules.setup[kind] ?? [];
  const found: string[] = [];
  const missing: string[] = [];
  for (const it of items) {
    const ok = (it.benchmark && hasBenchmark) || (it.model && hasOther) || (it.re ? it.re.test(context) : false);
    (ok ? found : missing).push(it.id);
  }
  return { found, missing };
}

export function assess(c: Candidate, ctx: DocContext, rules: ClaimRules): Claim {
  const kind = kindOf(c, rules);
  const subjectRel = c.models.map((m) => relation(m, ctx.subject));
  const ownIdx = subjectRel.indexOf('own');
  let subject: string | undefined;
  if (ownIdx >= 0) subject = c.models[ownIdx].name;
  else if (c.features.subj_pron && ctx.subject) subject = ctx.subject.name;
  else if (c.models.length && subjectRel[0] === 'family') subject = c.models[0].name;
  else if (ctx.subject && !c.features.subj_other) subject = ctx.subject.name;
  else if (c.models.length) subject = c.models[0].name;
  const aboutOther = !!c.features.subj_other && ownIdx < 0;

  const comparative = COMPARATIVE_GROUPS.some((g) => c.groups.has(g)) || /\bthan\b|\bcompared (?:to|with)\b|\bvs\.?\b|\bover\s+(?:[A-Z]|its|our)|相比|相较|对比|比\S{0,12}(?:更|高|快|强|好)/u.test(c.text);
  const otherInClaim = subjectRel.some((r) => r === 'other');
  const rel = findRelated(c, kind, ctx, rules);
  const t = rel.table;

  const benchmarkNamed = c.benchmarks.length > 0 || (!!t && t.benchmarks.size > 0);
  const baselineNamed = otherInClaim || REFERENT.test(c.text) || (!!t && t.others.length > 0 && (comparative || kind === 'performance'));
  const nums = sentenceNumbers(c.text);
  // Numbers in the claim itself back it when they are measurements of the subject, not only deltas;
  // a comparison needs both sides (two measurements) unless a table gives them.
  const ownNumbers = !aboutOther && (comparative || kind === 'superiority' ? nums.absolute >= 2 : nums.absolute >= 1);
  const tableNumbers = !!t && t.own && t.numbers >= 2;
  const numbersGiven = ownNumbers || tableNumbers;

  // Setup: the claim, its table and the notes around it, and the numeric prose of its section.
  const parts: string[] = [c.text];
  if (t) {
    parts.push(t.text, ...t.headingPath);
    for (let i = Math.max(0, t.before - 2); i <= Math.min(ctx.sentences.length - 1, t.after + 3); i++) {
      if (ctx.tableOf[i] < 0) parts.push(ctx.sentences[i].text);
    }
  }
  for (const x of rel.prose) parts.push(x.text);
  const context = parts.join('\n');
  const hasOther = otherInClaim || (!!t && t.others.length > 0) || REFERENT.test(c.text);
  const hasBench = benchmarkNamed || findBenchmarks(rel.prose.map((x) => x.text).join(' '), rules).length > 0;
  const { found, missing } = setupCheck(kind, context, hasBench, hasOther, rules);
  const total = found.length + missing.length;
  const setupGiven = total > 0 && found.length / total >= rules.setupQuorum;

  let verdict: Claim['verdict'];
  const needsBench = kind === 'performance' || kind === 'superiority' || kind === 'safety';
  if (!numbersGiven) verdict = 'unsubstantiated';
  else if (setupGiven && (benchmarkNamed || !needsBench) && (baselineNamed || !comparative)) verdict = 'substantiated';
  else verdict = 'partly';

  let related: Claim['related'] = null;
  if (t) {
    const q = ctx.doc.text.slice(t.headerRaw.start, t.headerRaw.end).trim();
    related = { start: t.start, end: t.end, quote: q, line: lineOf(ctx, t.start).line };
  } else if (rel.prose.length && numbersGiven) {
    const x = rel.prose[0];
    related = { start: x.start, end: x.end, quote: x.raw, line: lineOf(ctx, x.start).line };
  }

  const { line, column } = lineOf(ctx, c.start);
  return {
    quote: ctx.doc.text.slice(c.start, c.end),
    start: c.start,
    end: c.end,
    line,
    column,
    kind,
    ...(subject ? { subject } : {}),
    benchmarkNamed,
    baselineNamed,
    numbersGiven,
    setupGiven,
    verdict,
    setupFound: found,
    setupMissing: missing,
    related,
  };
}
