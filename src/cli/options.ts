/** Parsers for option values; each throws commander's InvalidArgumentError (→ exit 2, one line). */
import { InvalidArgumentError } from './commander.js';

export function parseScore(v: string): number {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100)
    throw new InvalidArgumentError('expected a score from 0 to 100');
  return n;
}

export function parseJobs(v: string): number {
  if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError('expected a whole number of jobs (1 or more)');
  const n = Number(v);
  if (n < 1 || n > 256) throw new InvalidArgumentError('expected a whole number of jobs from 1 to 256');
  return n;
}

const SIZE_UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** "10MB", "500k", "1048576" → bytes. */
export function parseSize(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(v);
  const unit = m ? SIZE_UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new InvalidArgumentError('expected a size such as 1048576, 500KB or 10MB');
  const n = Math.floor(Number(m[1]) * unit);
  if (n < 1) throw new InvalidArgumentError('expected a size of at least 1 byte');
  return n;
}

/** "4000000", "500k", "4M" → a count (k = 1,000, M = 1,000,000). */
export function parseCount(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([km]?)\s*$/i.exec(v);
  if (!m) throw new InvalidArgumentError('expected a number such as 4000000, 500k or 4M');
  const n = Math.floor(Number(m[1]) * ({ '': 1, k: 1e3, m: 1e6 } as Record<string, number>)[m[2].toLowerCase()]);
  if (n < 1) throw new InvalidArgumentError('expected a number of at least 1');
  return n;
}

/** "20s", "500ms", "2m", "20000" (milliseconds) → ms. */
export function parseDuration(v: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/i.exec(v);
  if (!m) throw new InvalidArgumentError('expected a duration such as 20000 (ms), 500ms, 20s or 2m');
  const mult = { ms: 1, s: 1000, m: 60_000 }[(m[2] ?? 'ms').toLowerCase() as 'ms' | 's' | 'm'];
  const n = Math.round(Number(m[1]) * mult);
  if (n < 1) throw new InvalidArgumentError('expected a duration of at least 1 ms');
  return n;
}

export function parseLang(v: string): 'en' | 'zh' {
  const l = v.trim().toLowerCase();
  if (l === 'en' || l === 'zh') return l;
  throw new InvalidArgumentError('expected en or zh');
}
