/**
 * Claims rules: the lexicon (claim cues, kind topics, benchmark and model names), the per-kind setup
 * checklists and the headline scoring weights, loaded from YAML (data/claims/default.yaml by default).
 * Code implements a few general checks; what counts as a claim, a benchmark or a setup item is data.
 */
import { readFileSync } from 'node:fs';
import { loadData, parseYaml } from '../data.js';
import type { ClaimKind } from '../types.js';
import { TermMatcher } from './terms.js';
import { type ModelLexicon, compileModelLexicon } from './models.js';
import type { NumberContext } from './numbers.js';

export const CLAIM_KINDS: ClaimKind[] = ['performance', 'speed', 'cost', 'efficiency', 'safety', 'superiority', 'scale', 'other'];

export interface Cue {
  id: string;
  group: string;
  kind?: ClaimKind;
  /** Extra pattern (numbers and units), tried only on sentences with a digit. */
  re?: RegExp;
}

export interface SetupItem {
  id: string;
  /** What the item asks for, in English; `labelZh` in Chinese (both default to the id). */
  label: string;
  labelZh: string;
  /** Pattern tested on the claim and its context (may be absent when only @benchmark / @model is used). */
  re?: RegExp;
  /** The item is also met by a benchmark name / a model name other than the subject. */
  benchmark: boolean;
  model: boolean;
  /** The item applies only to claims with one of these cue groups ("as of when" only to a superlative). */
  when?: string[];
  /** The setup is not given without this item, whatever the quorum. */
  required: boolean;
}

export interface Scoring {
  threshold: number;
  maxClaims: number;
  minClaims: number;
  perSqrtCandidate: number;
  /** Score discount per claim already kept from the same section (spreads claims over the document). */
  sectionPenalty?: number;
  weights: Record<string, number>;
}

export interface ClaimRules {
  id: string;
  version: string;
  origin: string;
  cues: Cue[];
  /** Extra topic patterns (tried only on sentences with a digit). */
  topicRes: Partial<Record<ClaimKind, RegExp>>;
  /** One matcher for every cue (key "c<index>"), topic ("t:<kind>") and benchmark ("b:<name>") term. */
  matcher: TermMatcher;
  /** Matcher key index of each cue, of each topic, and the benchmark keys. */
  cueKeys: number[];
  /** Scratch buffer for per-cue counts. */
  cueBuf: Int32Array;
  /** The cue groups the matcher's gate is set for. */
  gateSet?: Set<string>;
  /** The patterns of the cues of those groups. */
  gateRes?: RegExp[];
  /** What each matcher key stands for (topic kind, benchmark or domain), by key index. */
  keyRole: Array<{ topic?: ClaimKind; bench?: string; domain?: string } | undefined>;
  /** Capability domains and the benchmarks (canonical keys) that measure them. */
  domains: Map<string, Set<string>>;
  kindOrder: ClaimKind[];
  benchmarkNames: string[];
  models: ModelLexicon;
  setup: Partial<Record<ClaimKind, SetupItem[]>>;
  setupQuorum: number;
  /** Per-kind quorum (a kind whose required items say enough on their own). */
  setupQuorumByKind: Partial<Record<ClaimKind, number>>;
  sections: { headline: RegExp; evaluation: RegExp; skip: RegExp };
  /** Claims of novelty or extent ("the first open model to...", "the longest context") that no score table backs. */
  unscored: RegExp;
  /** A referent named without a model name (a predecessor, half precision): a baseline. */
  referent: RegExp;
  /** What joins two co-subjects ("A and B"), and a comparison word that makes the first a baseline. */
  conjunction: RegExp;
  comparedBefore: RegExp;
  /** Words right before a number that make it a version or a length (numbers.ts). */
  numberContext: NumberContext;
  /** Phrases that look like claim language and are not ("best practices", "the first stage"): blanked before matching. */
  neutral: RegExp | null;
  /** Phrases that name the dimension of a comparison ("in terms of safety"): that topic is the claim's kind. */
  dimensions: Array<[ClaimKind, RegExp]>;
  scoring: Scoring;
}

