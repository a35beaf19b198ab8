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
import { loadRubric } from '../src/rubric/index.js';
import { runChecks, CLASSES, predict, type StatusModel } from '../src/checks/index.js';
import { FEATURE_NAMES } from '../src/checks/features.js';
import { corpusDir, loadCorpus, repoRoot } from './lib/corpus.js';

export interface Example {
  doc: string;
  developer: string;
  ind: number;
  id: string;
  x: number[];
  y: number;
}

export async function buildExamples(): Promise<Example[]> {
  const dir = corpusDir();
  if (!dir) throw new Error('labelled corpus not found (../shared/corpus or $UNSAID_CORPUS)');
  const rubric = loadRubric();
  const out: Example[] = [];
  for (const d of loadCorpus(dir)) {
    const doc = await ingest({ bytes: readFileSync(d.docPath), source: d.docPath });
    const sentences = segment(doc);
    const { features } = runChecks(doc, sentences, rubric, null);
    rubric.indicators.forEach((ind, k) => {
      const lab = d.labels[ind.id];
      if (!lab) return;
      out.push({ doc: d.rel, developer: d.developer, ind: k, id: ind.id, x: features[k], y: CLASSES.indexOf(lab.status) });
    });
  }
  return out;
}

export function fit(ex: Example[], ids: string[], opts = { steps: 1500, lr: 0.05, l2g: 0.01, l2d: 0.3 }): StatusModel {
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
    const p = predict(model, e.id, e.x);
    if (p.indexOf(Math.max(...p)) === e.y) ok++;
  }
  return ok / ex.length;
}

async function main() {
  const t0 = Date.now();
  const ex = await buildExamples();
  const ids = [...new Set(ex.map((e) => e.id))];
  const docs = new Set(ex.map((e) => e.doc)).size;
  console.log(`examples: ${ex.length} (${docs} documents, ${ids.length} indicators), features: ${FEATURE_NAMES.length}`);
  if (process.argv.includes('--cv')) {
    const devs = [...new Set(ex.map((e) => e.developer))].sort();
    let ok = 0, n = 0;
    for (const dev of devs) {
      const train = ex.filter((e) => e.developer !== dev);
      const test = ex.filter((e) => e.developer === dev);
      const m = fit(train, ids);
      const a = accuracy(m, test);
      ok += a * test.length;
      n += test.length;
      console.log(`  held out ${dev.padEnd(12)} ${test.length / ids.length} docs  accuracy ${a.toFixed(3)}`);
    }
    console.log(`leave-one-developer-out status accuracy: ${(ok / n).toFixed(3)} over ${n / ids.length} documents`);
    return;
  }
  const model = fit(ex, ids);
  mkdirSync(join(repoRoot, 'data/model'), { recursive: true });
  writeFileSync(join(repoRoot, 'data/model/default.json'), JSON.stringify(model) + '\n');
  console.log(`in-sample status accuracy: ${accuracy(model, ex).toFixed(3)}; wrote data/model/default.json in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
