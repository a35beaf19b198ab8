/**
 * `npm run fuzz`: audit 100,000 generated inputs (random bytes, arbitrary Unicode, structured and
 * malformed markdown, deeply nested HTML, valid/truncated/corrupted PDFs, huge single lines, mixed and
 * invalid encodings, zero-width/bidi/NUL characters, XSS payloads, claim-heavy text) plus one 50 MB
 * document, on a pool of 2 workers. Every input must end in an Audit or an UnsaidError:
 *   crash = any other exception (reported by message, with the first input that raised it),
 *   hang  = an input that took longer than --hang-ms (default 5 s) or never settled.
 * Prints counts, expected errors by kind, crashes, hangs, per-generator figures and peak RSS.
 * Exit code 1 when there are crashes or hangs.
 *
 *   node --import tsx scripts/fuzz.ts [--n 100000] [--seed 1] [--workers 2] [--batch 250]
 *        [--hang-ms 5000] [--large-mb 50 | --no-large] [--dump <index>]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Piscina } from 'piscina';
import { makeInput, makeLargeInput } from './fuzz-gen.js';
import { taskFileOptions } from '../src/batch/pool.js';
import { emptyStats, noteSlow, type FuzzStats, type FuzzTask } from './fuzz-worker.js';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  if (i === -1) return fallback;
  return process.argv[i + 1];
}
const flag = (name: string) => process.argv.includes(`--${name}`);

if (flag('help') || process.argv.includes('-h')) {
  console.log('usage: node --import tsx scripts/fuzz.ts [--n 100000] [--seed 1] [--workers 2] [--batch 250]\n' +
    '                    [--hang-ms 5000] [--large-mb 50 | --no-large] [--dump <index>]');
  process.exit(0);
}

const N = Number(arg('n', '100000'));
const SEED = Number(arg('seed', '1'));
const WORKERS = Number(arg('workers', '2'));
const BATCH = Number(arg('batch', '250'));
const HANG_MS = Number(arg('hang-ms', '5000'));
const ABANDON_MS = Math.max(HANG_MS * 4, 20_000);
const LARGE_MB = flag('no-large') ? 0 : Number(arg('large-mb', '50'));

if (arg('dump') !== undefined) {
  const index = Number(arg('dump'));
  const input = index < 0 ? makeLargeInput(SEED, LARGE_MB || 50) : makeInput(SEED, index);
  mkdirSync('.tmp', { recursive: true });
  const ext = input.source.includes('.') ? input.source.slice(input.source.lastIndexOf('.')) : '';
  const file = join('.tmp', `fuzz-${SEED}-${index}${ext}`);
  writeFileSync(file, input.bytes);
  console.log(
    `${file}  (${input.gen}, ${input.bytes.length} bytes${input.contentType ? `, content-type ${input.contentType}` : ''})`,
  );
  process.exit(0);
}

function merge(into: FuzzStats, s: FuzzStats): void {
  into.n += s.n;
  into.ok += s.ok;
  for (const [k, v] of Object.entries(s.errors)) into.errors[k] = (into.errors[k] ?? 0) + v;
  for (const [m, c] of Object.entries(s.crashes)) {
    const t = into.crashes[m];
    if (t) t.count += c.count;
    else into.crashes[m] = { ...c };
  }
  into.hangs.push(...s.hangs);
  for (const [g, v] of Object.entries(s.byGen)) {
    const t = (into.byGen[g] ??= { n: 0, ok: 0, err: 0, crash: 0, hang: 0, totalMs: 0, maxMs: 0, bytes: 0 });
    t.n += v.n;
    t.ok += v.ok;
    t.err += v.err;
    t.crash += v.crash;
    t.hang += v.hang;
    t.totalMs += v.totalMs;
    t.maxMs = Math.max(t.maxMs, v.maxMs);
    t.bytes += v.bytes;
  }
  into.maxHeapMb = Math.max(into.maxHeapMb, s.maxHeapMb);
  for (const x of s.slowest) noteSlow(into, x);
}

const total = emptyStats();
let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
}, 200);
sampler.unref();

const pool = new Piscina<FuzzTask, FuzzStats>({
  ...taskFileOptions(new URL('./fuzz-worker', import.meta.url), import.meta.url),
  minThreads: WORKERS,
  maxThreads: WORKERS,
  idleTimeout: 60_000,
  resourceLimits: { maxOldGenerationSizeMb: 4096 },
});

const t0 = performance.now();
let large: { ms: number; stats?: FuzzStats; failure?: string } | undefined;
const queue: FuzzTask[] = [];
if (LARGE_MB > 0) queue.push({ type: 'large', seed: SEED, mb: LARGE_MB, hangMs: HANG_MS, abandonMs: 600_000 });
for (let start = 0; start < N; start += BATCH) {
  queue.push({ type: 'batch', seed: SEED, start, count: Math.min(BATCH, N - start), hangMs: HANG_MS, abandonMs: ABANDON_MS });
}

/** A batch that killed or hung its worker: run its inputs one by one to find which. */
async function isolate(task: Extract<FuzzTask, { type: 'batch' }>, why: string): Promise<void> {
  for (let i = task.start; i < task.start + task.count; i++) {
    const single: FuzzTask = { ...task, start: i, count: 1 };
    try {
      merge(total, await pool.run(single, { signal: AbortSignal.timeout(ABANDON_MS + 5000) }));
    } catch (err) {
      const gen = makeInput(SEED, i).gen;
      const msg = err instanceof Error ? err.message : String(err);
      const s = emptyStats();
      s.n = 1;
      s.byGen[gen] = { n: 1, ok: 0, err: 0, crash: 0, hang: 0, totalMs: 0, maxMs: 0, bytes: 0 };
      if (/abort/i.test(msg)) {
        s.hangs.push({ index: i, gen, ms: ABANDON_MS, abandoned: true });
        s.byGen[gen].hang = 1;
      } else {
        s.crashes[`worker died (${why}): ${msg.slice(0, 200)}`] = { count: 1, index: i, gen };
        s.byGen[gen].crash = 1;
      }
      merge(total, s);
    }
  }
}

