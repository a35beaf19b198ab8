/**
 * One document of a batch: read (file, URL or the stdin bytes handed over) → ingest → audit.
 * Runs in-process or inside a piscina worker (./worker.ts); never throws: every outcome is a
 * TaskResult, so a failure is a line in the report and the batch carries on.
 */
import type { Audit } from '../types.js';
import type { Rubric } from '../rubric/types.js';
import { ExitCode, UnsaidError, oneLine, type ExitCodeName } from '../errors.js';
import { ingest } from '../ingest/index.js';
import { readSource, DEFAULT_MAX_BYTES as FILE_MAX_BYTES } from '../ingest/source.js';
import { auditDoc } from '../audit.js';
import { loadRubric } from '../rubric/index.js';
import { buildUnsaid } from '../unsaid/index.js';
import type { Item } from './expand.js';

/** Largest file or stdin input read by default (URLs: 10 MB, see ingest/fetch.ts). */
export const DEFAULT_FILE_MAX_BYTES = FILE_MAX_BYTES;

export interface TaskOptions {
  /** Path of a user rubric; undefined → the default rubric. */
  rubricPath?: string;
  allowPrivate?: boolean;
  /** Largest input accepted; undefined → 10 MB for URLs, 100 MB for files and stdin. */
  maxBytes?: number;
  /** Characters of text audited (default: the audit's DEFAULT_MAX_CHARS). */
  maxChars?: number;
  timeoutMs?: number;
  /** Report language override: rebuilds `unsaid` in this language. */
  lang?: 'en' | 'zh';
  /** Return the document text (the markdown and html reports highlight evidence in it). */
  wantText?: boolean;
}

export interface TaskInput {
  item: Item;
  /** The bytes of stdin, read by the main thread (only for item.kind === 'stdin'). */
  bytes?: Uint8Array;
  opts: TaskOptions;
}

export type TaskResult =
  | { ok: true; source: string; audit: Audit; text?: string; ms: number; bytes: number }
  | { ok: false; source: string; kind: ExitCodeName; code: number; message: string; stack?: string; ms: number; bytes: number };

const rubrics = new Map<string, Rubric>();

/** The rubric for a task, loaded once per thread. */
export function rubricFor(path: string | undefined): Rubric {
  const key = path ?? '';
  let r = rubrics.get(key);
  if (!r) {
    r = loadRubric(path);
    rubrics.set(key, r);
  }
  return r;
}

/** Prefix a message with the source unless it already names it. */
export function withSource(source: string, message: string): string {
  return message.startsWith(source) ? message : `${source}: ${message}`;
}

/** Audit one item. Never throws. */
export async function runTask(input: TaskInput): Promise<TaskResult> {
  const t0 = performance.now();
  const { item, opts } = input;
  let size = 0;
  try {
    let bytes: Uint8Array;
    let contentType: string | undefined;
    if (item.kind === 'stdin') {
      bytes = input.bytes ?? new Uint8Array();
    } else if (item.kind === 'file') {
      try {
        bytes = (await readSource(item.path, { maxBytes: opts.maxBytes ?? DEFAULT_FILE_MAX_BYTES })).bytes;
      } catch (err) {
        // Name the file as the user wrote it, not by its resolved path.
        if (err instanceof UnsaidError && item.path !== item.source)
          throw new UnsaidError(err.kind, err.message.split(item.path).join(item.source));
        throw err;
      }
    } else {
      const { fetchSource } = await import('../ingest/fetch.js');
      const fetched = await fetchSource(item.source, {
        allowPrivate: opts.allowPrivate,
        maxBytes: opts.maxBytes,
        timeoutMs: opts.timeoutMs,
      });
      bytes = fetched.bytes;
      contentType = fetched.contentType;
    }
    size = bytes.length;
    const rubric = rubricFor(opts.rubricPath);
    const doc = await ingest({ bytes, source: item.source, contentType, maxChars: opts.maxChars });
    const audit = auditDoc(doc, rubric, { maxChars: opts.maxChars });
    if (opts.lang && audit.unsaid.language !== opts.lang) {
      audit.unsaid = buildUnsaid(audit.indicators, rubric, opts.lang);
    }
    return {
      ok: true,
      source: item.source,
      audit,
      ...(opts.wantText ? { text: doc.text } : {}),
      ms: performance.now() - t0,
      bytes: size,
    };
  } catch (err) {
    const ms = performance.now() - t0;
    if (err instanceof UnsaidError) {
      return {
        ok: false,
        source: item.source,
        kind: err.kind,
        code: err.exitCode,
        message: withSource(item.source, oneLine(err)),
        ms,
        bytes: size,
      };
    }
    return {
      ok: false,
      source: item.source,
      kind: 'internal',
      code: ExitCode.internal,
      message: withSource(item.source, `internal error: ${oneLine(err)}`),
      stack: err instanceof Error ? err.stack : undefined,
      ms,
      bytes: size,
    };
  }
}
