/**
 * Read a local source: a file path, or `-` for stdin. (URLs are fetched by ./fetch.ts.)
 * Failures are one line naming the path: missing, a directory, permission denied → 'unreadable';
 * larger than the cap → 'unsupported'.
 */
import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { UnsaidError } from '../errors.js';

export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;

export interface ReadSourceOptions {
  /** Refuse input larger than this many bytes (default 100 MB). */
  maxBytes?: number;
  /** Stream to read for `-` (default process.stdin). */
  stdin?: Readable;
}

function mb(n: number): string {
  if (n < 100 * 1024) return `${n} bytes`;
  const v = n / (1024 * 1024);
  return v >= 10 ? `${Math.round(v)} MB` : `${v.toFixed(1)} MB`;
}

function tooLarge(source: string, max: number, size?: number): UnsaidError {
  const got = size === undefined ? `more than ${mb(max)}` : mb(size);
  return new UnsaidError('unsupported', `${source}: too large (${got}; the limit is ${mb(max)})`);
}

function fsError(source: string, err: unknown): UnsaidError {
  const code = (err as NodeJS.ErrnoException)?.code;
  const why =
    code === 'ENOENT' ? 'no such file'
    : code === 'EISDIR' ? 'is a directory, not a file'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'ENOTDIR' ? 'a part of the path is not a directory'
    : code === 'ELOOP' ? 'too many symbolic links'
    : code === 'ENAMETOOLONG' ? 'path too long'
    : code === 'EMFILE' || code === 'ENFILE' ? 'too many open files'
    : `cannot read (${code ?? (err instanceof Error ? err.message : String(err))})`;
  return new UnsaidError('unreadable', `${source}: ${why}`);
}

async function readStream(stream: AsyncIterable<unknown>, source: string, max: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk as Uint8Array);
    total += buf.length;
    if (total > max) throw tooLarge(source, max);
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}

export async function readSource(source: string, opts: ReadSourceOptions = {}): Promise<{ bytes: Uint8Array; source: string }> {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (source === '-') {
    const stdin = opts.stdin ?? process.stdin;
    try {
      return { bytes: await readStream(stdin, '-', max), source: '-' };
    } catch (err) {
      if (err instanceof UnsaidError) throw err;
      throw new UnsaidError('unreadable', `-: cannot read stdin (${err instanceof Error ? err.message : String(err)})`);
    }
  }
  if (source === '') throw new UnsaidError('unreadable', "(empty path): no such file");

  let st;
  try {
    st = await stat(source);
  } catch (err) {
    throw fsError(source, err);
  }
  if (st.isDirectory()) throw new UnsaidError('unreadable', `${source}: is a directory, not a file`);
  if (st.isFile() && st.size > max) throw tooLarge(source, max, st.size);

  let fh;
  try {
    fh = await open(source, 'r');
  } catch (err) {
    throw fsError(source, err);
  }
  try {
    if (st.isFile()) {
      // Read what is there now (the file may change size between stat and read); cap it anyway.
      const chunks: Buffer[] = [];
      let total = 0;
      const size = Math.max(st.size, 64 * 1024);
      for (;;) {
        const buf = Buffer.allocUnsafe(Math.min(size, max + 1 - total) || 1);
        const { bytesRead } = await fh.read(buf, 0, buf.length, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > max) throw tooLarge(source, max);
        chunks.push(bytesRead === buf.length ? buf : buf.subarray(0, bytesRead));
      }
      const all = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
      return { bytes: new Uint8Array(all.buffer, all.byteOffset, all.length), source };
    }
    // FIFO, character device (/dev/stdin, a pipe): stream it with the cap.
    return { bytes: await readStream(fh.createReadStream({ autoClose: false }), source, max), source };
  } catch (err) {
    if (err instanceof UnsaidError) throw err;
    throw fsError(source, err);
  } finally {
    await fh.close().catch(() => undefined);
  }
}
