// Runs the real `unsaid` CLI from source, for the store CLI tests: node --import tsx cli-runner.ts <args>
import { main } from '../../src/cli/main.js';
await main(process.argv);
