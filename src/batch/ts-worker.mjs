// Development only: load a TypeScript piscina task file in a worker thread through tsx's tsImport.
// (With `--import tsx` alone, a worker resolves static `.js` → `.ts` imports but not dynamic ones,
// e.g. ingest's lazy `import('./html.js')`.) The compiled dist/ uses the .js task files directly.
import { workerData } from 'piscina';
import { tsImport } from 'tsx/esm/api';

const mod = await tsImport(workerData.tsFile, import.meta.url);
export default mod.default;
