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
import { type ClaimRules, type SetupItem, lex } from './rules.js';
import type { Candidate } from './detect.js';
import { type DocContext, type TableInfo, findBenchmarks, findModels, lineOf, relation } from './context.js';
import { kindOf } from './kind.js';
import { analyseNumbers, anyMeasured, measuredFor } from './numbers.js';
import { scanModels } from './models.js';

/** Words that name a referent without a model name ("its predecessor", "the first generation", "初代"). */

/** Claim language that names or implies its referent: "than", "compared with", "outperforms", "on par with", "the best". */
const RELATIVE_REFERENT_GROUPS = ['comparison', 'comparative', 'parity', 'superlative'];

/** A bound on a number ("more than 98.4%", "less than 5%"), not a comparison with a baseline. */
const BOUND = /\b(?:more|less|fewer|greater|higher|lower|better|worse)\s+than\s+(?:about\s+|approximately\s+|roughly\s+|~\s*)?(?=\d)|(?:超过|高于|低于|多于|少于|不足|不到)\s*(?:约\s*)?(?=\d)/giu;


/** A model name compared without case, spaces, hyphens or underscores ("Yi-34B" = "yi 34b"). */
const nameKey = (n: string) => n.toLowerCase().replace(/[\s_-]+/g, '');

/** Model mentions joined to the subject by a conjunction, before any claim verb: co-subjects. */
function coSubjectsOf(text: string, subjectKey: string, rules: ClaimRules): Set<string> {
  const out = new Set<string>();
  const ms = scanModels(text, rules.models);
  for (let i = 0; i + 1 < ms.length; i++) {
    const a = ms[i];
    const b = ms[i + 1];
    if (!rules.conjunction.test(text.slice(a.end, b.start).replace(/\*+/g, ''))) continue;
    // "compared with A, B ...": A is the baseline.
    if (rules.comparedBefore.test(text.slice(Math.max(0, a.start - 20), a.start))) continue;
    if (nameKey(a.name) === subjectKey) out.add(b.name);
    else if (nameKey(b.name) === subjectKey) out.add(a.name);
  }
  return out;
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

const EFFICIENCY_TABLE = /memory|\bGB\b|\bGiB\b|显存|内存|throughput|tokens?\/s|speed|latency|速度|吞吐|延迟|quantiz|量化|\bint[48]\b|\bbf16\b|\bfp16\b|flops|utili[sz]ation|利用率|compression|压缩/i;

/** Whether a table holds the kind of numbers a claim of this kind needs. */
function tableFits(t: TableInfo, kind: ClaimKind): boolean {
  switch (kind) {
    case 'performance':
    case 'superiority':
      return t.scores;
    case 'speed':
      return (t.topics.get('speed') ?? 0) > 0;
    case 'efficiency':
      return EFFICIENCY_TABLE.test(`${t.headingPath.slice(-1)[0] ?? ''} ${t.rows[0] ?? ''}`) || t.scores;
    case 'cost':
      return (t.topics.get('cost') ?? 0) > 0;
    case 'safety':
      return (t.topics.get('safety') ?? 0) > 0 || (t.scores && t.benchmarks.size > 0);
    default:
      return true;
  }
}

/**
 * The table that backs a claim: it must hold numbers of the kind the claim needs and numbers for the
 * subject model (a table of competitors only does not count); a claim naming benchmarks needs one of
 * them, a claim naming a domain ("coding") a table of that domain, a comparison a table that also
 * holds the baseline. Among those, the nearest one in the document's structure.
 */
function findRelated(c: Candidate, kind: ClaimKind, ctx: DocContext, comparative: boolean, ownMeasured: boolean, rules: ClaimRules): Related {
  const s = c.s;
  const claimBench = new Set(c.benchmarks);
  const claimDomains = new Set(c.domains);
  const claimOthers = new Set(c.models.filter((m) => relation(m, ctx.subject) === 'other').map((m) => `${m.family}|${m.version}`));
  const scoreKind = kind === 'performance' || kind === 'superiority' || kind === 'safety';
  // "The first open model to...", "the longest context among...": no score table backs novelty or extent.
  // A claim that beats or matches named models ("surpasses Llama-3-70B and Qwen1.5's largest model") is a
  // score comparison, whatever superlative describes a baseline.
  const namedComparison = claimOthers.size > 0 && (c.groups.has('comparative') || c.groups.has('parity'));
  const unscored = scoreKind && !claimBench.size && !c.groups.has('score') && !namedComparison && rules.unscored.test(c.text);
  // "Significantly improved coding", "better tool use": an improvement with no referent (no model, no
  // "compared with", no predecessor) and no numbers of its own. Improved over what is not said, so no
  // table can back it (a table of scores says how good the model is, not what it improved on).
  const referent = rules.referent.test(c.text);
  const unreferenced = scoreKind && !claimBench.size && !claimOthers.size && c.groups.has('improvement')
    && !RELATIVE_REFERENT_GROUPS.some((g) => c.groups.has(g)) && !referent && !ownMeasured;
  const needsBaseline = kind === 'superiority' || (comparative && scoreKind);
  let best: TableInfo | undefined;
  let bestScore = -Infinity;
  // The nearest table with benchmark names, for a general claim (see below).
  let bestBench: TableInfo | undefined;
  // Whether the table holds the baseline the claim names (then it backs the claim wherever it is).
  let namedHit = false;
  let bestNamed = false;
  let bestBenchScore = -Infinity;
  const sPath = ctx.paths[s.i];
  for (const t of ctx.tables) {
    if (unscored || unreferenced) break;
    if (t.numbers < 2 || !t.own || !tableFits(t, kind)) continue;
    let sc = 0;
    if (claimBench.size) {
      let hit = 0;
      for (const b of claimBench) if (t.benchmarks.has(b)) hit++;
      if (!hit) continue;
      sc += 3;
    } else if (scoreKind && claimDomains.size) {
      let hit = 0;
      for (const d of claimDomains) if (t.domains.has(d)) hit++;
      if (hit) sc += 2;
      else if (t.domains.size) continue;
    }
    if (needsBaseline) {
      if (claimOthers.size) {
        let hit = 0;
        for (const o of claimOthers) if (t.others.includes(o)) hit++;
        // A claim that names its baseline needs that baseline's numbers, not some other model's.
        if (!hit) continue;
        sc += 2;
        namedHit = true;
      } else if (!t.others.length) continue;
      // "Outperforms open models of its size" with no model named: a table of the subject's own earlier
      // versions does not hold that referent (the predecessor must be named or referred to).
      else if (!referent && !t.others.some((o) => !o.startsWith(`${ctx.subject?.family ?? ''}|`))) continue;
    }
    const tPath = t.headingPath;
    let prox = 0;
    if (sPath.length && samePath(sPath, tPath)) prox = 3;
    else if (sPath.length && isPrefix(sPath, tPath)) prox = 2;
    else if (sPath.length > 1 && isPrefix(sPath.slice(0, -1), tPath)) prox = 1;
    if (!scoreKind && prox === 0 && !claimBench.size) continue; // speed, memory, cost: the table beside the claim
    sc += prox - Math.min(1, Math.abs(t.start - c.start) / 30000) * 2 + (t.start > c.start ? 0.3 : 0);
    if (sc > bestScore) { bestScore = sc; best = t; bestNamed = namedHit; }
    namedHit = false;
    if (t.benchmarks.size > 0 && sc > bestBenchScore) { bestBenchScore = sc; bestBench = t; }
  }
  const prose: Sentence[] = [];
  const from = Math.max(0, s.i - 8);
  const to = Math.min(ctx.sentences.length, s.i + 9);
  for (let i = from; i < to; i++) {
    const x = ctx.sentences[i];
    if (i === s.i || x.kind === 'code' || x.kind === 'heading' || ctx.tableOf[i] >= 0) continue;
    if (!samePath(ctx.paths[x.i], ctx.paths[s.i])) continue;
    if (anyMeasured(analyseNumbers(x.text, [], rules.numberContext)) >= 1) prose.push(x);
  }
  // Near enough, or matching the claim's benchmarks or baseline. A general claim about benchmark
  // performance ("strong performance on a series of benchmarks", "outperforms open models of similar
  // size") is backed by the document's evaluation tables wherever they are ("the first open model
  // to...", "the longest context" are not benchmark claims).
  const general = !claimBench.size && !claimOthers.size && scoreKind && (kind === 'superiority' || c.groups.has('capability') || c.groups.has('score') || claimDomains.size > 0);
  let table = best && (bestScore >= 2 || bestNamed) ? best : undefined;
  if (!table && general && bestBench) table = bestBench;
  return { table, prose };
}

function setupCheck(kind: ClaimKind, context: string, hasBenchmark: boolean, hasOther: boolean, groups: Set<string>, rules: ClaimRules): { found: string[]; missing: string[] } {
  const items: SetupItem[] = rules.setup[kind] ?? [];
  const found: string[] = [];
  const missing: string[] = [];
  for (const it of items) {
    if (it.when && !it.when.some((g) => groups.has(g))) continue;
    const ok = (it.benchmark && hasBenchmark) || (it.model && hasOther) || (it.re ? it.re.test(context) : false);
    (ok ? found : missing).push(it.id);
  }
  return { found, missing };
}

/**
 * Assess one candidate: kind, subject, the four flags, the setup checklist, the verdict and the related
 * location.
 *
 * Verdict: numbers given and the setup given (with the benchmark and the baseline named where the kind
 * needs them) → substantiated; numbers given otherwise → partly; no numbers → unsubstantiated, except a
 * score claim that names both what it was measured on and against (a leaderboard rank: partly) and a
 * speed, cost or efficiency claim that states its setup and its baseline ("3x the speed of X on one A100
 * at 32K tokens": partly).
 */
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

  // A comparison needs numbers for both sides; a superlative needs the others' numbers too.
  // "more than 98%" / "超过 98%" bounds a number; it compares with nothing.
  BOUND.lastIndex = 0;
  const groups = BOUND.test(c.text) ? new Set(lex(c.text.replace(BOUND, ' '), rules)?.groups.keys() ?? []) : c.groups;
  const comparative = ['comparative', 'parity', 'comparison'].some((g) => groups.has(g)) || /相比|相较|对比|比\S{0,12}(?:更|高|快|强|好)/u.test(c.text);
  const twoSided = comparative || kind === 'superiority';
  // A baseline is another model named in the claim's sentence: another family or version, or a sibling
  // of the subject under another name ("Orca-7B is 2x faster than Orca-3B").
  const sentenceModels = c.features.clause ? findModels(c.s.text, rules) : c.models;
  const subjectKey = subject ? nameKey(subject) : '';
  // A sibling joined to the subject by "and" ("Yi-34B and Yi-34B-200K stand out", "A 和 B 均超越") is a
  // second subject, not a baseline.
  const coSubjects = subjectKey && sentenceModels.length > 1 ? coSubjectsOf(c.features.clause ? c.s.text : c.text, subjectKey, rules) : new Set<string>();
  const otherInClaim = sentenceModels.some((m) => !m.bare && (relation(m, ctx.subject) === 'other' || (!!subjectKey && nameKey(m.name) !== subjectKey && !coSubjects.has(m.name))));
  const facts = analyseNumbers(c.text, scanModels(c.text, rules.models), rules.numberContext);
  const measured = measuredFor(kind, facts);
  const rel = findRelated(c, kind, ctx, comparative, measured >= 1, rules);
  const t = rel.table;

  // Benchmarks named anywhere in the claim's sentence count for each of its clauses.
  const sentenceBench = c.features.clause ? lex(c.s.text, rules)?.benchmarks ?? [] : c.benchmarks;
  const benchmarkNamed = sentenceBench.length > 0 || c.benchmarks.length > 0 || (!!t && t.benchmarks.size > 0);
  // A quantization table's full-precision row (BF16, FP16) is the baseline of an efficiency claim.
  const precisionRow = kind === 'efficiency' && !!t && rules.referent.test(t.rows.slice(0, 40).map((r) => r.split('|').slice(0, 3).join(' ')).join('\n'));
  // A referent named without a model name ("than its predecessor").
  const referentInClaim = rules.referent.test(c.text);
  const baselineNamed = otherInClaim || referentInClaim || precisionRow || (!!t && t.others.length > 0 && (comparative || kind === 'performance'));
  // Numbers in the claim itself back it when they measure the subject (not only deltas, counts or
  // names); a comparison needs both sides (two measurements) unless a table gives them.
  // Both sides: two measurements, or one and a percentile rank (itself a comparison with a population).
  const ownNumbers = !aboutOther && (twoSided ? measured >= 2 || (measured >= 1 && facts.percentile >= 1) : measured >= 1);
  const numbersGiven = ownNumbers || (!!t && t.own && t.numbers >= 2);

  // Setup: the claim, its table and the notes around it, and the numeric prose of its section.
  const parts: string[] = [c.text];
  if (t) {
    // The table's header, its row labels and the notes around it (settings live there, not in cells).
    parts.push(t.rows[0] ?? '', t.rows.slice(1, 40).map((r) => r.split('|').slice(0, 2).join(' ')).join('\n'), ...t.headingPath);
    for (let i = Math.max(0, t.before - 2); i <= Math.min(ctx.sentences.length - 1, t.after + 3); i++) {
      if (ctx.tableOf[i] < 0) parts.push(ctx.sentences[i].text);
    }
  }
  for (const x of rel.prose) parts.push(x.text);
  const hasOther = otherInClaim || (!!t && t.others.length > 0) || referentInClaim || precisionRow;
  const hasBench = benchmarkNamed || findBenchmarks(rel.prose.map((x) => x.text).join(' '), rules).length > 0;
  const { found, missing } = setupCheck(kind, parts.join('\n'), hasBench, hasOther, c.groups, rules);
  const total = found.length + missing.length;
  const required = (rules.setup[kind] ?? []).filter((it) => it.required).map((it) => it.id);
  // An improvement stated against its referent ("compared with X, ... improved", "相比 X ... 提升") whose table
  // holds the subject and the referent on named benchmarks: the table is the setup (both sides, the same
  // evaluation).
  const comparisonTable = kind === 'performance' && groups.has('comparison') && !!t && t.others.length > 0 && t.benchmarks.size > 0;
  const setupGiven = comparisonTable || (total > 0 && found.length / total >= (rules.setupQuorumByKind[kind] ?? rules.setupQuorum) && required.every((id) => !missing.includes(id)));

  const scoreKind = kind === 'performance' || kind === 'superiority' || kind === 'safety';
  let verdict: Claim['verdict'];
  // Without numbers, a claim that names what it was measured on and against (a leaderboard rank), or
  // states its setup and baseline ("7x faster than X on a Jetson at 256K tokens"), is partly checkable.
  if (!numbersGiven) verdict = (benchmarkNamed && baselineNamed && scoreKind) || (setupGiven && baselineNamed && !scoreKind) ? 'partly' : 'unsubstantiated';
  else if (setupGiven && (benchmarkNamed || !scoreKind) && (baselineNamed || !(twoSided || scoreKind))) verdict = 'substantiated';
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
