/** The labelled corpus in ../shared/corpus (or $UNSAID_CORPUS): documents and their labels. */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export interface LabelledDoc {
  rel: string; // "meta/llama-2__model-card"
  developer: string;
  docPath: string;
  labels: Record<string, { status: 'disclosed' | 'partial' | 'absent'; evidence: string[]; note?: string }>;
  claims: Array<{ quote: string; kind: string; verdict: string; benchmark_named: boolean; baseline_named: boolean; numbers_given: boolean; setup_given: boolean }>;
}

export function corpusDir(): string | null {
  const dir = process.env.UNSAID_CORPUS ?? resolve(repoRoot, '../shared/corpus');
  return existsSync(join(dir, 'labels')) && existsSync(join(dir, 'docs')) ? dir : null;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const n of readdirSync(dir).sort()) {
    const p = join(dir, n);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export function loadCorpus(dir: string): LabelledDoc[] {
  const out: LabelledDoc[] = [];
  for (const lp of walk(join(dir, 'labels')).filter((p) => p.endsWith('.json'))) {
    const rel = relative(join(dir, 'labels'), lp).replace(/\.json$/, '');
    const lab = JSON.parse(readFileSync(lp, 'utf8'));
    const docRel: string = lab.doc ?? `${rel}.md`;
    const docPath = join(dir, 'docs', docRel);
    if (!existsSync(docPath)) continue;
    out.push({ rel, developer: rel.split('/')[0], docPath, labels: lab.labels, claims: lab.claims ?? [] });
  }
  return out;
}

/** All document files under docs/ (labelled or not). */
export function allDocs(dir: string): string[] {
  return walk(join(dir, 'docs'));
}