interface RawSetupItem { id: string; label?: string; label_zh?: string; re?: string; when?: string[]; required?: boolean }
interface RawRules {
  id?: string;
  version?: string;
  cues?: Array<{ id: string; group: string; kind?: ClaimKind; en?: string[]; zh?: string[]; re?: string }>;
  topics?: Partial<Record<ClaimKind, { en?: string[]; zh?: string[]; re?: string }>>;
  kindOrder?: ClaimKind[];
  benchmarks?: string[];
  models?: { families?: string[]; tiers?: string[]; zh?: string[] };
  setupQuorum?: number;
  setupQuorumByKind?: Partial<Record<ClaimKind, number>>;
  setup?: Partial<Record<ClaimKind, RawSetupItem[]>>;
  domains?: Record<string, { en?: string[]; zh?: string[]; benchmarks?: string[] }>;
  sections?: { headline?: string; evaluation?: string; skip?: string };
  unscored?: string;
  referent?: string;
  conjunction?: string;
  comparedBefore?: string;
  versionBefore?: string;
  lengthBefore?: string;
  neutral?: string[];
  dimensions?: Partial<Record<ClaimKind, string>>;
  scoring?: Partial<Scoring>;
}


/**
 * Data patterns are case-insensitive. The "u" flag is added only when a pattern needs it (\p{...}):
 * V8 runs case-insensitive unicode patterns many times slower, and Han characters need no "u".
 */
function rx(source: string, where: string, flags = 'i'): RegExp {
  try {
    return new RegExp(source, /\\p\{/.test(source) ? flags + 'u' : flags);
  } catch (e) {
    throw new Error(`claims rules: bad pattern in ${where}: ${(e as Error).message}`);
  }
}

/** Canonical form of a benchmark name: "SWE-bench Verified" → "swebenchverified". */
export function benchKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9\u3400-\u9fff]+/g, '');
}

export interface Lex {
  /** Match counts per cue group. */
  groups: Map<string, number>;
  /** Votes per kind from cues. */
  cueKinds: Map<ClaimKind, number>;
  /** Match counts per topic kind. */
  topics: Map<ClaimKind, number>;
  /** Benchmarks named (canonical keys, each once). */
  benchmarks: string[];
  /** Capability domains named ("coding", "math"...). */
  domains: string[];
}

const DIGIT = /\d/;

/** Benchmarks named in a text (canonical keys): the matcher alone, without the cue bookkeeping of lex. */
export function benchmarksIn(text: string, rules: ClaimRules): string[] {
  const m = rules.matcher;
  m.scan(text);
  const out: string[] = [];
  for (let i = 0; i < m.touchedN; i++) {
    const role = rules.keyRole[m.touched[i]];
    if (role?.bench) out.push(role.bench);
  }
  return out;
}

/**
 * One pass of the lexicon over a sentence. With `gate`, returns null unless one of the `gate` groups
 * matched (cheap rejection of sentences that make no claim).
 */
const TEX_MATH = /\$[^$\n]{0,80}[\\^_{}][^$\n]{0,80}\$/g;

