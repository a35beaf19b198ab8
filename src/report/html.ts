/**
 * A self-contained HTML report: inline CSS only, no scripts, no external requests (fonts, images,
 * stylesheets), and a Content-Security-Policy of `default-src 'none'; style-src 'unsafe-inline'` so
 * that even a mistake here could not load or run anything.
 *
 * Every piece of text that did not come from this file goes through `escapeHtml` — element content and
 * attribute values alike. When `options.docText` holds the document's text, the report ends with the
 * document itself, evidence and claims highlighted with `<mark>` (offsets are UTF-16 indices into that
 * text; overlapping ranges are split into adjacent marks, so each mark's content is exactly the text
 * covered by the same set of ranges).
 */
import type { Audit, Finding, Status } from '../types.js';
import type { FormatOptions } from './options.js';
import { ui, type MessageLang } from '../unsaid/messages.js';
import {
  claimLacks,
  factPairs,
  formatPoints,
  groupFindings,
  groupTitle,
  indicatorTitle,
  locate,
  reportLang,
  shownStatus,
  stripUnsafeKeepLines,
} from './text.js';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The one escaping function of this file: safe in element content and in quoted attribute values.
 * Also drops control characters and bidi overrides (keeping tab and newlines), which have no business
 * in a report and can make text display in another order than it reads.
 */
