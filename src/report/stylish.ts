/**
 * Linter-style terminal output, after ESLint's "stylish": per document a header with the score, then
 * the indicators by group (✔ disclosed, ◐ partial, ✖ absent) with the best evidence, the claims, what
 * the document did not say, the questions to ask, and a summary line.
 *
 * Nothing from the document reaches the terminal raw: every piece of document text goes through
 * `oneLineSafe`, which removes C0/C1 control characters (so no escape sequences) and bidi overrides.
 */
import pc from 'picocolors';
import type { Audit, Claim, Finding, Status, Verdict } from '../types.js';
import type { FormatOptions } from './options.js';
import { ui, type MessageLang } from '../unsaid/messages.js';
import {
  claimLacks,
  displayWidth,
  factPairs,
  formatPoints,
  groupFindings,
  groupTitle,
  indicatorTitle,
  locate,
  oneLineSafe,
  padEnd,
  reportLang,
  shownStatus,
  truncate,
} from './text.js';

type Colors = ReturnType<typeof pc.createColors>;

const QUOTE_WIDTH = 100;
const SYMBOL: Record<Status, string> = { disclosed: '✔', partial: '◐', absent: '✖' };
const VERDICT_SYMBOL: Record<Verdict, string> = { substantiated: '✔', partly: '◐', unsubstantiated: '✖' };

function statusColor(c: Colors, s: Status | Verdict): (x: string) => string {
  if (s === 'disclosed' || s === 'substantiated') return c.green;
  if (s === 'partial' || s === 'partly') return c.yellow;
  return c.red;
}

function quoteText(s: string, lang: MessageLang): string {
  const body = truncate(oneLineSafe(s), QUOTE_WIDTH);
  return lang === 'zh' ? `“${body}”` : `"${body}"`;
}

function loc(item: { start: number; line?: number; column?: number }, text: string | undefined): string {
  const l = locate(item, text);
  if (!l) return '';
  return l.column !== undefined ? `${l.line}:${l.column}` : `${l.line}`;
}

function scoreColor(c: Colors, percent: number): (x: string) => string {
  if (percent >= 70) return c.green;
  if (percent >= 40) return c.yellow;
  return c.red;
}

function formatAudit(audit: Audit, options: FormatOptions, c: Colors): string {
  const lang = reportLang(audit, options.lang);
  const text = options.docText?.get(audit.document.source);
  const out: string[] = [];

  // Header.
  out.push(c.underline(oneLineSafe(audit.document.source)));
  const meta = [
    audit.document.title ? oneLineSafe(audit.document.title) : undefined,
    audit.document.language,
    audit.document.format,
    `${ui(lang, 'rubric')} ${oneLineSafe(audit.rubric.id)} ${oneLineSafe(audit.rubric.version)}`,
  ].filter((x): x is string => !!x);
  out.push('  ' + c.dim(meta.join(' · ')));
  const scoreLine = ui(lang, 'scoreLine', {
    percent: audit.score.percent.toFixed(1),
    value: formatPoints(audit.score.value),
    max: formatPoints(audit.score.max),
  });
  out.push('  ' + c.bold(scoreColor(c, audit.score.percent)(scoreLine)));
  const cut = audit.document.truncated;
  if (cut) out.push('  ' + c.yellow(ui(lang, 'truncated', { audited: String(cut.auditedChars), total: String(cut.totalChars) })));

  // Indicators by group, columns aligned across the whole document.
  const rows = audit.indicators.map((f) => {
    const best = f.evidence[0];
    return {
      f,
      id: oneLineSafe(f.id),
      title: oneLineSafe(indicatorTitle(options.rubric, f.id, lang) ?? ''),
      at: best ? loc(best, text) : '',
    };
  });
  const idW = Math.max(0, ...rows.map((r) => displayWidth(r.id)));
  const titleW = Math.max(0, ...rows.map((r) => displayWidth(r.title)));
  const atW = Math.max(0, ...rows.map((r) => displayWidth(r.at)));
  const rowOf = new Map(rows.map((r) => [r.f, r]));

  for (const { group, findings } of groupFindings(audit.indicators)) {
    out.push('');
    out.push('  ' + c.bold(oneLineSafe(groupTitle(options.rubric, group, lang))));
    for (const f of findings) out.push(indicatorLine(f, rowOf.get(f)!, { idW, titleW, atW }, lang, c));
  }

  // Claims.
  out.push('');
  out.push('  ' + c.bold(ui(lang, 'claims')));
  if (audit.claims.length === 0) out.push('    ' + c.dim(ui(lang, 'noClaims')));
  const verdictW = Math.max(0, ...audit.claims.map((cl) => displayWidth(ui(lang, `verdict.${cl.verdict}`))));
  const kindW = Math.max(0, ...audit.claims.map((cl) => displayWidth(ui(lang, `kind.${cl.kind}`))));
  const claimAtW = Math.max(0, ...audit.claims.map((cl) => displayWidth(loc(cl, text))));
  for (const cl of audit.claims) out.push(claimLine(cl, text, { verdictW, kindW, claimAtW }, lang, c));

  // What they didn't say.
  out.push('');
  out.push('  ' + c.bold(ui(lang, 'gaps')));
  if (audit.unsaid.gaps.length === 0) out.push('    ' + c.dim(ui(lang, 'noGaps')));
  for (const g of audit.unsaid.gaps) {
    const sym = statusColor(c, g.status)(SYMBOL[g.status] ?? '?');
    out.push(`    ${sym}  ${oneLineSafe(g.text)}  ${c.dim(oneLineSafe(g.id))}`);
  }
  if (audit.unsaid.questions.length > 0) {
    out.push('');
    out.push('  ' + c.bold(ui(lang, 'questions')));
    const numW = String(audit.unsaid.questions.length).length;
    audit.unsaid.questions.forEach((q, i) => {
      out.push(`    ${c.dim(String(i + 1).padStart(numW) + '.')} ${oneLineSafe(q)}`);
    });
  }

  // Summary.
  const s = audit.summary;
  out.push('');
  const counts = [
    c.green(`${SYMBOL.disclosed} ${s.disclosed}`),
    c.yellow(`${SYMBOL.partial} ${s.partial}`),
    c.red(`${SYMBOL.absent} ${s.absent}`),
  ].join('  ');
  out.push(
    `  ${counts}  ${c.bold(ui(lang, 'summaryLine', s))} · ${c.bold(ui(lang, 'claimsLine', { claims: s.claims, unsubstantiated: s.unsubstantiated }))}`,
  );
  return out.join('\n');
}

