/**
 * One document through the pipeline: ingest → segment → checks (rubric) → claims → unsaid → score.
 */
import type { Audit, Claim, Doc, Finding, Format } from './types.js';
import type { Rubric } from './rubric/types.js';
import { DEFAULT_MAX_CHARS, ingest } from './ingest/index.js';
import { segment } from './segment/index.js';
import { loadRubric } from './rubric/index.js';
import { runChecks } from './checks/index.js';
import { findClaims } from './claims/index.js';
import { buildUnsaid } from './unsaid/index.js';
import { computeScore } from './report/score.js';
import { VERSION } from './version.js';

export interface AuditOptions {
  rubric?: Rubric;
  /** Force a format instead of sniffing. */
  format?: Format;
  /** Characters of text audited (see DEFAULT_MAX_CHARS). */
  maxChars?: number;
}

export { DEFAULT_MAX_CHARS } from './ingest/index.js';

export interface SourceBytes {
  bytes: Uint8Array;
  /** Path or URL as given by the user ("-" for stdin). */
  source: string;
  /** HTTP content-type, when fetched. */
  contentType?: string;
}

/** Ingest + audit raw bytes. Throws UnsaidError('unsupported', ...) for unauditable input. */
export async function auditBytes(input: SourceBytes, opts: AuditOptions = {}): Promise<Audit> {
  const doc = await ingest({ ...input, format: opts.format, maxChars: opts.maxChars });
  return auditDoc(doc, opts.rubric ?? loadRubric(), { maxChars: opts.maxChars });
}

/** Audit an already ingested document. Deterministic: same doc and rubric, same Audit. */
export function auditDoc(doc: Doc, rubric: Rubric, opts: { maxChars?: number } = {}): Audit {
  const maxChars = opts.maxChars ?? DEFAULT_MAX_CHARS;
  // Markdown and plain text are cut at ingest (whole lines); other formats here, by block.
  const cutHere = doc.text.length > maxChars;
  const truncated = cutHere || doc.truncatedFrom !== undefined;
  const auditedChars = cutHere ? maxChars : doc.text.length;
  const totalChars = doc.truncatedFrom ?? doc.text.length;
  const sentences = segment(cutHere ? { ...doc, blocks: doc.blocks.filter((b) => b.start < maxChars) } : doc);
  const { findings, facts } = runChecks(doc, sentences, rubric);
  const claims = findClaims(doc, sentences);
  const reportLang = doc.language === 'en' ? 'en' : 'zh';
  const unsaid = buildUnsaid(findings, rubric, reportLang);
  const score = computeScore(findings, rubric);
  return {
    schemaVersion: '1',
    tool: { name: 'unsaid', version: VERSION },
    document: {
      source: doc.source,
      language: doc.language,
      sha256: doc.sha256,
      format: doc.format,
      bytes: doc.bytes,
      encoding: doc.encoding,
      ...(doc.title ? { title: doc.title } : {}),
      ...(truncated ? { truncated: { auditedChars, totalChars } } : {}),
    },
    rubric: { id: rubric.id, version: rubric.version },
    indicators: findings,
    facts,
    claims,
    unsaid,
    score,
    summary: summarise(findings, claims),
  };
}

/** The audit's summary counts. */
export function summarise(findings: Finding[], claims: Claim[]): Audit['summary'] {
  const count = (s: string) => findings.filter((f) => f.status === s).length;
  return {
    disclosed: count('disclosed'),
    partial: count('partial'),
    absent: count('absent'),
    claims: claims.length,
    unsubstantiated: claims.filter((c) => c.verdict === 'unsubstantiated').length,
  };
}