export function lex(text: string, rules: ClaimRules, gate?: Set<string>): Lex | null {
  // LaTeX math ("$3 \times 10^{-4}$") is neither a price nor a multiplier.
  if (text.includes('$')) text = text.replace(TEX_MATH, ' ');
  if (rules.neutral) text = text.replace(rules.neutral, ' ');
  const hasDigit = DIGIT.test(text);
  if (gate) {
    if (rules.gateSet !== gate) {
      rules.matcher.setGate(new Set(rules.cues.map((c, i) => (gate.has(c.group) ? `c${i}` : '')).filter(Boolean)));
      rules.gateRes = rules.cues.flatMap((c) => (c.re && gate.has(c.group) ? [c.re] : []));
      rules.gateSet = gate;
    }
    // Quick rejection: no term of a gate group can occur, and no pattern of one matches.
    if (!rules.matcher.mayMatch(text) && !(hasDigit && rules.gateRes!.some((re) => re.test(text)))) return null;
  }
  const counts = rules.matcher.scan(text);
  const cues = rules.cues;
  const cueN = rules.cueBuf;
  let pass = !gate;
  for (let i = 0; i < cues.length; i++) {
    const c = cues[i];
    let n = counts[rules.cueKeys[i]];
    if (c.re && hasDigit && c.re.test(text)) n++;
    cueN[i] = n;
    if (n && !pass && gate!.has(c.group)) pass = true;
  }
  if (!pass) return null;
  const groups = new Map<string, number>();
  const cueKinds = new Map<ClaimKind, number>();
  const topics = new Map<ClaimKind, number>();
  const benchmarks: string[] = [];
  const domains: string[] = [];
  for (let i = 0; i < cues.length; i++) {
    const n = cueN[i];
    if (!n) continue;
    const c = cues[i];
    groups.set(c.group, (groups.get(c.group) ?? 0) + n);
    if (c.kind) cueKinds.set(c.kind, (cueKinds.get(c.kind) ?? 0) + 1);
  }
  const m = rules.matcher;
  for (let i = 0; i < m.touchedN; i++) {
    const k = m.touched[i];
    const role = rules.keyRole[k];
    if (role === undefined) continue;
    if (role.topic) topics.set(role.topic, counts[k]);
    else if (role.bench) benchmarks.push(role.bench);
    else if (role.domain) domains.push(role.domain);
  }
  if (hasDigit) {
    for (const [k, re] of Object.entries(rules.topicRes) as Array<[ClaimKind, RegExp]>) {
      if (re.test(text)) topics.set(k, (topics.get(k) ?? 0) + 1);
    }
  }
  return { groups, cueKinds, topics, benchmarks, domains };
}

function quorumByKind(raw: unknown): Partial<Record<ClaimKind, number>> {
  const out: Partial<Record<ClaimKind, number>> = {};
  if (raw === undefined || raw === null) return out;
  if (typeof raw !== 'object' || Array.isArray(raw)) throw new Error('claims rules: setupQuorumByKind must map kinds to numbers');
  for (const [k, v] of Object.entries(raw as Record<string, unknown>)) {
    if (!CLAIM_KINDS.includes(k as ClaimKind)) throw new Error(`claims rules: unknown kind in setupQuorumByKind: ${k}`);
    if (typeof v !== 'number' || v < 0 || v > 1) throw new Error(`claims rules: setupQuorumByKind.${k} must be a number from 0 to 1`);
    out[k as ClaimKind] = v;
  }
  return out;
}

function compileSetupItem(raw: RawSetupItem, where: string): SetupItem {
  let src = raw.re ?? '';
  let benchmark = false;
  let model = false;
  src = src
    .split('|')
    .filter((alt) => {
      if (alt.trim() === '@benchmark') { benchmark = true; return false; }
      if (alt.trim() === '@model') { model = true; return false; }
      return true;
    })
    .join('|');
  if (raw.when !== undefined && (!Array.isArray(raw.when) || raw.when.some((g) => typeof g !== 'string'))) throw new Error(`claims rules: ${where}: when must be a list of cue groups`);
  return { id: raw.id, label: raw.label ?? raw.id, labelZh: raw.label_zh ?? raw.label ?? raw.id, re: src ? rx(src, where) : undefined, benchmark, model, required: raw.required === true, ...(raw.when ? { when: raw.when } : {}) };
}