function indicatorLine(
  f: Finding,
  row: { id: string; title: string; at: string },
  w: { idW: number; titleW: number; atW: number },
  lang: MessageLang,
  c: Colors,
): string {
  const status = shownStatus(f);
  const sym = statusColor(c, status)(SYMBOL[status] ?? '?');
  const parts = [`    ${sym}  ${padEnd(row.id, w.idW)}`];
  if (w.titleW > 0) parts.push(padEnd(row.title, w.titleW));
  if (w.atW > 0) parts.push(c.dim(padEnd(row.at, w.atW)));
  const best = f.evidence[0];
  if (best) parts.push(quoteText(best.quote, lang));
  const facts = factPairs(f.facts).map(([k, v]) => `${oneLineSafe(k)}=${oneLineSafe(v)}`);
  if (facts.length > 0) parts.push(c.cyan(facts.join(' ')));
  if (f.review) parts.push(c.magenta(`[${ui(lang, 'reviewed', { reviewer: oneLineSafe(f.review.reviewer), machine: ui(lang, `status.${f.review.machineStatus}`) })}]`));
  return parts.join('  ').trimEnd();
}

function claimLine(
  cl: Claim,
  text: string | undefined,
  w: { verdictW: number; kindW: number; claimAtW: number },
  lang: MessageLang,
  c: Colors,
): string {
  const color = statusColor(c, cl.verdict);
  const parts = [
    `    ${color(VERDICT_SYMBOL[cl.verdict] ?? '?')}  ${color(padEnd(ui(lang, `verdict.${cl.verdict}`), w.verdictW))}`,
    padEnd(ui(lang, `kind.${cl.kind}`), w.kindW),
  ];
  if (w.claimAtW > 0) parts.push(c.dim(padEnd(loc(cl, text), w.claimAtW)));
  parts.push(quoteText(cl.quote, lang));
  const lacks = claimLacks(cl, lang).map(oneLineSafe);
  if (lacks.length > 0) parts.push(c.dim(lacks.join(ui(lang, 'sep'))));
  return parts.join('  ').trimEnd();
}

export function stylish(audits: Audit[], options: FormatOptions): string {
  const c = pc.createColors(options.color === true);
  if (audits.length === 0) return '';
  return audits.map((a) => formatAudit(a, options, c)).join('\n\n') + '\n';
}
