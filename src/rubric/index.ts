/**
 * Rubric loading. The default rubric ships as data (data/rubric/default.yaml); a user rubric file has
 * the same schema (schema/rubric.schema.json) and is validated with a one-line error naming the field.
 */
import { readFileSync } from 'node:fs';
import { loadData, parseYaml } from '../data.js';
import { UnsaidError } from '../errors.js';
import type { Cues, Indicator, Lang, Rubric } from './types.js';

export type { Rubric, Indicator, Cues, Lang } from './types.js';

const DATA = new URL('../../data/', import.meta.url);
let builtin: Rubric | undefined;

/** The default rubric, or a user's rubric file (YAML or JSON). */
export function loadRubric(path?: string): Rubric {
  if (!path) {
    builtin ??= normalise(loadData('rubric/default.yaml') as RawRubric, 'builtin');
    return builtin;
  }
  let raw: unknown;
  try {
    raw = parseYaml(readFileSync(path, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES') throw new UnsaidError('rubric', `rubric ${path}: cannot read (${code})`);
    throw new UnsaidError('rubric', `rubric ${path}: not valid YAML: ${(err as Error).message.split('\n')[0]}`);
  }
  validateRubric(raw, path);
  return normalise(raw as RawRubric, path);
}

interface RawRubric {
  id: string;
  version: string | number;
  scoring?: Rubric['scoring'];
  groups?: Rubric['groups'];
  indicators: Array<Omit<Indicator, 'title' | 'question' | 'group' | 'seed' | 'weight'> & {
    title?: string | Indicator['title'];
    question?: string | Indicator['question'];
    group?: string;
    seed?: boolean;
    weight?: number;
  }>;
}

function text(v: string | { en: string; zh?: string } | undefined, fallback: string): { en: string; zh?: string } {
  if (v === undefined) return { en: fallback };
  return typeof v === 'string' ? { en: v } : v;
}

function normalise(raw: RawRubric, origin: string): Rubric {
  const indicators: Indicator[] = raw.indicators.map((r) => {
    const group = r.group ?? r.id.split('.')[0];
    return {
      id: r.id,
      group,
      seed: r.seed ?? false,
      weight: r.weight ?? 1,
      title: text(r.title, r.id),
      question: text(r.question, text(r.title, r.id).en),
      cues: r.cues,
      ...(r.facts ? { facts: r.facts } : {}),
      ...(r.code ? { code: true } : {}),
      ...(r.links ? { links: true } : {}),
      ...(r.others ? { others: true } : {}),
      ...(r.messages ? { messages: r.messages } : {}),
    };
  });
  const groups: Rubric['groups'] = { ...(raw.groups ?? {}) };
  for (const ind of indicators) groups[ind.group] ??= { en: ind.group };
  // Compile every regex once here so that a bad pattern is a rubric error, not a crash mid-audit.
  for (const ind of indicators) {
    for (const [lang, cues] of Object.entries(ind.cues) as Array<[Lang, Cues]>) {
      for (const key of ['strong', 'vague', 'exclude', 'demote'] as const) {
        (cues[key] ?? []).forEach((src, i) => {
          try {
            new RegExp(src, 'iu');
          } catch (err) {
            throw new UnsaidError('rubric', `rubric ${origin}: indicators[${ind.id}].cues.${lang}.${key}[${i}]: invalid regular expression: ${(err as Error).message}`);
          }
        });
      }
    }
  }
  return {
    id: raw.id,
    version: String(raw.version),
    origin,
    groups,
    scoring: raw.scoring ?? { disclosed: 1, partial: 0.5, absent: 0 },
    indicators,
  };
}

function validateRubric(raw: unknown, path: string): void {
  // Lazy: ajv costs start-up time and is only needed for user rubrics.
  return validateWithSchema(raw, path);
}

import { createRequire } from 'node:module';
function validateWithSchema(raw: unknown, path: string): void {
  const require = createRequire(import.meta.url);
  const { Ajv } = require('ajv') as typeof import('ajv');
  const schema = JSON.parse(readFileSync(new URL('../schema/rubric.schema.json', DATA), 'utf8'));
  const ajv = new Ajv({ allErrors: false, strict: false });
  const validate = ajv.compile(schema);
  if (!validate(raw)) {
    const e = validate.errors?.[0];
    const where = e ? fieldPath(raw, e.instancePath) : '';
    const extra = e?.params && 'additionalProperty' in e.params ? ` '${String(e.params.additionalProperty)}'` : '';
    const allowed = e?.params && 'allowedValues' in e.params ? ` (${(e.params.allowedValues as unknown[]).join(', ')})` : '';
    throw new UnsaidError('rubric', `rubric ${path}: ${where || '(top level)'} ${e?.message ?? 'is invalid'}${extra}${allowed}`);
  }
  const ids = new Set<string>();
  for (const ind of (raw as RawRubric).indicators) {
    if (ids.has(ind.id)) throw new UnsaidError('rubric', `rubric ${path}: indicators: duplicate id '${ind.id}'`);
    ids.add(ind.id);
  }
}

/** "/indicators/3/cues/en/terms" → "indicators[3](data.sources).cues.en.terms" */
function fieldPath(raw: unknown, pointer: string): string {
  const parts = pointer.split('/').slice(1);
  let out = '';
  let node: unknown = raw;
  for (const p of parts) {
    if (Array.isArray(node)) {
      const item = node[Number(p)] as { id?: unknown } | undefined;
      out += `[${p}]` + (item && typeof item.id === 'string' ? `(${item.id})` : '');
      node = item;
    } else {
      out += (out ? '.' : '') + p;
      node = node && typeof node === 'object' ? (node as Record<string, unknown>)[p] : undefined;
    }
  }
  return out;
}
