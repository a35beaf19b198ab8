// Orchestrates one document through the pipeline. (Being written: see the engine owner.)
import type { Audit, Doc, Format } from './types.js';
import type { Rubric } from './rubric/types.js';

export interface AuditOptions {
  rubric?: Rubric;
  /** Force a format instead of sniffing. */
  format?: Format;
}

export interface SourceBytes {
  bytes: Uint8Array;
  /** Path or URL as given by the user ("-" for stdin). */
  source: string;
  /** HTTP content-type, when fetched. */
  contentType?: string;
}

/** Ingest + audit raw bytes. Throws UnsaidError('unsupported', ...) for unauditable input. */
export declare function auditBytes(input: SourceBytes, opts?: AuditOptions): Promise<Audit>;
/** Audit an already ingested document. Deterministic: same doc and rubric, same Audit. */
export declare function auditDoc(doc: Doc, rubric: Rubric): Audit;
