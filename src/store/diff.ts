// Differences between two audits (typically two releases of one model): indicators that became
// disclosed, partial or absent; facts added, removed or changed; claims added or dropped (matched by
// normalised quote). Pure: no I/O. formatDiff renders it as stylish text, JSON, Markdown or HTML.
import type { Audit, Claim, ClaimKind, FactValue, Status, Verdict } from '../types.js';

export interface DiffSide {
  /** "vendor/model@release" or "#id" when known, else the source. */
  label: string;
  source: string;
  sha256: string;
  title?: string;
  rubric: { id: string; version: string };
  score: number;
}

export interface IndicatorChange {
  id: string;
  group: string;
  /** Status in a; null when the indicator is not in a (rubric changed). */
  from: Status | null;
  /** Status in b; null when the indicator is not in b. */
  to: Status | null;
  /** True when the side's status is a human review rather than the machine's. */
  reviewed?: { a: boolean; b: boolean };
}

export interface FactChange {
  key: string;
  from?: FactValue;
  to?: FactValue;
}

export interface ClaimRef {
  quote: string;
  kind: ClaimKind;
  verdict: Verdict;
  line?: number;
}

export interface AuditDiff {
  a: DiffSide;
  b: DiffSide;
  score: { from: number; to: number; delta: number };
  indicators: {
    becameDisclosed: IndicatorChange[];
    becamePartial: IndicatorChange[];
    becameAbsent: IndicatorChange[];
    /** In b only (its rubric has indicators a's has not). */
    added: IndicatorChange[];
    /** In a only. */
    removed: IndicatorChange[];
    unchanged: number;
  };
  facts: { added: FactChange[]; removed: FactChange[]; changed: FactChange[] };
  claims: {
    added: ClaimRef[];
    dropped: ClaimRef[];
    /** Same claim in both, judged differently. */
    verdictChanged: { quote: string; kind: ClaimKind; from: Verdict; to: Verdict }[];
  };
  /** True when nothing above changed (score aside). */
  same: boolean;
}

export type DiffFormat = 'stylish' | 'json' | 'markdown' | 'html';
export const DIFF_FORMATS: readonly DiffFormat[] = ['stylish', 'json', 'markdown', 'html'];

// ---------------------------------------------------------------------------------------------

