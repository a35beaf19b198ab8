/**
 * Validation against schema/audit.schema.json (JSON Schema draft 2020-12), the published contract of
 * `--format json`. The schema is read and compiled once, on first use.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import type { Ajv2020 as Ajv2020Type } from 'ajv/dist/2020.js';

// From src/report/ (tsx) and dist/report/ (tsc, rootDir src) alike, the package root is ../../.
const SCHEMA_URL = new URL('../../schema/audit.schema.json', import.meta.url);

let compiled: ValidateFunction | undefined;

/** The parsed schema object (for tools that want to publish or inspect it). */
export function auditSchema(): Record<string, unknown> {
  return JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as Record<string, unknown>;
}

function validator(): ValidateFunction {
  if (!compiled) {
    // ajv is loaded on first validation only: it costs start-up time the audit itself never needs.
    const { Ajv2020 } = createRequire(import.meta.url)('ajv/dist/2020.js') as { Ajv2020: typeof Ajv2020Type };
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    compiled = ajv.compile(auditSchema());
  }
  return compiled;
}

/**
 * Checks an object against the audit schema. Errors read `<json pointer> <message>`, e.g.
 * `/document must have required property 'sha256'` or `/indicators/0/status must be equal to one of
 * the allowed values (disclosed, partial, absent)`.
 */
export function validateAudit(obj: unknown): { ok: boolean; errors: string[] } {
  const validate = validator();
  const ok = validate(obj) as boolean;
  if (ok) return { ok: true, errors: [] };
  const errors = (validate.errors ?? []).map((e) => {
    const where = e.instancePath === '' ? '/' : e.instancePath;
    let msg = e.message ?? 'is invalid';
    const params = e.params as Record<string, unknown>;
    if (e.keyword === 'enum' && Array.isArray(params.allowedValues)) msg += ` (${(params.allowedValues as unknown[]).join(', ')})`;
    if (e.keyword === 'const' && 'allowedValue' in params) msg += ` (${JSON.stringify(params.allowedValue)})`;
    return `${where} ${msg}`;
  });
  return { ok: false, errors: [...new Set(errors)] };
}
