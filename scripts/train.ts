/**
 * npm run train — fit the status model on the labelled dev documents and write data/model/default.json.
 *
 * The model is a multinomial logistic regression over the generic document features of
 * src/checks/features.ts: shared weights for all indicators plus small per-indicator adjustments
 * (more strongly regularised), so that the shared part also serves indicators it never saw.
 * Full-batch Adam with a fixed number of steps and zero initialisation: deterministic.
 *
 *   npm run train              train on all labelled docs, write the model, print in-sample accuracy
 *   npm run train -- --cv      leave-one-developer-out cross-validation (what to expect on unseen docs)
 */
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../src/ingest/index.js';
import { segment } from '../src/segment/index.js';
import { loadRubric, type Rubric } from '../src/rubric/index.js';
import { CLASSES, decide, type StatusModel } from '../src/checks/index.js';
import { analyse, docFeatures, FEATURE_NAMES, type DocAnalysis } from '../src/checks/features.js';
import { BITS, CONCRETE, compact, encodeSentenceModel, ruleTokens, scoreSentence, sigmoid, type DenseWeights } from '../src/checks/lexical.js';
import type { Sentence } from '../src/types.js';
import { corpusDir, loadCorpus, repoRoot, type LabelledDoc } from './lib/corpus.js';
import { norm, overlap } from './lib/metrics.js';

export interface Example {
  doc: string;
  developer: string;
  ind: number;
  id: string;
  x: number[];
  y: number;
}

interface Prepared {
  d: LabelledDoc;
  sentences: Sentence[];
  a: DocAnalysis;
  /** Per indicator: rule tokens per sentence. */
  rules: number[][][];
  /** Per indicator: positive sentence indexes (overlap a labelled evidence quote). */
  pos: Set<number>[];
  /** The same, only where the indicator is labelled disclosed. */
  posD: Set<number>[];
}

export async function prepare(rubric: Rubric): Promise<Prepared[]> {
  const dir = corpusDir();
  if (!dir) throw new Error('labelled corpus not found (../shared/corpus or $UNSAID_CORPUS)');
  const out: Prepared[] = [];
  for (const d of loadCorpus(dir)) {
    const doc = await ingest({ bytes: readFileSync(d.docPath), source: d.docPath });
    const sentences = segment(doc);
    const a = analyse(doc, sentences, rubric, null);
    const normed = sentences.map((s) => norm(s.raw));
    const rules = rubric.indicators.map((_, k) => {
      const by = new Map(a.signals[k].map((g) => [g.s, g]));
      return sentences.map((_, i) => ruleTokens(by.get(i), a.info[i]));
    });
    const pos = rubric.indicators.map((ind) => {
      const lab = d.labels[ind.id];
      const set = new Set<number>();
      if (!lab || lab.status === 'absent') return set;
      for (const q of lab.evidence) {
        const nq = norm(q);
        normed.forEach((ns, i) => {
          if (ns.length < 4) return;
          if (ns.includes(nq) || nq.includes(ns) || overlap(ns, nq)) set.add(i);
        });
      }
      return set;
    });
    const posD = rubric.indicators.map((ind, k) => (d.labels[ind.id]?.status === 'disclosed' ? pos[k] : new Set<number>()));
    out.push({ d, sentences, a, rules, pos, posD });
  }
  return out;
}

/** Per-indicator logistic regression over hashed sentence tokens: SGD, fixed order, fixed epochs. */
export function trainSentences(data: Prepared[], rubric: Rubric, epochs = Number(process.env.UNSAID_EPOCHS ?? 4)): DenseWeights {
  const out: DenseWeights = new Map();
  for (const [suffix, key] of [['', 'pos'], [CONCRETE, 'posD']] as const) trainSet(data, rubric, epochs, out, suffix, key);
  return out;
}

function trainSet(data: Prepared[], rubric: Rubric, epochs: number, out: DenseWeights, suffix: string, key: 'pos' | 'posD') {
  const size = 1 << BITS;
  rubric.indicators.forEach((ind, k) => {
    const w = new Float32Array(size);
    let bias = -3;
    for (let ep = 0; ep < epochs; ep++) {
      const lr = 0.15 / (1 + ep);
      for (const p of data) {
        for (let i = 0; i < p.sentences.length; i++) {
          const y = p[key][k].has(i) ? 1 : 0;
          const toks = p.a.tokens[i];
          const rt = p.rules[k][i];
          const pr = scoreSentence({ bias, w }, toks, rt);
          const g = (pr - y) * (y ? 4 : 1);
          if (Math.abs(g) < 1e-4) continue;
          bias -= lr * g * 0.1;
          for (const t of toks) w[t] -= lr * g;
          for (const t of rt) w[t] -= lr * g;
        }
      }
    }
    out.set(ind.id + suffix, { bias, w });
  });
}

