/**
 * Memory of a batch: a cap on the young generation of the audit worker threads.
 *
 * Each worker is a V8 isolate whose young generation grows, over a long batch, to V8's default of
 * 16 MB semi-spaces although an audit keeps little alive: a 10,000-card batch on 2 workers peaked at
 * ~228 MB RSS, ~197 MB with this cap, at the same speed (a scavenge of a few MB is cheap, and most of a
 * card's garbage dies young either way). V8 reads the flag when an isolate is created, so it applies
 * to the workers started after the call, not to the running main thread. (The pool could pass Node's
 * `resourceLimits.maxYoungGenerationSizeMb` per worker instead; src/batch/pool.ts does not today.)
 */
import { setFlagsFromString } from 'node:v8';

/** Largest semi-space of a worker isolate, in MB. */
export const WORKER_SEMI_SPACE_MB = 4;

let applied = false;

export function limitWorkerYoungGeneration(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
}
