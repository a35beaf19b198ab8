/**
 * A Markdown report: header and score, a summary table per group, the indicators with their evidence
 * as blockquotes (with line numbers), a claims table, what the document did not say, and the questions.
 *
 * Document text is untrusted. `escapeMarkdown` puts it on one line and makes it inert: `& < >` become
 * entities (no raw HTML, no `<…>` autolinks), bare URLs and e-mail addresses go into code spans so GFM does not link them, Markdown punctuation that can start emphasis, code, links,
 * images, tables, strikethrough or math is backslash-escaped, and a leading block marker (`#`, `-`,
 * `+`, `=`, `1.`) is escaped so the text cannot open a heading or list wherever it lands.
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
  oneLineSafe,
  reportLang,
  shownStatus,
  STATUS_ORDER,
} from './text.js';

const SYMBOL: Record<Status, string> = { disclosed: '✔', partial: '◐', absent: '✖' };
const VERDICT_SYMBOL: Record<string, string> = { substantiated: '✔', partly: '◐', unsubstantiated: '✖' };

/** Bare URLs and e-mail addresses, which GFM would turn into links (stops at characters escaped elsewhere). */
const LINKABLE = /(?:https?:\/\/|ftp:\/\/|www\.)[^\s<>|`]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gi;

function escapeInline(t: string): string {
  return t
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~$]/g, (ch) => '\\' + ch);
}

/** Untrusted text → inert single-line Markdown (safe in paragraphs, list items, blockquotes and table cells). */
export function escapeMarkdown(s: string): string {
  const line = oneLineSafe(String(s));
  // GFM links bare URLs whatever escaping surrounds them; inside a code span they stay plain text.
  let t = '';
  let last = 0;
  for (const m of line.matchAll(LINKABLE)) {
    t += escapeInline(line.slice(last, m.index)) + codeSpan(m[0]);
    last = m.index! + m[0].length;
  }
  t += escapeInline(line.slice(last));
  // A leading block marker would open a heading, list item, setext underline or thematic break.
  if (/^(#{1,6}|[-+])(\s|$)/.test(t) || /^[-=]+$/.test(t)) t = '\\' + t;
  else t = t.replace(/^(\d{1,9})([.)])(?=\s|$)/, '$1\\$2');
  return t;
}

/** A code span that cannot be broken out of (fence longer than any backtick run inside). Safe in tables. */
export function codeSpan(s: string): string {
  const t = oneLineSafe(String(s)).replace(/\|/g, '\\|');
  if (t === '') return '';
  const longest = Math.max(0, ...(t.match(/`+/g) ?? []).map((r) => r.length));
  const fence = '`'.repeat(longest + 1);
  const pad = t.startsWith('`') || t.endsWith('`') || longest > 0 ? ' ' : '';
  return `${fence}${pad}${t}${pad}${fence}`;
}

function lineOf(item: { start: number; line?: number; column?: number }, text: string | undefined): number | undefined {
  return locate(item, text)?.line;
}

function indicatorItem(f: Finding, options: FormatOptions, lang: MessageLang, text: string | undefined): string[] {
  const status = shownStatus(f);
  const title = indicatorTitle(options.rubric, f.id, lang);
  let head = `- ${SYMBOL[status] ?? '?'} **${ui(lang, `status.${status}`)}** · `;
  head += title ? `${escapeMarkdown(title)}${ui(lang, 'paren', { text: codeSpan(f.id) })}` : codeSpan(f.id);
  const facts = factPairs(f.facts);
  if (facts.length > 0) head += ` · ${ui(lang, 'facts')}${ui(lang, 'colon')}` + facts.map(([k, v]) => `${escapeMarkdown(k)}=${escapeMarkdown(v)}`).join(escapeMarkdown(ui(lang, 'sep')));
  if (f.review) {
    head += ` · _${escapeMarkdown(ui(lang, 'reviewed', { reviewer: f.review.reviewer, machine: ui(lang, `status.${f.review.machineStatus}`) }))}_`;
  }
  const lines = [head];
  f.evidence.forEach((e, i) => {
    if (i > 0) lines.push('  >');
    const line = lineOf(e, text);
    const label = line !== undefined ? `**${escapeMarkdown(ui(lang, 'lineLabel', { line }))}** ` : '';
    lines.push(`  > ${label}${escapeMarkdown(e.quote)}`);
  });
  return lines;
}