function lexFor(p: Prepared, m: DenseWeights, rubric: Rubric, suffix = ''): Float32Array[] {
  return rubric.indicators.map((ind, k) => {
    const w = m.get(ind.id + suffix)!;
    const probs = new Float32Array(p.sentences.length);
    for (let i = 0; i < p.sentences.length; i++) probs[i] = scoreSentence(w, p.a.tokens[i], p.rules[k][i]);
    return probs;
  });
}

function examplesFor(p: Prepared, m: DenseWeights | null, rubric: Rubric): { ex: Example[]; ranked: Array<Array<{ s: number }>> } {
  const a: DocAnalysis = { ...p.a, lex: m ? lexFor(p, m, rubric) : null, lexD: m ? lexFor(p, m, rubric, CONCRETE) : null };
  const ex: Example[] = [];
  const ranked: Array<Array<{ s: number }>> = [];
  rubric.indicators.forEach((ind, k) => {
    const { x, ranked: r } = docFeatures(k, a, p.sentences, rubric);
    ranked.push(r);
    const lab = p.d.labels[ind.id];
    if (lab) ex.push({ doc: p.d.rel, developer: p.d.developer, ind: k, id: ind.id, x, y: CLASSES.indexOf(lab.status) });
  });
  return { ex, ranked };
}

/** Status examples whose sentence features come from sentence models that never saw the document. */
function outOfFold(data: Prepared[], rubric: Rubric, folds = 5): Example[] {
  const devs = [...new Set(data.map((p) => p.d.developer))].sort();
  const foldOf = new Map(devs.map((d, i) => [d, i % folds]));
  const ex: Example[] = [];
  for (let f = 0; f < folds; f++) {
    const train = data.filter((p) => foldOf.get(p.d.developer) !== f);
    const test = data.filter((p) => foldOf.get(p.d.developer) === f);
    if (!test.length) continue;
    const m = trainSentences(train, rubric);
    for (const p of test) ex.push(...examplesFor(p, m, rubric).ex);
  }
  return ex;
}

export function fit(ex: Example[], ids: string[], opts = { steps: 1500, lr: 0.05, l2g: Number(process.env.UNSAID_L2G ?? 0.005), l2d: Number(process.env.UNSAID_L2D ?? 1) }): StatusModel {
  const F = FEATURE_NAMES.length;
  const zeros = () => [0, 1, 2].map(() => new Array<number>(F).fill(0));
  const G = zeros();
  const D: Record<string, number[][]> = Object.fromEntries(ids.map((id) => [id, zeros()]));
  // Adam state
  const mk = () => ({ m: zeros(), v: zeros() });
  const sG = mk();
  const sD: Record<string, ReturnType<typeof mk>> = Object.fromEntries(ids.map((id) => [id, mk()]));
  const b1 = 0.9, b2 = 0.999, eps = 1e-8;
  const n = ex.length;
  for (let t = 1; t <= opts.steps; t++) {
    const gG = zeros();
    const gD: Record<string, number[][]> = Object.fromEntries(ids.map((id) => [id, zeros()]));
    for (const e of ex) {
      const d = D[e.id];
      const z = [0, 1, 2].map((c) => e.x.reduce((s, xf, f) => s + xf * (G[c][f] + d[c][f]), 0));
      const mx = Math.max(...z);
      const ez = z.map((v) => Math.exp(v - mx));
      const sum = ez[0] + ez[1] + ez[2];
      for (let c = 0; c < 3; c++) {
        const g = ez[c] / sum - (c === e.y ? 1 : 0);
        for (let f = 0; f < F; f++) {
          gG[c][f] += (g * e.x[f]) / n;
          gD[e.id][c][f] += (g * e.x[f]) / n;
        }
      }
    }
    const step = (W: number[][], g: number[][], s: ReturnType<typeof mk>, l2: number, scale: number) => {
      for (let c = 0; c < 3; c++)
        for (let f = 0; f < F; f++) {
          const grad = g[c][f] + l2 * scale * W[c][f] * (f === 0 ? 0.1 : 1);
          s.m[c][f] = b1 * s.m[c][f] + (1 - b1) * grad;
          s.v[c][f] = b2 * s.v[c][f] + (1 - b2) * grad * grad;
          const mh = s.m[c][f] / (1 - b1 ** t);
          const vh = s.v[c][f] / (1 - b2 ** t);
          W[c][f] -= (opts.lr * mh) / (Math.sqrt(vh) + eps);
        }
    };
    step(G, gG, sG, opts.l2g, 1);
    for (const id of ids) step(D[id], gD[id], sD[id], opts.l2d, 1 / ids.length);
  }
  const r = (W: number[][]) => W.map((row) => row.map((v) => Math.round(v * 1e4) / 1e4));
  return { version: 1, features: [...FEATURE_NAMES], global: r(G), perIndicator: Object.fromEntries(ids.map((id) => [id, r(D[id])])) };
}

export function accuracy(model: StatusModel, ex: Example[]): number {
  let ok = 0;
  for (const e of ex) {
    const p = decide(model, e.id, e.x);
    if (p.indexOf(Math.max(...p)) === e.y) ok++;
  }
  return ok / ex.length;
}

