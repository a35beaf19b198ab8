/**
 * Output of `unsaid claims`: only the claims of each document.
 * stylish: a header per document, one line per claim (verdict, kind, line:col, quote, what it lacks);
 * json: `{document, claims, summary}` (pretty for one document, JSON Lines for several); jsonl: always lines.
 * Document text never reaches the terminal raw (controls and bidi overrides are stripped).
 */
import pc from 'picocolors';
import type { Audit, Claim, Verdict } from '../types.js';
import { claimLacks, displayWidth, locate, oneLineSafe, padEnd, reportLang, truncate } from '../report/text.js';
import { ui } from '../unsaid/messages.js';

export const CLAIMS_FORMATS = ['stylish', 'json', 'jsonl'] as const;
export type ClaimsFormat = (typeof CLAIMS_FORMATS)[number];

export interface ClaimsSummary {
  claims: number;
  substantiated: number;
  partly: number;
  unsubstantiated: number;
}

export interface ClaimsReport {
  document: Audit['document'];
  claims: Claim[];
  summary: ClaimsSummary;
}

export function claimsReport(a: Audit): ClaimsReport {
  const n = (v: Verdict) => a.claims.filter((c) => c.verdict === v).length;
  return {
    document: a.document,
    claims: a.claims,
    summary: {
      claims: a.claims.length,
      substantiated: n('substantiated'),
      partly: n('partly'),
      unsubstantiated: n('unsubstantiated'),
    },
  };
}

const SYMBOL: Record<Verdict, string> = { substantiated: '✔', partly: '◐', unsubstantiated: '✖' };

export interface ClaimsFormatOptions {
  color: boolean;
  text?: string;
  lang?: 'en' | 'zh';
}

/** One document's claims, stylish. Ends with a newline. */
export function claimsStylish(a: Audit, o: ClaimsFormatOptions): string {
  const c = pc.createColors(o.color);
  const lang = reportLang(a, o.lang);
  const title = a.document.title ? `  ${c.dim(truncate(oneLineSafe(a.document.title), 80))}` : '';
  const lines = [`${c.bold(c.underline(oneLineSafe(a.document.source)))}${title}`];
  if (a.claims.length === 0) {
    lines.push(`  ${c.dim(ui(lang, 'noClaims'))}`);
  } else {
    const verdictW = Math.max(...a.claims.map((cl) => displayWidth(ui(lang, `verdict.${cl.verdict}`))));
    const kindW = Math.max(...a.claims.map((cl) => displayWidth(ui(lang, `kind.${cl.kind}`))));
    const at = (cl: Claim) => {
      const l = locate(cl, o.text);
      return l ? `${l.line}${l.column !== undefined ? `:${l.column}` : ''}` : '';
    };
    const atW = Math.max(...a.claims.map((cl) => at(cl).length));
    for (const cl of a.claims) {
      const color = cl.verdict === 'substantiated' ? c.green : cl.verdict === 'partly' ? c.yellow : c.red;
      const parts = [
        `  ${color(SYMBOL[cl.verdict] ?? '?')} ${color(padEnd(ui(lang, `verdict.${cl.verdict}`), verdictW))}`,
        padEnd(ui(lang, `kind.${cl.kind}`), kindW),
      ];
      if (atW > 0) parts.push(c.dim(padEnd(at(cl), atW)));
      parts.push(lang === 'zh' ? `“${truncate(oneLineSafe(cl.quote), 100)}”` : `"${truncate(oneLineSafe(cl.quote), 100)}"`);
      const lacks = claimLacks(cl, lang).map(oneLineSafe);
      if (lacks.length > 0) parts.push(c.dim(lacks.join('; ')));
      lines.push(parts.join('  ').trimEnd());
    }
  }
  const s = claimsReport(a).summary;
  lines.push('');
  lines.push(`  ${ui(lang, 'claimsLine', { claims: s.claims, unsubstantiated: s.unsubstantiated })}`);
  return lines.join('\n') + '\n';
}

export function claimsJson(a: Audit, pretty: boolean): string {
  return (pretty ? JSON.stringify(claimsReport(a), null, 2) : JSON.stringify(claimsReport(a))) + '\n';
}
