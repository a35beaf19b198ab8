/**
 * Data files (rubric, lexicons, message catalogues) are YAML in data/. Parsing YAML costs more than
 * the whole audit of a model card, so `npm run build` also writes each one as JSON under dist/data/;
 * at run time the JSON is used when it is at least as new as the YAML, else the YAML is parsed.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

let yamlModule: typeof import('yaml') | undefined;

/**
 * The yaml package, loaded on first use (it costs start-up time). `npm run build` bundles it into
 * dist/vendor/yaml.cjs when esbuild is installed: one file loads in ~15 ms where the package's ~70
 * take ~60-100 ms. From src/ (tsx) or without the bundle, the package itself is loaded.
 */
export function yamlLib(): typeof import('yaml') {
  if (yamlModule) return yamlModule;
  const require = createRequire(import.meta.url);
  const bundled = new URL('vendor/yaml.cjs', import.meta.url);
  yamlModule = require(existsSync(bundled) ? fileURLToPath(bundled) : 'yaml') as typeof import('yaml');
  return yamlModule;
}

/** yaml is loaded only when a file has to be parsed. */
export function parseYaml(text: string): unknown {
  return yamlLib().parse(text, { maxAliasCount: 100 });
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