function merge(base: RawRules, over: RawRules): RawRules {
  const out: RawRules = { ...base, ...over };
  if (over.benchmarks) out.benchmarks = [...(base.benchmarks ?? []), ...over.benchmarks];
  if (over.neutral) out.neutral = [...(base.neutral ?? []), ...over.neutral];
  if (over.models) {
    out.models = {
      families: [...(base.models?.families ?? []), ...(over.models.families ?? [])],
      tiers: [...(base.models?.tiers ?? []), ...(over.models.tiers ?? [])],
      zh: [...(base.models?.zh ?? []), ...(over.models.zh ?? [])],
    };
  }
  if (over.setup) {
    const setup: Partial<Record<ClaimKind, RawSetupItem[]>> = { ...(base.setup ?? {}) };
    for (const [k, items] of Object.entries(over.setup) as Array<[ClaimKind, RawSetupItem[]]>) {
      const prev = setup[k] ?? [];
      const byId = new Map(prev.map((x) => [x.id, x]));
      for (const it of items ?? []) byId.set(it.id, it);
      setup[k] = [...byId.values()];
    }
    out.setup = setup;
  }
  if (over.setupQuorumByKind) out.setupQuorumByKind = { ...(base.setupQuorumByKind ?? {}), ...over.setupQuorumByKind };
  if (over.domains) out.domains = { ...(base.domains ?? {}), ...over.domains };
  if (over.topics) out.topics = { ...(base.topics ?? {}), ...over.topics };
  if (over.sections) out.sections = { ...(base.sections ?? {}), ...over.sections };
  if (over.dimensions) out.dimensions = { ...(base.dimensions ?? {}), ...over.dimensions };
  if (over.scoring) {
    out.scoring = {
      ...(base.scoring ?? {}),
      ...over.scoring,
      weights: { ...(base.scoring?.weights ?? {}), ...(over.scoring.weights ?? {}) },
    };
  }
  return out;
}

