/** Text helpers shared by the formatters: sanitising document text, widths, line/column, facts. */
import type { Audit, Claim, Evidence, FactValue, Facts, Finding, Status } from '../types.js';
import type { Rubric } from '../rubric/types.js';
import { ui, type MessageLang } from '../unsaid/messages.js';
import { setupLabel } from '../claims/index.js';

/**
 * C0 controls (except none: tab/newline are handled by callers), DEL, C1 controls, and the bidi
 * embedding/override/isolate characters (U+202A–U+202E, U+2066–U+2069) that can make text display
 * in a different order than it reads (the "Trojan Source" trick). Also the bare direction marks
 * (U+200E, U+200F, U+061C), which are invisible and never needed in a quote shown out of context.
 */
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;
const UNSAFE_KEEP_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g;

/** Document text on one line: whitespace runs (newlines, tabs) become one space; controls and bidi overrides removed. */
export function oneLineSafe(s: string): string {
  return s.replace(/[\t\n\r\u000b\u000c\u0085\u2028\u2029]+/g, ' ').replace(UNSAFE, '').replace(/ {2,}/g, ' ').trim();
}

/** Removes controls and bidi overrides but keeps tab, newline and carriage return (for multi-line views). */
export function stripUnsafeKeepLines(s: string): string {
  return s.replace(UNSAFE_KEEP_LINES, '');
}

/** Removes controls and bidi overrides, keeping nothing else special. */
export function stripUnsafe(s: string): string {
  return s.replace(UNSAFE, '');
}

/** True for code points a terminal draws two cells wide (CJK, Hangul, full-width forms, most emoji). */
function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Terminal display width of a string (combining marks count 0, wide characters 2). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (cp >= 0x300 && cp <= 0x36f) continue;
    if (cp === 0x200b || cp === 0x200d || cp === 0xfe0f) continue;
    w += isWide(cp) ? 2 : 1;
  }
  return w;
}

/** Cuts `s` to at most `max` display cells, ending in "…" when cut. Never splits a surrogate pair. */
export function truncate(s: string, max: number): string {
  if (displayWidth(s) <= max) return s;
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > max - 1) break;
    out += ch;
    w += cw;
  }
  return out.trimEnd() + '…';
}

/** Pads to `width` display cells. */
export function padEnd(s: string, width: number): string {
  const w = displayWidth(s);
  return w >= width ? s : s + ' '.repeat(width - w);
}

/** 1-based line and column (in UTF-16 units) of `offset` in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const end = Math.max(0, Math.min(offset, text.length));
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      line++;
      lineStart = i + 1;
    } else if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) {
        line++;
        lineStart = i + 1;
      }
    }
  }
  return { line, column: end - lineStart + 1 };
}

/** Line (and column when known) of a located item: stored values first, else derived from the text. */
export function locate(
  item: Pick<Evidence, 'start' | 'line' | 'column'>,
  text?: string,
): { line: number; column?: number } | undefined {
  if (typeof item.line === 'number') return { line: item.line, column: item.column };
  if (text !== undefined) return lineColumn(text, item.start);
  return undefined;
}

// Number formats are made on first use: creating them loads ICU data, which start-up need not pay.
let compactFmt: Intl.NumberFormat | undefined;
let plainFmt: Intl.NumberFormat | undefined;
const compact = { format: (n: number) => (compactFmt ??= new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 2 })).format(n) };
const plain = { format: (n: number) => (plainFmt ??= new Intl.NumberFormat('en', { maximumFractionDigits: 3, useGrouping: false })).format(n) };

const SUFFIX: Record<string, number> = { K: 1e3, M: 1e6, B: 1e9, T: 1e12 };

/**
 * A number as people read it, never less precise than the value: 7000000000 → 7B, 2.5e12 → 2.5T,
 * but 32768 → 32768 and 6738415616 → 6738415616 (a compact form would round them). 1e15 and up → 1e15.
 */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e15) return n.toExponential().replace('e+', 'e');
  if (abs >= 1e6) {
    const c = compact.format(n);
    const m = /^(-?[\d.]+)([KMBT])$/.exec(c);
    if (m && Math.abs(Number(m[1]) * SUFFIX[m[2]] - n) < 1e-6 * abs) return c;
  }
  return plain.format(n);
}

/** A score number without float noise: 41.5, 76, 0.333. */
export function formatPoints(n: number): string {
  return plain.format(n);
}

export function formatFactValue(v: FactValue): string {
  if (Array.isArray(v)) return (v as Array<string | number>).map((x) => (typeof x === 'number' ? formatNumber(x) : x)).join(', ');
  if (typeof v === 'number') return formatNumber(v);
  return String(v);
}

/** Facts as `key=value` pairs, sorted by key for stable output (unsanitised: callers escape). */
export function factPairs(facts: Facts | undefined): Array<[string, string]> {
  if (!facts) return [];
  return Object.keys(facts)
    .sort()
    .map((k) => [k, formatFactValue(facts[k])] as [string, string]);
}

/** The status a reader should see (a human review wins). */
export function shownStatus(f: Pick<Finding, 'status' | 'review'>): Status {
  return f.review?.status ?? f.status;
}

/** Language of the report's own words: forced, else the audit's unsaid language, else the document's. */
export function reportLang(audit: Audit, forced?: MessageLang): MessageLang {
  if (forced) return forced;
  if (audit.unsaid?.language === 'zh' || audit.unsaid?.language === 'en') return audit.unsaid.language;
  return audit.document?.language === 'zh' ? 'zh' : 'en';
}

/** Indicator title from the rubric, in `lang` when available; undefined without a rubric entry. */
export function indicatorTitle(rubric: Rubric | undefined, id: string, lang: MessageLang): string | undefined {
  const ind = rubric?.indicators.find((i) => i.id === id);
  if (!ind) return undefined;
  return ind.title[lang] ?? ind.title.en;
}

/** Group display name from the rubric, else the group id. */
export function groupTitle(rubric: Rubric | undefined, group: string, lang: MessageLang): string {
  const g = rubric?.groups[group];
  if (!g) return group;
  return g[lang] ?? g.en;
}

/** Findings grouped by group, groups in order of first appearance (which is rubric order). */
export function groupFindings(findings: Finding[]): Array<{ group: string; findings: Finding[] }> {
  const out: Array<{ group: string; findings: Finding[] }> = [];
  const index = new Map<string, number>();
  for (const f of findings) {
    const g = f.group || (f.id.includes('.') ? f.id.slice(0, f.id.indexOf('.')) : '');
    let i = index.get(g);
    if (i === undefined) {
      i = out.length;
      index.set(g, i);
      out.push({ group: g, findings: [] });
    }
    out[i].findings.push(f);
  }
  return out;
}

/** What a claim lacks, in words: the unmet checks ("no baseline named"), then the missing setup items. */
export function claimLacks(c: Claim, lang: MessageLang): string[] {
  const out: string[] = [];
  if (!c.benchmarkNamed) out.push(ui(lang, 'lacks.benchmark'));
  if (!c.baselineNamed) out.push(ui(lang, 'lacks.baseline'));
  if (!c.numbersGiven) out.push(ui(lang, 'lacks.numbers'));
  if (!c.setupGiven) out.push(ui(lang, 'lacks.setup'));
  if (c.setupMissing && c.setupMissing.length > 0)
    out.push(ui(lang, 'missing', { items: c.setupMissing.map((id) => setupLabel(c.kind, id, lang)).join(lang === 'zh' ? '、' : '; ') }));
  return out;
}

export const STATUS_ORDER: Status[] = ['disclosed', 'partial', 'absent'];
