/**
 * Run a batch: each entry (a document, or an input that failed to expand) gives one TaskResult, and
 * results are handed to `onResult` in input order (a small reorder buffer), so output is the same
 * bytes whatever the scheduling. With one job, or only a few documents, everything runs in this
 * thread: no worker start-up cost. Otherwise a piscina pool of `jobs` workers does the audits.
 */
import { availableParallelism } from 'node:os';
import type { Entry } from './expand.js';
import { runTask, type TaskOptions, type TaskResult } from './task.js';

export interface BatchOptions {
  /** Worker threads; default: the number of cores. */
  jobs?: number;
  task: TaskOptions;
  /** Bytes read from stdin, for a `-` input. */
  stdinBytes?: Uint8Array;
  /** Called once per entry, in input order. */
  onResult: (index: number, result: TaskResult) => void | Promise<void>;
  /** Called as each entry finishes (completion order), for a progress bar. */
  onSettled?: (result: TaskResult) => void;
  /**
   * Fewer documents than this run in this thread: starting a worker (loading the audit path and the
   * rubric again) costs more than auditing a handful of documents. Default 8.
   */
  minPoolDocs?: number;
}

export function defaultJobs(): number {
  return Math.max(1, availableParallelism());
}

/**
 * Piscina options that load a task module given without extension (`new URL('./worker', import.meta.url)`
 * from the caller): the `.js` file from dist/, or, running from src/ under tsx, the `.ts` file through
 * ./ts-worker.mjs (tsx's tsImport), since a plain `--import tsx` worker cannot resolve the dynamic
 * imports inside the audit path.
 */
export function taskFileOptions(
  stem: URL,
  callerUrl: string,
): { filename: string; execArgv?: string[]; workerData?: { tsFile: string } } {
  if (callerUrl.endsWith('.ts')) {
    return {
      filename: new URL('./ts-worker.mjs', import.meta.url).href,
      execArgv: [],
      workerData: { tsFile: `${stem.href}.ts` },
    };
  }
  return { filename: `${stem.href}.js` };
}

/** The task file for the worker pool: worker.js beside this file (worker.ts under tsx). */
export function workerFile(): string {
  return taskFileOptions(new URL('./worker', import.meta.url), import.meta.url).filename;
}

function failureResult(entry: Extract<Entry, { failure: unknown }>): TaskResult {
  const { source, error } = entry.failure;
  return { ok: false, source, kind: error.kind, code: error.exitCode, message: error.message, ms: 0, bytes: 0 };
}

export async function runBatch(entries: Entry[], opts: BatchOptions): Promise<void> {
  const docs = entries.filter((e) => 'item' in e).length;
  const jobs = docs < (opts.minPoolDocs ?? 8) ? 1 : Math.max(1, Math.min(opts.jobs ?? defaultJobs(), docs));
  const inputFor = (e: Extract<Entry, { item: unknown }>) => ({
    item: e.item,
    opts: opts.task,
    ...(e.item.kind === 'stdin' ? { bytes: opts.stdinBytes } : {}),
  });

  if (jobs <= 1) {
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      const r = 'item' in e ? await runTask(inputFor(e)) : failureResult(e);
      opts.onSettled?.(r);
      await opts.onResult(i, r);
    }
    return;
  }

  const { Piscina } = await import('piscina');
  const pool = new Piscina<ReturnType<typeof inputFor>, TaskResult>({
    ...taskFileOptions(new URL('./worker', import.meta.url), import.meta.url),
    minThreads: jobs,
    maxThreads: jobs,
    idleTimeout: 1000,
  });
  // At most `window` entries are in flight or waiting in the reorder buffer: memory stays bounded.
  const window = Math.max(16, jobs * 8);
  const ready = new Map<number, TaskResult>();
  let next = 0; // next index to hand to onResult
  let submitted = 0;
  let failure: unknown;
  try {
    await new Promise<void>((resolveAll, rejectAll) => {
      let emitting = false;
      const drain = async () => {
        if (emitting) return;
        emitting = true;
        try {
          while (ready.has(next)) {
            const r = ready.get(next) as TaskResult;
            ready.delete(next);
            await opts.onResult(next, r);
            next++;
          }
        } catch (err) {
          rejectAll(err);
          return;
        } finally {
          emitting = false;
        }
        if (next === entries.length) resolveAll();
        else fill();
      };
      const settle = (i: number, r: TaskResult) => {
        opts.onSettled?.(r);
        ready.set(i, r);
        void drain();
      };
      const fill = () => {
        while (submitted < entries.length && submitted - next < window) {
          const i = submitted++;
          const e = entries[i];
          if ('failure' in e) {
            settle(i, failureResult(e));
            continue;
          }
          pool.run(inputFor(e)).then(
            (r) => settle(i, r),
            (err: unknown) =>
              settle(i, {
                ok: false,
                source: e.item.source,
                kind: 'internal',
                code: 70,
                message: `${e.item.source}: internal error: worker failed: ${err instanceof Error ? err.message : String(err)}`,
                ms: 0,
                bytes: 0,
              }),
          );
        }
      };
      if (entries.length === 0) resolveAll();
      else fill();
    });
  } catch (err) {
    failure = err;
  } finally {
    await pool.destroy();
  }
  if (failure) throw failure;
}
