/**
 * JSON output. `json`: one audit → the Audit object pretty-printed (2 spaces); several → JSON Lines,
 * one compact object per line. `jsonl`: always JSON Lines. Key order is the order the Audit object
 * was built in (JSON.stringify keeps insertion order), so the same audit gives the same bytes.
 * Output ends with a newline; no audits → empty string.
 */
import type { Audit } from '../types.js';
import type { FormatOptions } from './options.js';

export function jsonl(audits: Audit[], _options?: FormatOptions): string {
  return audits.map((a) => JSON.stringify(a) + '\n').join('');
}

export function json(audits: Audit[], options?: FormatOptions): string {
  if (audits.length === 1) return JSON.stringify(audits[0], null, 2) + '\n';
  return jsonl(audits, options);
}
