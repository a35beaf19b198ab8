import type { Format } from '../types.js';
import { UnsaidError } from '../errors.js';

/** Decide the format from magic bytes, content-type and file extension. */
export function sniffFormat(bytes: Uint8Array, source: string, contentType?: string): Format {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  if (head.startsWith('%PDF-')) return 'pdf';
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('application/pdf')) return 'pdf';
  if (ct.includes('text/html') || ct.includes('application/xhtml')) return 'html';
  const ext = source.toLowerCase().replace(/[?#].*$/, '').match(/\.([a-z0-9]+)$/)?.[1] ?? '';
  if (ext === 'pdf') return 'pdf';
  if (ext === 'html' || ext === 'htm' || ext === 'xhtml') return 'html';
  if (ext === 'txt' || ext === 'text') return 'text';
  if (ext === 'md' || ext === 'markdown' || ext === 'mdx') return 'markdown';
  // Binary check: NUL bytes in the head of a non-UTF-16 file.
  const bomUtf16 = (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff);
  if (!bomUtf16 && head.includes('\u0000')) throw new UnsaidError('unsupported', `${source}: binary data, not a document`);
  if (/^\s*(<!doctype html|<html[\s>]|<head[\s>]|<body[\s>])/i.test(head)) return 'html';
  return 'markdown';
}
