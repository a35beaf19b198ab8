/**
 * npm run eval — audit every labelled document of ../shared/corpus and score the audits the way
 * ../shared/tools/score.py does (and, when python3 is present, run score.py too and show its line).
 *   --per-indicator   a line per indicator     --out DIR   keep the audit JSON files there
 *   --cv              also run leave-one-developer-out cross-validation of the status model
 */
import { mkdirSync, readFileSync, writeFileSync, rmSync, existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { spawnSync } from 'node:child_process';
import { auditBytes } from '../src/audit.js';
import { loadRubric } from '../src/rubric/index.js';
import { corpusDir, loadCorpus, repoRoot } from './lib/corpus.js';
import { score } from './lib/metrics.js';

const args = process.argv.slice(2);
const dir = corpusDir();
if (!dir) {
  console.log('eval: no labelled corpus found at ../shared/corpus (set UNSAID_CORPUS to point at one); nothing scored.');
  process.exit(0);
}
const outDir = args.includes('--out') ? resolve(args[args.indexOf('--out') + 1]) : join(repoRoot, '.tmp/eval-audits');
rmSync(outDir, { recursive: true, force: true });
const rubric = loadRubric();
const docs = loadCorpus(dir);
const pairs = [];
const t0 = performance.now();
for (const d of docs) {
  const audit = await auditBytes({ bytes: readFileSync(d.docPath), source: d.docPath }, { rubric });
  const p = join(outDir, `${d.rel}.json`);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, JSON.stringify(audit));
  pairs.push({ rel: d.rel, label: { labels: d.labels, claims: d.claims }, audit });
}
const ms = performance.now() - t0;
const r = score(pairs);
const f = (v: number | null) => (v === null ? 'n/a' : v.toFixed(3));
console.log(`corpus: ${dir}`);
console.log(`scored ${r.docs} labelled documents (${docs.filter((d) => !/-zh$/.test(d.rel)).length} en, ${docs.filter((d) => /-zh$/.test(d.rel)).length} zh) in ${(ms / 1000).toFixed(2)} s`);
if (args.includes('--per-indicator')) {
  for (const [iid, cc] of r.perInd) {
    const t = [...cc.values()].reduce((a, b) => a + b, 0);
    const ok = [...cc].filter(([k]) => k.split('>')[0] === k.split('>')[1]).reduce((a, [, v]) => a + v, 0);
    const errs = [...cc].filter(([k]) => k.split('>')[0] !== k.split('>')[1]).sort().map(([k, v]) => `${k[0]}>${k.split('>')[1][0]}:${v}`).join(' ');
    console.log(`  ${iid.padEnd(24)} acc ${(ok / t).toFixed(2)}  ${errs}`);
  }
}
console.log('confusion (label>audit): ' + [...r.conf].sort().map(([k, v]) => `${k.split('>')[0][0]}>${k.split('>')[1][0]}:${v}`).join(' '));
console.log('claims per kind (tp/fp/fn): ' + [...r.kind].sort().map(([k, v]) => `${k} ${v.tp}/${v.fp}/${v.fn}`).join(', '));
console.log(`status accuracy ${f(r.accuracy)}  macro-F1 ${f(r.macro_f1)}  silence F1 ${f(r.silence_f1)} (p ${f(r.silence_p)} r ${f(r.silence_r)})  evidence hit ${f(r.evidence_hit)}  zh/en parity ${f(r.zh_en_parity)}`);
console.log(`claims F1 ${f(r.claims_f1)} (p ${f(r.claims_p)} r ${f(r.claims_r)})  claim verdict accuracy ${f(r.claim_verdict_acc)}`);
const scorer = resolve(dir, '../tools/score.py');
if (existsSync(scorer)) {
  const py = spawnSync('python3', [scorer, join(dir, 'labels'), outDir], { encoding: 'utf8' });
  if (py.status === 0) console.log(`score.py: ${py.stdout.trim().split('\n').pop()}`);
  else console.log(`score.py could not run: ${(py.stderr || py.error?.message || '').trim().split('\n').pop()}`);
}
if (args.includes('--cv')) spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'scripts/train.ts'), '--cv'], { stdio: 'inherit' });