function formatAudit(audit: Audit, options: FormatOptions): string {
  const lang = reportLang(audit, options.lang);
  const text = options.docText?.get(audit.document.source);
  const out: string[] = [];
  const name = audit.document.title ?? audit.document.source;
  const colon = ui(lang, 'colon');
  // The colon stays outside the emphasis: `**来源：**x` would not close (CommonMark flanking rules).
  const label = (key: string) => `**${ui(lang, key)}**${colon}`;
  out.push(`# ${ui(lang, 'reportTitle')}${colon}${escapeMarkdown(name)}`, '');
  out.push(`- ${label('source')}${escapeMarkdown(audit.document.source)}`);
  out.push(`- ${label('language')}${escapeMarkdown(ui(lang, `lang.${audit.document.language}`))} · ${label('format')}${escapeMarkdown(audit.document.format)}`);
  const cut = audit.document.truncated;
  if (cut) out.push(`- ${escapeMarkdown(ui(lang, 'truncated', { audited: String(cut.auditedChars), total: String(cut.totalChars) }))}`);
  out.push(`- ${label('rubric')}${escapeMarkdown(`${audit.rubric.id} ${audit.rubric.version}`)}`);
  const points = ui(lang, 'points', { value: formatPoints(audit.score.value), max: formatPoints(audit.score.max) });
  out.push(`- **${ui(lang, 'score')}${colon}${audit.score.percent.toFixed(1)}/100**${ui(lang, 'paren', { text: escapeMarkdown(points) })}`);
  const s = audit.summary;
  out.push(`- ${escapeMarkdown(ui(lang, 'summaryLine', s))} · ${escapeMarkdown(ui(lang, 'claimsLine', { claims: s.claims, unsubstantiated: s.unsubstantiated }))}`);
  out.push('');

  // Summary table per group.
  const groups = groupFindings(audit.indicators);
  out.push(`## ${ui(lang, 'summary')}`, '');
  out.push(`| ${ui(lang, 'group')} | ${STATUS_ORDER.map((st) => `${SYMBOL[st]} ${ui(lang, `status.${st}`)}`).join(' | ')} |`);
  out.push('| --- | ---: | ---: | ---: |');
  const total: Record<Status, number> = { disclosed: 0, partial: 0, absent: 0 };
  for (const { group, findings } of groups) {
    const n: Record<Status, number> = { disclosed: 0, partial: 0, absent: 0 };
    for (const f of findings) {
      const st = shownStatus(f);
      if (st in n) {
        n[st]++;
        total[st]++;
      }
    }
    out.push(`| ${escapeMarkdown(groupTitle(options.rubric, group, lang))} | ${STATUS_ORDER.map((st) => n[st]).join(' | ')} |`);
  }
  out.push(`| **${ui(lang, 'total')}** | ${STATUS_ORDER.map((st) => `**${total[st]}**`).join(' | ')} |`, '');

  // Indicators with evidence.
  out.push(`## ${ui(lang, 'indicators')}`, '');
  for (const { group, findings } of groups) {
    out.push(`### ${escapeMarkdown(groupTitle(options.rubric, group, lang))}`, '');
    for (const f of findings) out.push(...indicatorItem(f, options, lang, text));
    out.push('');
  }

  // Claims.
  out.push(`## ${ui(lang, 'claims')}`, '');
  if (audit.claims.length === 0) {
    out.push(escapeMarkdown(ui(lang, 'noClaims')), '');
  } else {
    out.push(`| ${ui(lang, 'verdict')} | ${ui(lang, 'kind')} | ${ui(lang, 'line')} | ${ui(lang, 'claim')} | ${ui(lang, 'checks')} |`);
    out.push('| --- | --- | ---: | --- | --- |');
    for (const c of audit.claims) {
      const line = lineOf(c, text);
      const lacks = claimLacks(c, lang);
      out.push(
        `| ${VERDICT_SYMBOL[c.verdict] ?? '?'} ${escapeMarkdown(ui(lang, `verdict.${c.verdict}`))} | ${escapeMarkdown(ui(lang, `kind.${c.kind}`))} | ${line ?? ''} | ${escapeMarkdown(c.quote)} | ${escapeMarkdown(lacks.join(ui(lang, 'sep')))} |`,
      );
    }
    out.push('');
  }

  // What they didn't say.
  out.push(`## ${ui(lang, 'gaps')}`, '');
  if (audit.unsaid.gaps.length === 0) out.push(escapeMarkdown(ui(lang, 'noGaps')));
  for (const g of audit.unsaid.gaps) out.push(`- ${SYMBOL[g.status] ?? '?'} ${escapeMarkdown(g.text)}${ui(lang, 'paren', { text: codeSpan(g.id) })}`);
  out.push('');
  if (audit.unsaid.questions.length > 0) {
    out.push(`## ${ui(lang, 'questions')}`, '');
    audit.unsaid.questions.forEach((q, i) => out.push(`${i + 1}. ${escapeMarkdown(q)}`));
    out.push('');
  }
  return out.join('\n');
}

export function markdown(audits: Audit[], options: FormatOptions): string {
  if (audits.length === 0) return '';
  return audits.map((a) => formatAudit(a, options)).join('\n---\n\n');
}
