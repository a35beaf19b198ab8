/**
 * Memory of a batch on worker threads: V8 heap settings for the worker isolates.
 *
 * Each worker is a V8 isolate. By default its young generation grows over a long batch to 16 MB
 * semi-spaces, and its old generation to up to 4× what survives the last full GC, although an audit
 * keeps little alive. Measured with the bench's batch phase on 2 workers (peak RSS of the process):
 *   - 10,000 generated cards: ~228 MB → ~197 MB with 4 MB semi-spaces;
 *   - the dev corpus repeated to 21 MB: ~240 MB with 4 MB semi-spaces → ~187 MB when the heap also
 *     grows by at most 50% per full GC (--heap-growing-percent), for ~10% more CPU in the workers
 *     (more full GCs: 29.1 s vs 26.0 s user time, run side by side).
 * V8 reads the semi-space flag when an isolate is created, so it applies to the workers started after
 * the call; the growing factor is read at every GC, so it also applies to the main thread, which only
 * collects results. (The pool could pass `resourceLimits.maxYoungGenerationSizeMb` per worker instead;
 * src/batch/pool.ts does not today.) Audit results do not depend on any of this.
 */
import { setFlagsFromString } from 'node:v8';

/** Largest semi-space of a worker isolate, in MB. */
export const WORKER_SEMI_SPACE_MB = 4;
/** Heap growth allowed after a full GC, in percent of what survived it. */
export const HEAP_GROWING_PERCENT = 50;

let applied = false;

export function tuneBatchHeap(): void {
  if (applied) return;
  applied = true;
  setFlagsFromString(`--max-semi-space-size=${WORKER_SEMI_SPACE_MB}`);
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
