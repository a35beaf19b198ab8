/** The piscina task file: one document per call (see ./task.ts). Loaded as .ts under tsx, .js from dist. */
import { runTask, type TaskInput, type TaskResult } from './task.js';

// As in the CLI's main thread: library warnings stay quiet unless UNSAID_DEBUG=1.
process.removeAllListeners('warning');
process.on('warning', (w) => {
  if (process.env.UNSAID_DEBUG === '1')
    process.stderr.write(`unsaid: warning: ${w.message.replace(/\s+/g, ' ').slice(0, 300)}\n`);
});

export default function work(input: TaskInput): Promise<TaskResult> {
  return runTask(input);
}
