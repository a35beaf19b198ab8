/**
 * Message catalogues: data/messages/<lang>.yaml, keyed by indicator id (absent / partial / question)
 * plus a `ui` map of the strings the report formatters print. Loaded synchronously on first use and
 * cached for the life of the process.
 */
import { loadData } from '../data.js';
import type { IndicatorMessages } from '../rubric/types.js';

export type MessageLang = 'en' | 'zh';

export interface Catalogue {
  /** Messages per indicator id. */
  indicators: Record<string, IndicatorMessages>;
  /** UI strings by key (e.g. `gaps`, `status.absent`). */
  ui: Record<string, string>;
}


const cache = new Map<MessageLang, Catalogue>();

function asString(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Turns the parsed YAML into a Catalogue, ignoring anything that is not a string where one is expected. */
export function parseCatalogue(raw: unknown): Catalogue {
  const out: Catalogue = { indicators: {}, ui: {} };
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) continue;
    const entry = value as Record<string, unknown>;
    if (key === 'ui') {
      // UI strings keep their spaces (a separator such as "; " needs its trailing space).
      for (const [k, v] of Object.entries(entry)) {
        if (typeof v === 'string' && v !== '') out.ui[k] = v;
      }
      continue;
    }
    const msgs: IndicatorMessages = {};
    const absent = asString(entry.absent);
    const partial = asString(entry.partial);
    const question = asString(entry.question);
    if (absent !== undefined) msgs.absent = absent;
    if (partial !== undefined) msgs.partial = partial;
    if (question !== undefined) msgs.question = question;
    out.indicators[key] = msgs;
  }
  return out;
}

/**
 * The catalogue for a language. A missing or unreadable file yields an empty catalogue (callers then
 * fall back to generic wording), so a broken install degrades the wording, not the audit.
 */
export function loadCatalogue(lang: MessageLang): Catalogue {
  const hit = cache.get(lang);
  if (hit) return hit;
  let cat: Catalogue;
  try {
    cat = parseCatalogue(loadData(`messages/${lang}.yaml`));
  } catch {
    cat = { indicators: {}, ui: {} };
  }
  cache.set(lang, cat);
  return cat;
}

/**
 * A UI string in `lang`, with `{name}` placeholders filled from `vars`. Falls back to English, then to
 * the key itself, so a missing translation shows up as readable text rather than a crash.
 */
export function ui(lang: MessageLang, key: string, vars?: Record<string, string | number>): string {
  const template = loadCatalogue(lang).ui[key] ?? loadCatalogue('en').ui[key] ?? key;
  return fill(template, vars);
}

/** Replaces `{name}` with vars[name]; unknown placeholders are left as they are. */
export function fill(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template.replace(/\{([A-Za-z0-9_]+)\}/g, (m, name: string) =>
    Object.prototype.hasOwnProperty.call(vars, name) ? String(vars[name]) : m,
  );
}
