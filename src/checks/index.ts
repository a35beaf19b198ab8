/**
 * Checks: per indicator a status, up to 3 evidence quotes (best first) and extracted facts.
 *
 * Rules find and rank candidate sentences (rubric cues, headings, strong/vague patterns, facts,
 * placeholders, link-only sentences, other-model table rows); a small multinomial logistic model
 * (data/model/default.json, trained by `npm run train`) turns the document-level features into a
 * status. Every finding cites the sentences it rests on. Same input, same output.
 */
import { readFileSync, existsSync } from 'node:fs';
import type { Doc, Evidence, Facts, FactValue, Finding, Sentence, Status } from '../types.js';
import type { Rubric } from '../rubric/types.js';
import { analyse, docFeatures, FEATURE_NAMES, type DocAnalysis } from './features.js';
import { lineColumn } from './location.js';
import { loadSentenceModel, type SentenceWeights } from './lexical.js';

export const CLASSES: Status[] = ['absent', 'partial', 'disclosed'];

export interface StatusModel {
  version: number;
  features: string[];
  /** Shared weights, 3 × F: used for every indicator, including a user rubric's new ones. */
  global: number[][];
  /** Per-indicator adjustments added to the shared weights (default rubric ids). */
  perIndicator: Record<string, number[][]>;
}

let defaultModel: StatusModel | null | undefined;

export function loadModel(): StatusModel | null {
  if (defaultModel !== undefined) return defaultModel;
  const url = new URL('../../data/model/default.json', import.meta.url);
  if (!existsSync(url)) return (defaultModel = null);
  const m = JSON.parse(readFileSync(url, 'utf8')) as StatusModel;
  defaultModel = m.features.join() === FEATURE_NAMES.join() ? m : null;
  return defaultModel;
}

export function softmax(z: number[]): number[] {
  const mx = Math.max(...z);
  const e = z.map((v) => Math.exp(v - mx));
  const s = e.reduce((a, b) => a + b, 0);
  return e.map((v) => v / s);
}

export function predict(model: StatusModel, id: string, x: number[], useIndicator = true): number[] {
  const d = useIndicator ? model.perIndicator[id] : undefined;
  const z = [0, 1, 2].map((c) => {
    let v = 0;
    for (let f = 0; f < x.length; f++) v += x[f] * (model.global[c][f] + (d ? d[c][f] : 0));
    return v;
  });
  return softmax(z);
}

/** Rules alone, for a rubric without a trained model. */
function ruleStatus(x: number[]): number[] {
  const f = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, x[i]])) as Record<(typeof FEATURE_NAMES)[number], number>;
  if (f.nStrongNotExcl > 0 && (f.nTerm > 0 || f.nTermHead > 0 || f.nStrongHead > 0)) return [0.05, 0.25, 0.7];
  if (f.nFact > 0 || f.fmFact) return [0.1, 0.3, 0.6];
  if (f.nTermHead > 0 || (f.nTerm > 0 && f.nVague > 0)) return [0.2, 0.65, 0.15];
  if (f.nTerm > 0 || f.nAnchor > 0) return [0.5, 0.4, 0.1];
  return [0.9, 0.08, 0.02];
}

/** Weight of the rules beside the trained model (UNSAID_RULE_WEIGHT to experiment). */
const RULE_WEIGHT = Number(process.env.UNSAID_RULE_WEIGHT ?? 0.25);
function blend(m: number[], r: number[]): number[] {
  return m.map((v, i) => (1 - RULE_WEIGHT) * v + RULE_WEIGHT * r[i]);
}

const FI = Object.fromEntries(FEATURE_NAMES.map((n, i) => [n, i])) as Record<(typeof FEATURE_NAMES)[number], number>;

/**
 * Where the rules see an answer, the indicator is not silent, whatever the model says: a strong
 * pattern in a sentence under the indicator's own heading ("## Training Hardware"), or a prose
 * sentence with a strong pattern and one of the indicator's facts ("trained on 512 H100 GPUs"), may be
 * disclosed or partial; a cue term under that heading, or a prose sentence naming the topic outright (an
 * anchor: "red teaming", "合成数据"), is at least partial. The trained model rarely sees short, clean
 * cards; this floor keeps them from being judged absent. A fact from the document's metadata (a model
 * card's `license:`, a page's published date) is an answer too, though no sentence states it.
 */
export function ruleFloor(x: number[]): 'partial' | 'answered' | null {
  if (x[FI.nStrongNotExcl] > 0 && x[FI.nStrongHead] > 0) return 'answered';
  if (x[FI.nStrongFact] > 0) return 'answered';
  if (x[FI.fmFact] > 0) return 'answered';
  if (x[FI.nTermHead] > 0 || x[FI.nAnchor] > 0) return 'partial';
  return null;
}