export function escapeHtml(s: unknown): string {
  return stripUnsafeKeepLines(String(s)).replace(/[&<>"']/g, (ch) => ENTITIES[ch]);
}

const SYMBOL: Record<Status, string> = { disclosed: '✔', partial: '◐', absent: '✖' };
const VERDICT_SYMBOL: Record<string, string> = { substantiated: '✔', partly: '◐', unsubstantiated: '✖' };

const CSS = `
:root{--fg:#1d1d1f;--muted:#5f6368;--bg:#fff;--line:#dadce0;--ok:#137333;--okbg:#e6f4ea;--part:#8a5a00;--partbg:#fef3d6;--no:#b3261e;--nobg:#fce8e6;--mark:#fff2a8;--markx:#ffd966;--claim:#dbe8ff}
@media (prefers-color-scheme:dark){:root{--fg:#e8eaed;--muted:#9aa0a6;--bg:#202124;--line:#3c4043;--ok:#81c995;--okbg:#1e3a2a;--part:#fdd663;--partbg:#3d3317;--no:#f28b82;--nobg:#3f1f1d;--mark:#5c5300;--markx:#7a6a00;--claim:#243a5e}}
*{box-sizing:border-box}
body{margin:0;padding:2rem 1rem;background:var(--bg);color:var(--fg);font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:70rem;margin:0 auto}
article+article{margin-top:4rem;border-top:2px solid var(--line);padding-top:2rem}
h1{font-size:1.6rem;margin:0 0 .25rem;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:2rem 0 .75rem;border-bottom:1px solid var(--line);padding-bottom:.25rem}
.meta{color:var(--muted);margin:0 0 1rem;overflow-wrap:anywhere}
.score{display:flex;align-items:baseline;gap:1rem;flex-wrap:wrap}
.score .big{font-size:2.5rem;font-weight:700}
.counts span{margin-right:1rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0}
th,td{border-bottom:1px solid var(--line);padding:.4rem .5rem;text-align:left;vertical-align:top}
tr.group th{background:transparent;font-size:1.05rem;padding-top:1.25rem;border-bottom:2px solid var(--line)}
td.num,th.num{text-align:right}
code{font:13px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted)}
.badge{display:inline-block;white-space:nowrap;border-radius:999px;padding:0 .6rem;font-size:.85rem;font-weight:600}
.disclosed,.substantiated{color:var(--ok);background:var(--okbg)}
.partial,.partly{color:var(--part);background:var(--partbg)}
.absent,.unsubstantiated{color:var(--no);background:var(--nobg)}
blockquote{margin:.25rem 0;padding:.1rem .75rem;border-left:3px solid var(--line);overflow-wrap:anywhere}
blockquote .ln{color:var(--muted);font-size:.85rem;margin-right:.4rem}
.facts{color:var(--muted);font-size:.9rem}
.review{color:var(--muted);font-size:.85rem;font-style:italic}
.none{color:var(--muted)}
ul.gaps li,ol.questions li{margin:.3rem 0}
pre.doc{white-space:pre-wrap;overflow-wrap:anywhere;border:1px solid var(--line);border-radius:6px;padding:1rem;font:13px/1.6 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
mark{background:var(--mark);color:inherit;border-radius:2px}
mark.x{background:var(--markx)}
mark.c{background:var(--claim)}
a{color:inherit}
footer{margin-top:3rem;color:var(--muted);font-size:.85rem}
`;

interface Range {
  start: number;
  end: number;
  label: string;
  anchor: string;
  claim: boolean;
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Clamps a range to the text and widens it so it never splits a surrogate pair. */
function clampRange(text: string, start: number, end: number): [number, number] | undefined {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return undefined;
  let s = Math.max(0, Math.min(Math.floor(start), text.length));
  let e = Math.max(s, Math.min(Math.floor(end), text.length));
  if (s > 0 && s < text.length && isLow(text.charCodeAt(s)) && isHigh(text.charCodeAt(s - 1))) s--;
  if (e > 0 && e < text.length && isLow(text.charCodeAt(e)) && isHigh(text.charCodeAt(e - 1))) e++;
  return e > s ? [s, e] : undefined;
}

/**
 * The document with every range wrapped in `<mark>`. Boundaries of all ranges cut the text into
 * segments; a segment covered by at least one range becomes one mark (class `x` when covered by
 * several, `c` when a claim), with the covering labels in its title. Each range's anchor is an empty
 * `<span id>` placed just before its first segment. Everything between tags is escaped.
 */
export function highlight(text: string, ranges: Range[]): string {
  const clamped: Array<Range & { s: number; e: number }> = [];
  for (const r of ranges) {
    const c = clampRange(text, r.start, r.end);
    if (c) clamped.push({ ...r, s: c[0], e: c[1] });
  }
  const cuts = new Set<number>([0, text.length]);
  for (const r of clamped) {
    cuts.add(r.s);
    cuts.add(r.e);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const startsAt = new Map<number, string[]>();
  for (const r of clamped) {
    const list = startsAt.get(r.s) ?? [];
    list.push(r.anchor);
    startsAt.set(r.s, list);
  }
  let out = '';
  for (let k = 0; k + 1 < points.length; k++) {
    const a = points[k];
    const b = points[k + 1];
    for (const id of startsAt.get(a) ?? []) out += `<span id="${escapeHtml(id)}"></span>`;
    const segment = escapeHtml(text.slice(a, b));
    const covering = clamped.filter((r) => r.s <= a && r.e >= b);
    if (covering.length === 0) {
      out += segment;
      continue;
    }
    const cls = [covering.length > 1 ? 'x' : '', covering.some((r) => r.claim) ? 'c' : ''].filter(Boolean).join(' ');
    const labels = [...new Set(covering.map((r) => r.label))].join(', ');
    out += `<mark${cls ? ` class="${cls}"` : ''} title="${escapeHtml(labels)}">${segment}</mark>`;
  }
  return out;
}

function evidenceAnchor(ai: number, fi: number, ei: number): string {
  return `a${ai}-e${fi}-${ei}`;
}
function claimAnchor(ai: number, ci: number): string {
  return `a${ai}-c${ci}`;
}

function lineLink(
  lang: MessageLang,
  item: { start: number; line?: number; column?: number },
  text: string | undefined,
  anchor: string,
): string {
  const l = locate(item, text);
  if (!l) return '';
  const label = escapeHtml(ui(lang, 'lineN', { line: l.line }));
  return text !== undefined ? `<a class="ln" href="#${escapeHtml(anchor)}">${label}</a>` : `<span class="ln">${label}</span>`;
}

function badge(lang: MessageLang, status: string, kind: 'status' | 'verdict'): string {
  const sym = kind === 'status' ? SYMBOL[status as Status] : VERDICT_SYMBOL[status];
  return `<span class="badge ${escapeHtml(status)}">${escapeHtml(sym ?? '?')} ${escapeHtml(ui(lang, `${kind}.${status}`))}</span>`;
}

function indicatorRow(f: Finding, fi: number, ai: number, options: FormatOptions, lang: MessageLang, text: string | undefined): string {
  const status = shownStatus(f);
  const title = indicatorTitle(options.rubric, f.id, lang);
  const name = title ? `${escapeHtml(title)}<br><code>${escapeHtml(f.id)}</code>` : `<code>${escapeHtml(f.id)}</code>`;
  let ev = '';
  if (f.evidence.length === 0) ev = `<span class="none">${escapeHtml(ui(lang, 'noEvidence'))}</span>`;
  f.evidence.forEach((e, ei) => {
    ev += `<blockquote>${lineLink(lang, e, text, evidenceAnchor(ai, fi, ei))}${escapeHtml(e.quote)}</blockquote>`;
  });
  const facts = factPairs(f.facts);
  if (facts.length > 0) {
    ev += `<div class="facts">${escapeHtml(ui(lang, 'facts'))}${escapeHtml(ui(lang, 'colon'))}${facts.map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(v)}`).join(escapeHtml(ui(lang, 'sep')))}</div>`;
  }
  let st = badge(lang, status, 'status');
  if (f.review) {
    st += `<div class="review">${escapeHtml(ui(lang, 'reviewed', { reviewer: f.review.reviewer, machine: ui(lang, `status.${f.review.machineStatus}`) }))}</div>`;
  }
  return `<tr id="${escapeHtml(`a${ai}-i${fi}`)}"><td>${st}</td><td>${name}</td><td>${ev}</td></tr>`;
}

function formatAudit(audit: Audit, ai: number, options: FormatOptions): string {
  const lang = reportLang(audit, options.lang);
  const text = options.docText?.get(audit.document.source);
  const h: string[] = [];
  const name = audit.document.title ?? audit.document.source;
  h.push(`<article lang="${lang}">`);
  const colon = escapeHtml(ui(lang, 'colon'));
  h.push(`<header><h1>${escapeHtml(ui(lang, 'reportTitle'))}${colon}${escapeHtml(name)}</h1>`);
  h.push(
    `<p class="meta">${escapeHtml(ui(lang, 'source'))}${colon}${escapeHtml(audit.document.source)} · ${escapeHtml(ui(lang, 'language'))}${colon}${escapeHtml(ui(lang, `lang.${audit.document.language}`))} · ${escapeHtml(ui(lang, 'format'))}${colon}${escapeHtml(audit.document.format)} · ${escapeHtml(ui(lang, 'rubric'))}${colon}${escapeHtml(`${audit.rubric.id} ${audit.rubric.version}`)}</p>`,
    ...(audit.document.truncated
      ? [`<p class="meta">${escapeHtml(ui(lang, 'truncated', { audited: String(audit.document.truncated.auditedChars), total: String(audit.document.truncated.totalChars) }))}</p>`]
      : []),
  );
  const s = audit.summary;
  h.push(
    `<div class="score"><span class="big">${escapeHtml(audit.score.percent.toFixed(1))}<small>/100</small></span><span>${escapeHtml(ui(lang, 'points', { value: formatPoints(audit.score.value), max: formatPoints(audit.score.max) }))}</span></div>`,
  );
  h.push(
    `<p class="counts"><span class="badge disclosed">${SYMBOL.disclosed} ${s.disclosed}</span> <span class="badge partial">${SYMBOL.partial} ${s.partial}</span> <span class="badge absent">${SYMBOL.absent} ${s.absent}</span> ${escapeHtml(ui(lang, 'summaryLine', s))} · ${escapeHtml(ui(lang, 'claimsLine', { claims: s.claims, unsubstantiated: s.unsubstantiated }))}</p>`,
  );
  h.push('</header>');

  // Indicators.
  const index = new Map(audit.indicators.map((f, i) => [f, i]));
  h.push(`<section><h2>${escapeHtml(ui(lang, 'indicators'))}</h2><table>`);
  h.push(`<thead><tr><th>${escapeHtml(ui(lang, 'status'))}</th><th>${escapeHtml(ui(lang, 'indicator'))}</th><th>${escapeHtml(ui(lang, 'evidence'))}</th></tr></thead><tbody>`);
  for (const { group, findings } of groupFindings(audit.indicators)) {
    h.push(`<tr class="group"><th colspan="3">${escapeHtml(groupTitle(options.rubric, group, lang))}</th></tr>`);
    for (const f of findings) h.push(indicatorRow(f, index.get(f)!, ai, options, lang, text));
  }
  h.push('</tbody></table></section>');

  // Claims.
  h.push(`<section><h2>${escapeHtml(ui(lang, 'claims'))}</h2>`);
  if (audit.claims.length === 0) {
    h.push(`<p class="none">${escapeHtml(ui(lang, 'noClaims'))}</p>`);
  } else {
    h.push(
      `<table><thead><tr><th>${escapeHtml(ui(lang, 'verdict'))}</th><th>${escapeHtml(ui(lang, 'kind'))}</th><th>${escapeHtml(ui(lang, 'claim'))}</th><th>${escapeHtml(ui(lang, 'checks'))}</th></tr></thead><tbody>`,
    );
    audit.claims.forEach((c, ci) => {
      const lacks = claimLacks(c, lang);
      let backing = '';
      if (c.related) {
        const rl = c.related.line ?? (text !== undefined ? locate({ start: c.related.start }, text)?.line : undefined);
        backing = `<div class="facts">${escapeHtml(rl !== undefined ? ui(lang, 'backing', { line: rl }) : ui(lang, 'backingNoLine'))}</div>`;
      }
      h.push(
        `<tr><td>${badge(lang, c.verdict, 'verdict')}</td><td>${escapeHtml(ui(lang, `kind.${c.kind}`))}</td><td><blockquote>${lineLink(lang, c, text, claimAnchor(ai, ci))}${escapeHtml(c.quote)}</blockquote></td><td>${lacks.map((x) => escapeHtml(x)).join('<br>')}${backing}</td></tr>`,
      );
    });
    h.push('</tbody></table>');
  }
  h.push('</section>');

  // What they didn't say, and the questions.
  h.push(`<section><h2>${escapeHtml(ui(lang, 'gaps'))}</h2>`);
  if (audit.unsaid.gaps.length === 0) h.push(`<p class="none">${escapeHtml(ui(lang, 'noGaps'))}</p>`);
  else {
    h.push('<ul class="gaps">');
    for (const g of audit.unsaid.gaps) {
      h.push(`<li><span class="badge ${escapeHtml(g.status)}">${escapeHtml(SYMBOL[g.status] ?? '?')}</span> ${escapeHtml(g.text)} <code>${escapeHtml(g.id)}</code></li>`);
    }
    h.push('</ul>');
  }
  h.push('</section>');
  if (audit.unsaid.questions.length > 0) {
    h.push(`<section><h2>${escapeHtml(ui(lang, 'questions'))}</h2><ol class="questions">`);
    for (const q of audit.unsaid.questions) h.push(`<li>${escapeHtml(q)}</li>`);
    h.push('</ol></section>');
  }

  // The document, evidence highlighted.
  if (text !== undefined) {
    const ranges: Range[] = [];
    audit.indicators.forEach((f, fi) =>
      f.evidence.forEach((e, ei) =>
        ranges.push({ start: e.start, end: e.end, label: f.id, anchor: evidenceAnchor(ai, fi, ei), claim: false }),
      ),
    );
    audit.claims.forEach((c, ci) =>
      ranges.push({ start: c.start, end: c.end, label: `${ui(lang, 'claim')}: ${ui(lang, `verdict.${c.verdict}`)}`, anchor: claimAnchor(ai, ci), claim: true }),
    );
    h.push(`<section><h2>${escapeHtml(ui(lang, 'document'))}</h2><p class="meta">${escapeHtml(ui(lang, 'documentNote'))}</p>`);
    h.push(`<pre class="doc" lang="${escapeHtml(audit.document.language === 'zh' ? 'zh' : audit.document.language === 'en' ? 'en' : '')}">${highlight(text, ranges)}</pre></section>`);
  }
  h.push('</article>');
  return h.join('\n');
}

export function html(audits: Audit[], options: FormatOptions): string {
  const first = audits[0];
  const lang: MessageLang = first ? reportLang(first, options.lang) : (options.lang ?? 'en');
  const title =
    audits.length === 1 ? `unsaid: ${first.document.title ?? first.document.source}` : `unsaid: ${audits.length}`;
  const version = first?.tool?.version;
  return [
    '<!doctype html>',
    `<html lang="${lang}">`,
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...audits.map((a, i) => formatAudit(a, i, options)),
    '</main>',
    `<footer>unsaid${version ? ' ' + escapeHtml(version) : ''}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
