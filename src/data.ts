/**
 * Data files (rubric, lexicons, message catalogues) are YAML in data/. Parsing YAML costs more than
 * the whole audit of a model card, so `npm run build` also writes each one as JSON under dist/data/;
 * at run time the JSON is used when it is at least as new as the YAML, else the YAML is parsed.
 */
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';

/** yaml is loaded only when a file has to be parsed (it costs start-up time). */
export function parseYaml(text: string): unknown {
  const { parse } = createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return parse(text, { maxAliasCount: 100 });
}

// This file is src/data.ts (tsx) or dist/data.js (tsc): the package root is one level up either way.
const PKG = new URL('../', import.meta.url);

/** The package's data/ folder. */
export const DATA_DIR = new URL('data/', PKG);

function mtime(u: URL): number {
  try {
    return statSync(u).mtimeMs;
  } catch {
    return -1;
  }
}

/** Parsed contents of data/<rel> (a .yaml path relative to data/). */
export function loadData(rel: string): unknown {
  const yamlUrl = new URL(rel, DATA_DIR);
  const jsonUrl = new URL(`dist/data/${rel.replace(/\.ya?ml$/, '.json')}`, PKG);
  const j = mtime(jsonUrl);
  if (j >= 0 && j >= mtime(yamlUrl)) return JSON.parse(readFileSync(jsonUrl, 'utf8'));
  return parseYaml(readFileSync(yamlUrl, 'utf8'));
}
