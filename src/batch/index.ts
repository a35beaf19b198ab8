export { expandInputs, DOC_EXTENSIONS, type Entry, type Item, type ExpandFailure } from './expand.js';
export { expandGlob, globToRegExp, hasMagic } from './glob.js';
export { runBatch, defaultJobs, workerFile, taskFileOptions, type BatchOptions } from './pool.js';
export { runTask, type TaskInput, type TaskOptions, type TaskResult } from './task.js';
export { createProgress, progressWanted, type Progress } from './progress.js';
export { StatsCollector, formatSummary, type BatchStats } from './summary.js';