async function main() {
  const t0 = Date.now();
  const rubric = loadRubric();
  const data = await prepare(rubric);
  const ids = rubric.indicators.map((i) => i.id);
  const nPos = data.reduce((s, p) => s + p.pos.reduce((t, x) => t + x.size, 0), 0);
  console.log(`documents: ${data.length}, sentences: ${data.reduce((s, p) => s + p.sentences.length, 0)}, evidence sentences: ${nPos}, features: ${FEATURE_NAMES.length}`);
  if (process.argv.includes('--cv')) {
    // Developers are held out whole: --cv-folds N groups them into N folds (default: one per developer).
    const devs = [...new Set(data.map((p) => p.d.developer))].sort();
    const nf = process.argv.includes('--cv-folds') ? Number(process.argv[process.argv.indexOf('--cv-folds') + 1]) : devs.length;
    const foldOf = new Map(devs.map((d, i) => [d, i % nf]));
    const conf = new Map<string, number>();
    const perInd = new Map<string, { ok: number; n: number; conf: Map<string, number> }>();
    let ok = 0, n = 0, evHit = 0, evN = 0;
    // --dump FILE: every held-out prediction with its labelled and chosen evidence (for error analysis).
    const dumpAt = process.argv.indexOf('--dump');
    const dump: Array<Record<string, unknown>> = [];
    for (let fold = 0; fold < nf; fold++) {
      const dev = devs.filter((d) => foldOf.get(d) === fold).join(',');
      const train = data.filter((p) => foldOf.get(p.d.developer) !== fold);
      const test = data.filter((p) => foldOf.get(p.d.developer) === fold);
      const model = fit(outOfFold(train, rubric, 4), ids);
      const sm = trainSentences(train, rubric);
      let okDev = 0, nDev = 0;
      for (const p of test) {
        const { ex, ranked } = examplesFor(p, sm, rubric);
        for (const e of ex) {
          const pr = decide(model, e.id, e.x);
          const c = pr.indexOf(Math.max(...pr));
          if (c === e.y) { ok++; okDev++; }
          const key = `${CLASSES[e.y][0]}>${CLASSES[c][0]}`;
          conf.set(key, (conf.get(key) ?? 0) + 1);
          const pi = perInd.get(e.id) ?? { ok: 0, n: 0, conf: new Map<string, number>() };
          perInd.set(e.id, pi);
          pi.n++;
          if (c === e.y) pi.ok++;
          else pi.conf.set(key, (pi.conf.get(key) ?? 0) + 1);
          n++; nDev++;
          const lab = p.d.labels[e.id];
          if (dumpAt > 0)
            dump.push({ doc: p.d.rel, id: e.id, label: lab.status, pred: CLASSES[c], p: pr.map((v) => Math.round(v * 1000) / 1000), labelled: lab.evidence, ours: ranked[e.ind].slice(0, 3).map((r) => p.sentences[r.s].raw.slice(0, 300)) });
          if (c > 0 && lab.status !== 'absent') {
            evN++;
            const quotes = ranked[e.ind].slice(0, 3).map((r) => p.sentences[r.s].raw);
            if (quotes.some((q) => lab.evidence.some((lq) => overlap(q, lq)))) evHit++;
          }
        }
      }
      console.log(`  held out ${dev.padEnd(12)} ${test.length} docs  accuracy ${(okDev / nDev).toFixed(3)}`);
    }
    if (process.argv.includes('--per-indicator'))
      for (const [id, pi] of [...perInd].sort((a, b) => a[1].ok / a[1].n - b[1].ok / b[1].n))
        console.log(`  ${id.padEnd(28)} ${(pi.ok / pi.n).toFixed(2)}  errors ${[...pi.conf].sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k}:${v}`).join(' ')}`);
    if (dumpAt > 0) writeFileSync(process.argv[dumpAt + 1], JSON.stringify(dump, null, 1) + '\n');
    console.log('confusion (label>predicted): ' + [...conf].sort().map(([k, v]) => `${k}:${v}`).join(' '));
    console.log(`leave-one-developer-out: status accuracy ${(ok / n).toFixed(3)}, evidence hit ${(evHit / evN).toFixed(3)} over ${n / ids.length} documents (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
    return;
  }
  const model = fit(outOfFold(data, rubric), ids);
  const sm = trainSentences(data, rubric);
  mkdirSync(join(repoRoot, 'data/model'), { recursive: true });
  writeFileSync(join(repoRoot, 'data/model/default.json'), JSON.stringify(model) + '\n');
  const sp = compact(sm);
  writeFileSync(join(repoRoot, 'data/model/sentences.bin'), encodeSentenceModel(sp));
  const inSample = data.flatMap((p) => examplesFor(p, sm, rubric).ex);
  const nw = sp.w.length;
  console.log(`in-sample status accuracy: ${accuracy(model, inSample).toFixed(3)}; ${nw} sentence weights; wrote data/model/default.json and sentences.bin in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  void sigmoid;
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
