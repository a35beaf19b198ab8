/**
 * One document of a batch: read (file, URL or the stdin bytes handed over) → ingest → audit.
 * Runs in-process or inside a piscina worker (./worker.ts); never throws: every outcome is a
 * TaskResult, so a failure is a line in the report and the batch carries on.
 */
import { open } from 'node:fs/promises';
import type { Audit } from '../types.js';
import type { Rubric } from '../rubric/types.js';
import { ExitCode, UnsaidError, oneLine, type ExitCodeName } from '../errors.js';
import { ingest } from '../ingest/index.js';
import { auditDoc } from '../audit.js';
import { loadRubric } from '../rubric/index.js';
import { buildUnsaid } from '../unsaid/index.js';
import type { Item } from './expand.js';

export const DEFAULT_FILE_MAX_BYTES = 50 * 1024 * 1024;

export interface TaskOptions {
  /** Path of a user rubric; undefined → the default rubric. */
  rubricPath?: string;
  allowPrivate?: boolean;
  /** Largest input accepted; undefined → 10 MB for URLs, 50 MB for files and stdin. */
  maxBytes?: number;
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

/** Read a file up to maxBytes; errors become UnsaidError('unreadable' | 'unsupported'). */
export async function readFileCapped(path: string, source: string, maxBytes: number): Promise<Uint8Array> {
  let fh: import('node:fs/promises').FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw fileError(source, err as NodeJS.ErrnoException);
  }
  try {
    const st = await fh.stat();
    if (st.isDirectory()) throw new UnsaidError('unreadable', `${source}: is a directory`);
    if (st.isFile() && st.size > maxBytes) {
      throw new UnsaidError('unsupported', `${source}: larger than the size limit (${st.size} > ${maxBytes} bytes; see --max-bytes)`);
    }
    if (st.isFile()) {
      const buf = Buffer.allocUnsafe(st.size);
      let off = 0;
      while (off < st.size) {
        const { bytesRead } = await fh.read(buf, off, st.size - off, off);
        if (bytesRead === 0) break;
        off += bytesRead;
      }
      return new Uint8Array(buf.buffer, buf.byteOffset, off);
    }
    // A FIFO or device: read in chunks up to the cap.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(65536);
      const { bytesRead } = await fh.read(chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw new UnsaidError('unsupported', `${source}: larger than the size limit (${maxBytes} bytes; see --max-bytes)`);
      chunks.push(chunk.subarray(0, bytesRead));
    }
    return new Uint8Array(Buffer.concat(chunks, total));
  } catch (err) {
    if (err instanceof UnsaidError) throw err;
    throw fileError(source, err as NodeJS.ErrnoException);
  } finally {
    await fh.close().catch(() => undefined);
  }
}

function fileError(source: string, err: NodeJS.ErrnoException): UnsaidError {
  const why: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EISDIR: 'is a directory',
    ENOTDIR: 'no such file or directory',
  };
  return new UnsaidError('unreadable', `${source}: ${why[err.code ?? ''] ?? `cannot read (${err.code ?? err.message})`}`);
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
      bytes = await readFileCapped(item.path, item.source, opts.maxBytes ?? DEFAULT_FILE_MAX_BYTES);
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
    const doc = await ingest({ bytes, source: item.source, contentType });
    const audit = auditDoc(doc, rubric);
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
      return { ok: false, source: item.source, kind: err.kind, code: err.exitCode, message: withSource(item.source, oneLine(err)), ms, bytes: size };
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
