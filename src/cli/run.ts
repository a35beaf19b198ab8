/** Entry for running the CLI from source: `node --import tsx src/cli/run.ts audit …` (tests, development). */
import { main } from './main.js';

main(process.argv).catch((err: unknown) => {
  process.stderr.write(`unsaid: internal error: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exitCode = 70;
});