/** Claim identity across releases: NFKC, case-folded, quotes and dashes unified, spaces collapsed, edge punctuation dropped. */
export function normaliseQuote(q: string): string {
  return q
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\u2018\u2019\u201a\u201b\u2032`]/g, "'")
    .replace(/[\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb\u300c\u300d\u300e\u300f]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .replace(/\s+/gu, ' ')
    .replace(/^[\s"'*_>#\-–—•·(（[【]+|[\s"'*_.。!！?？,，;；:：)）\]】…]+$/gu, '')
    .trim();
}

const stable = (v: unknown): string => JSON.stringify(v);

function side(x: Audit, label?: string): DiffSide {
  const s: DiffSide = {
    label: label ?? x.document.source,
    source: x.document.source,
    sha256: x.document.sha256,
    rubric: { id: x.rubric.id, version: x.rubric.version },
    score: x.score.percent,
  };
  if (x.document.title) s.title = x.document.title;
  return s;
}

const claimRef = (c: Claim): ClaimRef => {
  const r: ClaimRef = { quote: c.quote, kind: c.kind, verdict: c.verdict };
  if (c.line !== undefined) r.line = c.line;
  return r;
};

export function diffAudits(a: Audit, b: Audit, labels: { a?: string; b?: string } = {}): AuditDiff {
  const out: AuditDiff = {
    a: side(a, labels.a),
    b: side(b, labels.b),
    score: { from: a.score.percent, to: b.score.percent, delta: Math.round((b.score.percent - a.score.percent) * 10) / 10 },
    indicators: { becameDisclosed: [], becamePartial: [], becameAbsent: [], added: [], removed: [], unchanged: 0 },
    facts: { added: [], removed: [], changed: [] },
    claims: { added: [], dropped: [], verdictChanged: [] },
    same: true,
  };

  // Indicators, in b's order, then those only in a.
  const inA = new Map(a.indicators.map((f) => [f.id, f]));
  const inB = new Map(b.indicators.map((f) => [f.id, f]));
  for (const fb of b.indicators) {
    const fa = inA.get(fb.id);
    const change: IndicatorChange = { id: fb.id, group: fb.group, from: fa?.status ?? null, to: fb.status };
    if (fa?.review || fb.review) change.reviewed = { a: !!fa?.review, b: !!fb.review };
    if (!fa) out.indicators.added.push(change);
    else if (fa.status === fb.status) out.indicators.unchanged++;
    else if (fb.status === 'disclosed') out.indicators.becameDisclosed.push(change);
    else if (fb.status === 'partial') out.indicators.becamePartial.push(change);
    else out.indicators.becameAbsent.push(change);
  }
  for (const fa of a.indicators) {
    if (inB.has(fa.id)) continue;
    const change: IndicatorChange = { id: fa.id, group: fa.group, from: fa.status, to: null };
    if (fa.review) change.reviewed = { a: true, b: false };
    out.indicators.removed.push(change);
  }

  // Facts.
  const fa = a.facts ?? {};
  const fb = b.facts ?? {};
  for (const key of Object.keys(fb)) {
    if (!(key in fa)) out.facts.added.push({ key, to: fb[key] });
    else if (stable(fa[key]) !== stable(fb[key])) out.facts.changed.push({ key, from: fa[key], to: fb[key] });
  }
  for (const key of Object.keys(fa)) if (!(key in fb)) out.facts.removed.push({ key, from: fa[key] });

  // Claims: multiset match on the normalised quote.
  const pool = new Map<string, Claim[]>();
  for (const c of a.claims) {
    const k = normaliseQuote(c.quote);
    pool.set(k, [...(pool.get(k) ?? []), c]);
  }
  for (const c of b.claims) {
    const k = normaliseQuote(c.quote);
    const list = pool.get(k);
    const match = list?.shift();
    if (!match) out.claims.added.push(claimRef(c));
    else if (match.verdict !== c.verdict)
      out.claims.verdictChanged.push({ quote: c.quote, kind: c.kind, from: match.verdict, to: c.verdict });
  }
  const left = new Set<Claim>([...pool.values()].flat());
  for (const c of a.claims) if (left.has(c)) out.claims.dropped.push(claimRef(c));

  const i = out.indicators;
  out.same =
    i.becameDisclosed.length + i.becamePartial.length + i.becameAbsent.length + i.added.length + i.removed.length === 0 &&
    out.facts.added.length + out.facts.removed.length + out.facts.changed.length === 0 &&
    out.claims.added.length + out.claims.dropped.length + out.claims.verdictChanged.length === 0;
  return out;
}

// ---------------------------------------------------------------------------------------------
// Formatting

export interface FormatDiffOptions {
  color?: boolean;
}

const fmtValue = (v: FactValue | undefined): string => (v === undefined ? '' : Array.isArray(v) ? v.join(', ') : String(v));
const sign = (n: number) => (n > 0 ? `+${n}` : `${n}`);
const statusOf = (s: Status | null) => s ?? '—';
const reviewedMark = (c: IndicatorChange) =>
  c.reviewed?.a || c.reviewed?.b ? ` (reviewed${c.reviewed.a && c.reviewed.b ? '' : c.reviewed.b ? ' in b' : ' in a'})` : '';

function counts(d: AuditDiff): string {
  const i = d.indicators;
  return [
    `${i.becameDisclosed.length} became disclosed`,
    `${i.becamePartial.length} became partial`,
    `${i.becameAbsent.length} became absent`,
    `${d.facts.added.length + d.facts.removed.length + d.facts.changed.length} facts changed`,
    `${d.claims.added.length} claims added`,
    `${d.claims.dropped.length} dropped`,
  ].join(', ');
}

function stylish(d: AuditDiff, color: boolean): string {
  const c = (code: number, s: string) => (color ? `\u001b[${code}m${s}\u001b[39m` : s);
  const green = (s: string) => c(32, s);
  const red = (s: string) => c(31, s);
  const yellow = (s: string) => c(33, s);
  const bold = (s: string) => (color ? `\u001b[1m${s}\u001b[22m` : s);
  const dim = (s: string) => (color ? `\u001b[2m${s}\u001b[22m` : s);
  const lines: string[] = [];
  lines.push(bold(`${d.a.label} → ${d.b.label}`));
  const delta = d.score.delta;
  lines.push(`  score ${d.score.from}% → ${d.score.to}% (${(delta > 0 ? green : delta < 0 ? red : dim)(sign(delta))})`);
  if (d.a.rubric.id !== d.b.rubric.id || d.a.rubric.version !== d.b.rubric.version) {
    lines.push(dim(`  rubric ${d.a.rubric.id}@${d.a.rubric.version} → ${d.b.rubric.id}@${d.b.rubric.version}`));
  }
  if (d.same) {
    lines.push('', '  No changes in indicators, facts or claims.');
    return lines.join('\n') + '\n';
  }
  const ind = d.indicators;
  const width = Math.max(
    0,
    ...[...ind.becameDisclosed, ...ind.becamePartial, ...ind.becameAbsent, ...ind.added, ...ind.removed].map((x) => x.id.length),
  );
  const row = (mark: string, x: IndicatorChange) =>
    `  ${mark} ${x.id.padEnd(width)}  ${statusOf(x.from)} → ${statusOf(x.to)}${dim(reviewedMark(x))}`;
  if (ind.becameDisclosed.length + ind.becamePartial.length + ind.becameAbsent.length + ind.added.length + ind.removed.length) {
    lines.push('', bold('Indicators'));
    for (const x of ind.becameDisclosed) lines.push(row(green('▲ disclosed'), x));
    for (const x of ind.becamePartial) lines.push(row(x.from === 'absent' ? green('▲ partial  ') : yellow('▼ partial  '), x));
    for (const x of ind.becameAbsent) lines.push(row(red('▼ absent   '), x));
    for (const x of ind.added) lines.push(row(dim('+ added    '), x));
    for (const x of ind.removed) lines.push(row(dim('- removed  '), x));
    lines.push(dim(`  ${ind.unchanged} unchanged`));
  }
  const f = d.facts;
  if (f.added.length + f.removed.length + f.changed.length) {
    lines.push('', bold('Facts'));
    for (const x of f.added) lines.push(`  ${green('+')} ${x.key}: ${fmtValue(x.to)}`);
    for (const x of f.removed) lines.push(`  ${red('-')} ${x.key}: ${fmtValue(x.from)}`);
    for (const x of f.changed) lines.push(`  ${yellow('~')} ${x.key}: ${fmtValue(x.from)} → ${fmtValue(x.to)}`);
  }
  const cl = d.claims;
  if (cl.added.length + cl.dropped.length + cl.verdictChanged.length) {
    lines.push('', bold('Claims'));
    for (const x of cl.added) lines.push(`  ${green('+')} "${oneLineText(x.quote)}" ${dim(`(${x.kind}, ${x.verdict})`)}`);
    for (const x of cl.dropped) lines.push(`  ${red('-')} "${oneLineText(x.quote)}" ${dim(`(${x.kind}, ${x.verdict})`)}`);
    for (const x of cl.verdictChanged) lines.push(`  ${yellow('~')} "${oneLineText(x.quote)}" ${dim(`${x.from} → ${x.to}`)}`);
  }
  lines.push('', dim(counts(d)));
  return lines.join('\n') + '\n';
}

const oneLineText = (s: string) => s.replace(/\s+/g, ' ').trim();

/** Markdown table cell / inline text: no line breaks, pipes and markup characters escaped. */
function md(s: string): string {
  return oneLineText(s).replace(/([\\`*_{}[\]<>|#!~])/g, '\\$1');
}

function markdown(d: AuditDiff): string {
  const out: string[] = [];
  out.push(`# ${md(d.a.label)} → ${md(d.b.label)}`, '');
  out.push(`Score: ${d.score.from}% → ${d.score.to}% (${sign(d.score.delta)})`, '');
  if (d.a.rubric.id !== d.b.rubric.id || d.a.rubric.version !== d.b.rubric.version) {
    out.push(`Rubric: ${md(`${d.a.rubric.id}@${d.a.rubric.version}`)} → ${md(`${d.b.rubric.id}@${d.b.rubric.version}`)}`, '');
  }
  if (d.same) {
    out.push('No changes in indicators, facts or claims.', '');
    return out.join('\n');
  }
  const ind = d.indicators;
  const changes: [string, IndicatorChange][] = [
    ...ind.becameDisclosed.map((x) => ['became disclosed', x] as [string, IndicatorChange]),
    ...ind.becamePartial.map((x) => ['became partial', x] as [string, IndicatorChange]),
    ...ind.becameAbsent.map((x) => ['became absent', x] as [string, IndicatorChange]),
    ...ind.added.map((x) => ['added', x] as [string, IndicatorChange]),
    ...ind.removed.map((x) => ['removed', x] as [string, IndicatorChange]),
  ];
  if (changes.length) {
    out.push('## Indicators', '', '| Change | Indicator | Before | After |', '| --- | --- | --- | --- |');
    for (const [what, x] of changes)
      out.push(`| ${what} | \`${x.id.replace(/`/g, "'")}\`${md(reviewedMark(x))} | ${statusOf(x.from)} | ${statusOf(x.to)} |`);
    out.push('', `${ind.unchanged} unchanged.`, '');
  }
  const f = d.facts;
  if (f.added.length + f.removed.length + f.changed.length) {
    out.push('## Facts', '', '| Change | Fact | Before | After |', '| --- | --- | --- | --- |');
    for (const x of f.added) out.push(`| added | ${md(x.key)} |  | ${md(fmtValue(x.to))} |`);
    for (const x of f.removed) out.push(`| removed | ${md(x.key)} | ${md(fmtValue(x.from))} |  |`);
    for (const x of f.changed) out.push(`| changed | ${md(x.key)} | ${md(fmtValue(x.from))} | ${md(fmtValue(x.to))} |`);
    out.push('');
  }
  const cl = d.claims;
  if (cl.added.length + cl.dropped.length + cl.verdictChanged.length) {
    out.push('## Claims', '');
    for (const x of cl.added) out.push(`- **added** (${x.kind}, ${x.verdict}): “${md(x.quote)}”`);
    for (const x of cl.dropped) out.push(`- **dropped** (${x.kind}, ${x.verdict}): “${md(x.quote)}”`);
    for (const x of cl.verdictChanged) out.push(`- **verdict ${x.from} → ${x.to}**: “${md(x.quote)}”`);
    out.push('');
  }
  out.push(`_${counts(d)}_`, '');
  return out.join('\n');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function html(d: AuditDiff): string {
  const e = escapeHtml;
  const h: string[] = [];
  h.push('<!doctype html>', '<html lang="en"><head><meta charset="utf-8">', `<title>${e(`${d.a.label} → ${d.b.label}`)}</title>`);
  h.push(
    '<style>body{font:15px/1.5 system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}' +
      'table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}' +
      '.up{color:#0a7a2f}.down{color:#b00020}.mid{color:#8a6d00}.muted{color:#666}blockquote{margin:.25rem 0 .25rem 1rem}</style>',
  );
  h.push('</head><body>');
  h.push(`<h1>${e(d.a.label)} → ${e(d.b.label)}</h1>`);
  const cls = d.score.delta > 0 ? 'up' : d.score.delta < 0 ? 'down' : 'muted';
  h.push(`<p>Score: ${d.score.from}% → ${d.score.to}% <span class="${cls}">(${e(sign(d.score.delta))})</span></p>`);
  if (d.a.rubric.id !== d.b.rubric.id || d.a.rubric.version !== d.b.rubric.version) {
    h.push(
      `<p class="muted">Rubric ${e(`${d.a.rubric.id}@${d.a.rubric.version}`)} → ${e(`${d.b.rubric.id}@${d.b.rubric.version}`)}</p>`,
    );
  }
  if (d.same) {
    h.push('<p>No changes in indicators, facts or claims.</p>', '</body></html>', '');
    return h.join('\n');
  }
  const ind = d.indicators;
  const rows: [string, string, IndicatorChange][] = [
    ...ind.becameDisclosed.map((x) => ['became disclosed', 'up', x] as [string, string, IndicatorChange]),
    ...ind.becamePartial.map(
      (x) => ['became partial', x.from === 'absent' ? 'up' : 'mid', x] as [string, string, IndicatorChange],
    ),
    ...ind.becameAbsent.map((x) => ['became absent', 'down', x] as [string, string, IndicatorChange]),
    ...ind.added.map((x) => ['added', 'muted', x] as [string, string, IndicatorChange]),
    ...ind.removed.map((x) => ['removed', 'muted', x] as [string, string, IndicatorChange]),
  ];
  if (rows.length) {
    h.push(
      '<h2>Indicators</h2>',
      '<table><thead><tr><th>Change</th><th>Indicator</th><th>Before</th><th>After</th></tr></thead><tbody>',
    );
    for (const [what, c, x] of rows) {
      h.push(
        `<tr><td class="${c}">${e(what)}</td><td><code>${e(x.id)}</code>${e(reviewedMark(x))}</td><td>${e(statusOf(x.from))}</td><td>${e(statusOf(x.to))}</td></tr>`,
      );
    }
    h.push('</tbody></table>', `<p class="muted">${ind.unchanged} unchanged.</p>`);
  }
  const f = d.facts;
  if (f.added.length + f.removed.length + f.changed.length) {
    h.push('<h2>Facts</h2>', '<table><thead><tr><th>Change</th><th>Fact</th><th>Before</th><th>After</th></tr></thead><tbody>');
    for (const x of f.added)
      h.push(`<tr><td class="up">added</td><td>${e(x.key)}</td><td></td><td>${e(fmtValue(x.to))}</td></tr>`);
    for (const x of f.removed)
      h.push(`<tr><td class="down">removed</td><td>${e(x.key)}</td><td>${e(fmtValue(x.from))}</td><td></td></tr>`);
    for (const x of f.changed)
      h.push(
        `<tr><td class="mid">changed</td><td>${e(x.key)}</td><td>${e(fmtValue(x.from))}</td><td>${e(fmtValue(x.to))}</td></tr>`,
      );
    h.push('</tbody></table>');
  }
  const cl = d.claims;
  if (cl.added.length + cl.dropped.length + cl.verdictChanged.length) {
    h.push('<h2>Claims</h2>', '<ul>');
    for (const x of cl.added)
      h.push(`<li><span class="up">added</span> (${e(x.kind)}, ${e(x.verdict)})<blockquote>${e(x.quote)}</blockquote></li>`);
    for (const x of cl.dropped)
      h.push(`<li><span class="down">dropped</span> (${e(x.kind)}, ${e(x.verdict)})<blockquote>${e(x.quote)}</blockquote></li>`);
    for (const x of cl.verdictChanged)
      h.push(`<li><span class="mid">verdict ${e(x.from)} → ${e(x.to)}</span><blockquote>${e(x.quote)}</blockquote></li>`);
    h.push('</ul>');
  }
  h.push(`<p class="muted">${e(counts(d))}</p>`, '</body></html>', '');
  return h.join('\n');
}

export function formatDiff(diff: AuditDiff, format: DiffFormat, opts: FormatDiffOptions = {}): string {
  switch (format) {
    case 'stylish':
      return stylish(diff, !!opts.color);
    case 'json':
      return JSON.stringify(diff, null, 2) + '\n';
    case 'markdown':
      return markdown(diff);
    case 'html':
      return html(diff);
    default:
      throw new Error(`unknown diff format ${String(format)}`);
  }
}
