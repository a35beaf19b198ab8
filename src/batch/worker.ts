/** The piscina task file: one document per call (see ./task.ts). Loaded as .ts under tsx, .js from dist. */
import { runTask, type TaskInput, type TaskResult } from './task.js';

export default function work(input: TaskInput): Promise<TaskResult> {
  return runTask(input);
}
