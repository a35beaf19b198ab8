/**
 * The formatter registry. A formatter is a pure function `(audits, options) => string`: no clock, no
 * I/O, same input → same bytes. Built-ins: stylish, json, jsonl, markdown, html. A user formatter is a
 * `.js`/`.mjs`/`.cjs` module whose default export is such a function, loaded by path with `loadFormatter`.
 */
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UnsaidError } from '../errors.js';
import type { Audit } from '../types.js';
import type { Formatter, FormatOptions } from './options.js';
import { stylish } from './stylish.js';
import { json, jsonl } from './json.js';
import { markdown } from './markdown.js';
import { html } from './html.js';

export type { Formatter, FormatOptions } from './options.js';
export { computeScore, type Score } from './score.js';
export { validateAudit } from './schema.js';
export { escapeHtml } from './html.js';
export { escapeMarkdown } from './markdown.js';

export const formatters: Record<string, Formatter> = Object.freeze({
  stylish,
  json,
  jsonl,
  markdown,
  html,
});

/** Names a user can pass to `--format` (built-ins only). */
export const formatterNames: readonly string[] = Object.freeze(Object.keys(formatters));

function isBuiltin(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(formatters, name);
}

/** A name that should be read as a file path rather than a built-in formatter name. */
function looksLikePath(name: string): boolean {
  return /\.(?:m|c)?js$/i.test(name) || name.includes('/') || name.includes('\\');
}

function unknown(name: string): UnsaidError {
  return new UnsaidError(
    'usage',
    `unknown format "${name}" (expected one of: ${formatterNames.join(', ')}, or a path to a .js/.mjs formatter module)`,
  );
}

/** A built-in formatter by name. Throws UnsaidError('usage') for anything else (use loadFormatter for paths). */
export function getFormatter(name: string): Formatter {
  if (isBuiltin(name)) return formatters[name];
  if (looksLikePath(name)) {
    throw new UnsaidError('usage', `format "${name}" is a file path: it must be loaded with loadFormatter`);
  }
  throw unknown(name);
}

/**
 * A built-in formatter by name, or a user formatter module by path (relative to `cwd`). The module's
 * default export must be a function; its result is checked to be a string on every call.
 */
export async function loadFormatter(name: string, cwd: string = process.cwd()): Promise<Formatter> {
  if (isBuiltin(name)) return formatters[name];
  if (!looksLikePath(name)) throw unknown(name);
  const file = isAbsolute(name) ? name : resolve(cwd, name);
  if (!existsSync(file) || !statSync(file).isFile()) {
    throw new UnsaidError('usage', `formatter module not found: ${name}`);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (err) {
    const msg = err instanceof Error ? err.message : String(err);
    throw new UnsaidError('usage', `cannot load formatter module ${name}: ${msg}`);
  }
  let fn = mod.default;
  // A CommonJS module's `module.exports = { default: fn }` arrives as default.default.
  if (fn && typeof fn === 'object' && typeof (fn as Record<string, unknown>).default === 'function') {
    fn = (fn as Record<string, unknown>).default;
  }
  if (typeof fn !== 'function') {
    throw new UnsaidError('usage', `formatter module ${name} has no default export function`);
  }
  const user = fn as (audits: Audit[], options: FormatOptions) => unknown;
  return (audits, options) => {
    const out = user(audits, options);
    if (typeof out !== 'string') {
      throw new UnsaidError('usage', `formatter module ${name} returned ${out === null ? 'null' : typeof out}, not a string`);
    }
    return out;
  };
}