let done = 0;
let lastLog = performance.now();
async function runner(): Promise<void> {
  for (;;) {
    const task = queue.shift();
    if (!task) return;
    const t = performance.now();
    const deadline = task.type === 'large' ? 900_000 : Math.max(120_000, task.count * 200);
    try {
      const s = await pool.run(task, { signal: AbortSignal.timeout(deadline) });
      if (task.type === 'large') large = { ms: performance.now() - t, stats: s };
      else merge(total, s);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      if (task.type === 'large') large = { ms: performance.now() - t, failure: msg };
      else await isolate(task, /abort/i.test(msg) ? 'batch deadline' : msg.slice(0, 80));
    }
    if (task.type === 'batch') done += task.count;
    if (performance.now() - lastLog > 10_000) {
      lastLog = performance.now();
      const secs = (performance.now() - t0) / 1000;
      process.stderr.write(`fuzz: ${done}/${N} inputs, ${(done / secs).toFixed(0)}/s, ${secs.toFixed(0)} s\n`);
    }
  }
}

await Promise.all(Array.from({ length: WORKERS }, () => runner()));
await pool.destroy();
clearInterval(sampler);
peakRss = Math.max(peakRss, process.memoryUsage.rss(), process.resourceUsage().maxRSS * 1024);
const secs = (performance.now() - t0) / 1000;

// ---------------------------------------------------------------- report
const crashCount = Object.values(total.crashes).reduce((s, c) => s + c.count, 0);
const mb = (b: number) => `${(b / 1048576).toFixed(0)} MB`;
const out: string[] = [];
out.push(`fuzz: seed ${SEED}, ${WORKERS} workers, ${secs.toFixed(1)} s`);
out.push(`inputs              ${total.n}${large ? ' (+1 large)' : ''}`);
out.push(`ok                  ${total.ok}`);
out.push(
  `expected errors     ${Object.values(total.errors).reduce((a, b) => a + b, 0)}  ${Object.entries(total.errors)
    .sort()
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')}`,
);
out.push(`crashes             ${crashCount}`);
const crashList = Object.entries(total.crashes).sort((a, b) => b[1].count - a[1].count);
for (const [m, c] of crashList.slice(0, 8)) out.push(`  ${String(c.count).padStart(6)} × ${m}   [first: #${c.index} ${c.gen}]`);
if (crashList.length > 8) out.push(`  … ${crashList.length - 8} more distinct messages`);
const late = total.hangs.filter((h) => !h.abandoned);
const abandoned = total.hangs.filter((h) => h.abandoned);
out.push(
  `hangs (> ${HANG_MS / 1000} s)      ${total.hangs.length}  (${late.length} finished late, ${abandoned.length} never settled)`,
);
for (const h of total.hangs.slice(0, 8))
  out.push(`         #${h.index} ${h.gen} ${h.abandoned ? 'never settled' : `${(h.ms / 1000).toFixed(1)} s`}`);
if (large) {
  const s = large.stats;
  const what = large.failure
    ? `failed: ${large.failure}`
    : s && s.ok
      ? 'audited'
      : s && Object.keys(s.errors).length
        ? `UnsaidError (${Object.keys(s.errors).join(', ')})`
        : s && Object.keys(s.crashes).length
          ? `crash: ${Object.keys(s.crashes)[0]}`
          : s && s.hangs.length
            ? 'never settled'
            : '?';
  out.push(
    `large input         ${LARGE_MB} MB markdown: ${what} in ${(large.ms / 1000).toFixed(1)} s${s ? `, worker heap ≤ ${s.maxHeapMb.toFixed(0)} MB` : ''}`,
  );
}
const largeCrashed = large !== undefined && (large.failure !== undefined || Object.keys(large.stats?.crashes ?? {}).length > 0);
out.push(
  `slowest inputs      ${total.slowest
    .slice(0, 5)
    .map((x) => `#${x.index} ${x.gen} ${(x.bytes / 1024).toFixed(1)} KB ${x.ms.toFixed(0)} ms`)
    .join('; ')}`,
);
out.push(`peak RSS            ${mb(peakRss)} (process, both workers; worker heap ≤ ${total.maxHeapMb.toFixed(0)} MB)`);
out.push(`throughput          ${(total.n / secs).toFixed(0)} inputs/s`);
out.push('');
out.push('generator          inputs      ok  errors  crashes  hangs  mean ms   max ms   MB');
for (const [g, v] of Object.entries(total.byGen).sort()) {
  out.push(
    `${g.padEnd(16)} ${String(v.n).padStart(8)} ${String(v.ok).padStart(7)} ${String(v.err).padStart(7)} ${String(v.crash).padStart(8)} ${String(v.hang).padStart(6)} ${(v.totalMs / Math.max(1, v.n)).toFixed(2).padStart(8)} ${v.maxMs.toFixed(0).padStart(8)} ${(v.bytes / 1048576).toFixed(1).padStart(5)}`,
  );
}
if (crashCount || total.hangs.length) {
  out.push('');
  out.push(
    `replay an input: node --import tsx scripts/fuzz.ts --seed ${SEED} --dump <index>   (writes .tmp/fuzz-${SEED}-<index>.*)`,
  );
}
console.log(out.join('\n'));
process.exitCode = crashCount > 0 || total.hangs.length > 0 || largeCrashed ? 1 : 0;
