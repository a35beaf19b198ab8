/** Piscina task for scripts/fuzz.ts: generate inputs by index and audit each in-process with a timer. */
import { auditBytes } from '../src/audit.js';
import { UnsaidError } from '../src/errors.js';
import { makeInput, makeLargeInput, type FuzzInput } from './fuzz-gen.js';

export type FuzzTask =
  | { type: 'batch'; seed: number; start: number; count: number; hangMs: number; abandonMs: number }
  | { type: 'large'; seed: number; mb: number; hangMs: number; abandonMs: number };

export interface GenStats {
  n: number;
  ok: number;
  err: number;
  crash: number;
  hang: number;
  totalMs: number;
  maxMs: number;
  bytes: number;
}

export interface FuzzStats {
  n: number;
  ok: number;
  errors: Record<string, number>;
  /** Non-UnsaidError exceptions, by message: count and the first input that raised it. */
  crashes: Record<string, { count: number; index: number; gen: string }>;
  /** Inputs over the hang limit (finished late) or abandoned (never settled). */
  hangs: Array<{ index: number; gen: string; ms: number; abandoned: boolean }>;
  byGen: Record<string, GenStats>;
  maxHeapMb: number;
  /** The slowest inputs (at most 10). */
  slowest: Array<{ index: number; gen: string; ms: number; bytes: number }>;
}

export function emptyStats(): FuzzStats {
  return { n: 0, ok: 0, errors: {}, crashes: {}, hangs: [], byGen: {}, maxHeapMb: 0, slowest: [] };
}

const ABANDONED = Symbol('abandoned');

async function one(stats: FuzzStats, index: number, input: FuzzInput, hangMs: number, abandonMs: number): Promise<void> {
  const g = (stats.byGen[input.gen] ??= { n: 0, ok: 0, err: 0, crash: 0, hang: 0, totalMs: 0, maxMs: 0, bytes: 0 });
  stats.n++;
  g.n++;
  g.bytes += input.bytes.length;
  const t0 = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    const r = await Promise.race([
      auditBytes({ bytes: input.bytes, source: input.source, contentType: input.contentType }),
      new Promise<typeof ABANDONED>((resolve) => {
        timer = setTimeout(() => resolve(ABANDONED), abandonMs);
      }),
    ]);
    if (r === ABANDONED) {
      g.hang++;
      stats.hangs.push({ index, gen: input.gen, ms: abandonMs, abandoned: true });
      return;
    }
    stats.ok++;
    g.ok++;
  } catch (err) {
    if (err instanceof UnsaidError) {
      stats.errors[err.kind] = (stats.errors[err.kind] ?? 0) + 1;
      g.err++;
    } else {
      g.crash++;
      const message =
        err instanceof Error ? `${err.name}: ${err.message}`.split('\n')[0].slice(0, 300) : String(err).slice(0, 300);
      const c = (stats.crashes[message] ??= { count: 0, index, gen: input.gen });
      c.count++;
    }
  } finally {
    clearTimeout(timer);
  }
  const ms = performance.now() - t0;
  g.totalMs += ms;
  if (ms > g.maxMs) g.maxMs = ms;
  noteSlow(stats, { index, gen: input.gen, ms, bytes: input.bytes.length });
  if (ms > hangMs) {
    g.hang++;
    stats.hangs.push({ index, gen: input.gen, ms, abandoned: false });
  }
  const heap = process.memoryUsage().heapUsed / 1048576;
  if (heap > stats.maxHeapMb) stats.maxHeapMb = heap;
}

export function noteSlow(stats: FuzzStats, x: FuzzStats['slowest'][number]): void {
  if (stats.slowest.length >= 10 && x.ms <= stats.slowest[stats.slowest.length - 1].ms) return;
  stats.slowest.push(x);
  stats.slowest.sort((a, b) => b.ms - a.ms);
  stats.slowest.length = Math.min(stats.slowest.length, 10);
}

/** Load the whole audit path (markdown, html, pdf) once per worker, untimed, so start-up is not a "hang". */
let warm: Promise<void> | undefined;
function warmUp(): Promise<void> {
  warm ??= (async () => {
    const { minimalPdf } = await import('./fuzz-gen.js');
    const docs: Array<[Uint8Array, string]> = [
      [new TextEncoder().encode('# Warm\n\nThe model has 7B parameters and is 30% better than X.\n'), 'w.md'],
      [new TextEncoder().encode('<!doctype html><html><body><p>The model has 7B parameters.</p></body></html>'), 'w.html'],
      [minimalPdf(['The model has 7B parameters.']), 'w.pdf'],
    ];
    for (const [bytes, source] of docs) await auditBytes({ bytes, source }).catch(() => undefined);
  })();
  return warm;
}

export default async function run(task: FuzzTask): Promise<FuzzStats> {
  await warmUp();
  const stats = emptyStats();
  if (task.type === 'large') {
    await one(stats, -1, makeLargeInput(task.seed, task.mb), task.hangMs, task.abandonMs);
    return stats;
  }
  for (let i = task.start; i < task.start + task.count; i++) {
    await one(stats, i, makeInput(task.seed, i), task.hangMs, task.abandonMs);
  }
  return stats;
}