export function compileClaimRules(raw: RawRules, origin: string): ClaimRules {
  const matcher = new TermMatcher();
  const cues: Cue[] = (raw.cues ?? []).map((c, i) => {
    matcher.add(`c${i}`, c.en);
    matcher.add(`c${i}`, c.zh);
    return { id: c.id, group: c.group, kind: c.kind, re: c.re ? rx(c.re, `cue ${c.id}`) : undefined };
  });
  const topicRes: Partial<Record<ClaimKind, RegExp>> = {};
  for (const [k, v] of Object.entries(raw.topics ?? {}) as Array<[ClaimKind, { en?: string[]; zh?: string[]; re?: string }]>) {
    if (!CLAIM_KINDS.includes(k)) throw new Error(`claims rules: unknown kind in topics: ${k}`);
    matcher.add(`t:${k}`, v?.en);
    matcher.add(`t:${k}`, v?.zh);
    if (v?.re) topicRes[k] = rx(v.re, `topic ${k}`);
  }
  for (const name of raw.benchmarks ?? []) matcher.add(`b:${benchKey(name)}`, [name]);
  const domains = new Map<string, Set<string>>();
  for (const [name, d] of Object.entries(raw.domains ?? {})) {
    matcher.add(`d:${name}`, d?.en);
    matcher.add(`d:${name}`, d?.zh);
    domains.set(name, new Set((d?.benchmarks ?? []).map(benchKey)));
  }
  const cueKeys = cues.map((_c, i) => matcher.keyIndex(`c${i}`));
  const keyRole: ClaimRules['keyRole'] = [];
  for (const key of matcher.keyNames()) {
    if (key.startsWith('t:')) keyRole[matcher.keyIndex(key)] = { topic: key.slice(2) as ClaimKind };
    else if (key.startsWith('b:')) keyRole[matcher.keyIndex(key)] = { bench: key.slice(2) };
    else if (key.startsWith('d:')) keyRole[matcher.keyIndex(key)] = { domain: key.slice(2) };
  }
  const setup: Partial<Record<ClaimKind, SetupItem[]>> = {};
  for (const [k, items] of Object.entries(raw.setup ?? {}) as Array<[ClaimKind, RawSetupItem[]]>) {
    if (!CLAIM_KINDS.includes(k)) throw new Error(`claims rules: unknown kind in setup: ${k}`);
    setup[k] = (items ?? []).map((it) => compileSetupItem(it, `setup ${k}.${it.id}`));
  }
  const sec = raw.sections ?? {};
  const never = '(?!)';
  const sc = raw.scoring ?? {};
  return {
    id: raw.id ?? 'custom',
    version: String(raw.version ?? '1'),
    origin,
    cues,
    topicRes,
    matcher,
    cueKeys,
    cueBuf: new Int32Array(cues.length),
    keyRole,
    domains,
    kindOrder: (raw.kindOrder ?? CLAIM_KINDS).filter((k) => CLAIM_KINDS.includes(k)),
    benchmarkNames: raw.benchmarks ?? [],
    models: compileModelLexicon(raw.models),
    setup,
    setupQuorum: raw.setupQuorum ?? 0.5,
    setupQuorumByKind: quorumByKind(raw.setupQuorumByKind),
    sections: {
      headline: rx(sec.headline ?? never, 'sections.headline'),
      evaluation: rx(sec.evaluation ?? never, 'sections.evaluation'),
      skip: rx(sec.skip ?? never, 'sections.skip'),
    },
    unscored: rx(raw.unscored ?? never, 'unscored'),
    referent: rx(raw.referent ?? never, 'referent'),
    conjunction: rx(raw.conjunction ?? never, 'conjunction'),
    comparedBefore: rx(raw.comparedBefore ?? never, 'comparedBefore'),
    numberContext: { versionBefore: rx(raw.versionBefore ?? never, 'versionBefore'), lengthBefore: rx(raw.lengthBefore ?? never, 'lengthBefore') },
    neutral: raw.neutral?.length ? rx(raw.neutral.map((n) => `(?:${n})`).join('|'), 'neutral', 'gi') : null,
    dimensions: (Object.entries(raw.dimensions ?? {}) as Array<[ClaimKind, string]>).map(([k, src]) => {
      if (!CLAIM_KINDS.includes(k)) throw new Error(`claims rules: unknown kind in dimensions: ${k}`);
      return [k, rx(src, `dimensions.${k}`)];
    }),
    scoring: {
      threshold: sc.threshold ?? 1,
      maxClaims: sc.maxClaims ?? 15,
      minClaims: sc.minClaims ?? 3,
      perSqrtCandidate: sc.perSqrtCandidate ?? 2,
      sectionPenalty: sc.sectionPenalty ?? 0,
      weights: sc.weights ?? {},
    },
  };
}

function readYaml(path: string): RawRules {
  const v = parseYaml(readFileSync(path, 'utf8'));
  return asRules(v, path);
}

function asRules(v: unknown, path: string): RawRules {
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new Error(`claims rules: ${String(path)} is not a YAML mapping`);
  return v as RawRules;
}

let defaultRaw: RawRules | undefined;
let defaultRules: ClaimRules | undefined;

/**
 * Load claims rules. Without a path: the built-in default (cached). With a path: that YAML file merged
 * over the default (top-level keys replace; `setup` merges per kind and item id; `domains`, `topics`, `sections`
 * and `dimensions` merge by key; `benchmarks`, `neutral` and
 * `models` are appended; `scoring.weights` merge by key).
 */
export function loadClaimRules(path?: string): ClaimRules {
  defaultRaw ??= asRules(loadData('claims/default.yaml'), 'data/claims/default.yaml');
  if (!path) {
    defaultRules ??= compileClaimRules(defaultRaw, 'builtin');
    return defaultRules;
  }
  return compileClaimRules(merge(defaultRaw, readYaml(path)), path);
}

/** The reader-facing label of a setup item of a claim kind, in a report language (the id when unknown). */
export function setupLabel(kind: ClaimKind, id: string, lang: 'en' | 'zh', rules: ClaimRules = loadClaimRules()): string {
  const item = rules.setup[kind]?.find((x) => x.id === id);
  if (!item) return id;
  return lang === 'zh' ? item.labelZh : item.label;
}