/** Status probabilities [absent, partial, disclosed] of one indicator from its features. */
export function decide(model: StatusModel | null, id: string, x: number[], known = true): number[] {
  const rules = ruleStatus(x);
  const p = model ? blend(predict(model, id, x, known), rules) : rules;
  const floor = ruleFloor(x);
  if (!floor || p[0] <= Math.max(p[1], p[2])) return p;
  // The floor changes the decision, not the confidence: absent drops just below the chosen status.
  const to = floor === 'partial' ? 1 : p[2] > p[1] ? 2 : 1;
  const q = [...p];
  q[0] = p[to] - 1e-6;
  if (to === 1 && q[2] >= p[1]) q[2] = p[1] - 2e-6;
  return q;
}

export interface ChecksResult {
  findings: Finding[];
  facts: Facts;
  /** Features per indicator (for training and debugging). */
  features: number[][];
  analysis: DocAnalysis;
}

export function runChecks(
  doc: Doc,
  sentences: Sentence[],
  rubric: Rubric,
  model: StatusModel | null = loadModel(),
  lexModel: SentenceWeights | null = model ? loadSentenceModel() : null,
): ChecksResult {
  const a = analyse(doc, sentences, rubric, lexModel);
  const features: number[][] = [];
  const known = rubric.id === 'default';
  const findings: Finding[] = rubric.indicators.map((ind, k) => {
    const { x, ranked } = docFeatures(k, a, sentences, rubric);
    features.push(x);
    const p = decide(model, ind.id, x, known);
    let c = p.indexOf(Math.max(...p));
    let status = CLASSES[c];
    const want = new Set(ind.facts ?? []);
    const evidence: Evidence[] = [];
    const facts: Facts = {};
    if (status !== 'absent') {
      const chosen = new Set<number>();
      for (const r of ranked) {
        if (evidence.length >= 3) break;
        if (chosen.has(r.s)) continue;
        chosen.add(r.s);
        const s = sentences[r.s];
        evidence.push({ quote: s.raw, start: s.start, end: s.end, ...lineColumn(doc.text, s.start) });
      }
      if (!evidence.length && a.fmFacts.some((f) => want.has(f.fact)) && doc.frontMatterRange) {
        // Front matter is the evidence (e.g. "license: apache-2.0").
        for (const s of sentences) {
          if (s.kind === 'front-matter' && a.info[s.i].facts.length + (want.has('license') && /^licen[cs]e:/i.test(s.text) ? 1 : 0) > 0) {
            evidence.push({ quote: s.raw, start: s.start, end: s.end, ...lineColumn(doc.text, s.start) });
            break;
          }
        }
      }
      if (!evidence.length) {
        // A status with nothing to cite is not a finding: fall back to absent.
        status = 'absent';
        c = 0;
      }
      // Facts of a vetoed or demoted sentence (inference hardware for training hardware, the code's
      // licence for the model's, supported languages for training-data languages) are not this indicator's.
      const vetoed = new Set(a.signals[k].filter((g) => g.excluded || g.demoted).map((g) => g.s));
      for (const r of ranked.slice(0, 8)) {
        if (a.info[r.s].otherModel || vetoed.has(r.s)) continue;
        for (const f of a.info[r.s].facts) if (want.has(f.fact) && !(f.fact in facts)) facts[f.fact] = f.value;
      }
      for (const f of a.fmFacts) if (want.has(f.fact) && !(f.fact in facts)) facts[f.fact] = f.value;
    }
    return {
      id: ind.id,
      group: ind.group,
      status,
      evidence,
      facts,
      confidence: Math.round(p[c] * 1000) / 1000,
    };
  });
  return { findings, facts: documentFacts(a, sentences), features, analysis: a };
}

/** The document's facts: the first value of each kind, from prose about the model under audit. */
function documentFacts(a: DocAnalysis, sentences: Sentence[]): Facts {
  const out: Facts = {};
  const put = (k: string, v: FactValue) => {
    if (!(k in out)) out[k] = v;
  };
  for (const f of a.fmFacts) put(f.fact, f.value);
  sentences.forEach((s, i) => {
    if (a.info[i].otherModel || a.info[i].placeholder || a.info[i].citation || s.kind === 'code') return;
    for (const f of a.info[i].facts) {
      if (f.fact === 'date' || f.fact === 'modalities') continue;
      if (f.fact === 'languages' || f.fact === 'datasets' || f.fact === 'parameters') {
        const prev = (out[f.fact] as Array<string | number> | undefined) ?? [];
        const merged = [...new Set([...prev, ...(f.value as Array<string | number>)])];
        out[f.fact] = (f.fact === 'parameters' ? (merged as number[]).sort((x, y) => x - y) : merged).slice(0, 40) as string[] | number[];
        continue;
      }
      // Of several training-token counts, the largest is the corpus; smaller ones are stages or subsets.
      if (f.fact === 'trainingTokens' && typeof out[f.fact] === 'number' && (f.value as number) > (out[f.fact] as number)) out[f.fact] = f.value;
      else put(f.fact, f.value);
    }
  });
  return out;
}
