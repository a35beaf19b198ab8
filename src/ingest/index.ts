/**
 * Ingest: bytes → Doc. Decodes the bytes, picks a format plugin, and returns one normalised text with
 * its structure (headings, blocks) and metadata. Checks never see HTML, PDF or Markdown syntax trees.
 */
import { createHash } from 'node:crypto';
import type { Doc, Format } from '../types.js';
import { UnsaidError } from '../errors.js';
import { parseMarkdown } from './markdown.js';
import { decode } from './decode.js';
import { detectLanguage } from './language.js';
import { sniffFormat } from './sniff.js';
import { parsePlainText } from './plaintext.js';

export interface IngestInput {
  bytes: Uint8Array;
  source: string;
  contentType?: string;
  format?: Format;
  /**
   * Markdown and plain text longer than this are cut at the last line break before it, and only the
   * prefix is parsed (`Doc.truncatedFrom` keeps the full length). Default DEFAULT_MAX_CHARS.
   */
  maxChars?: number;
}

/**
 * How much of a document's text is audited by default: 4 million characters, about ten times the
 * longest technical report we know of. Beyond it the audit reads what comes before the limit and
 * says so (`document.truncated`), so time and memory stay bounded on any input (a 50 MB generated
 * file took 73 s and 1.4 GB in full). `--max-chars` raises it.
 */
export const DEFAULT_MAX_CHARS = 4_000_000;

export async function ingest(input: IngestInput): Promise<Doc> {
  const { bytes, source } = input;
  if (bytes.length === 0) throw new UnsaidError('unsupported', `${source}: empty input`);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const format = input.format ?? sniffFormat(bytes, source, input.contentType);

  if (format === 'pdf') {
    const { ingestPdf } = await import('./pdf.js');
    return ingestPdf(bytes, source, sha256);
  }
  const { text, encoding } = decode(bytes, source, { contentType: input.contentType, html: format === 'html' });
  if (format === 'html') {
    const { ingestHtml } = await import('./html.js');
    return ingestHtml(text, { source, sha256, bytes: bytes.length, encoding });
  }
  const meta = { source, sha256, bytes: bytes.length, encoding, maxChars: input.maxChars ?? DEFAULT_MAX_CHARS };
  if (format === 'text') return fromPlainText(text, meta);
  return fromMarkdownText(text, { ...meta, format });
}

type Meta = { source: string; sha256: string; bytes: number; encoding: string; maxChars?: number };
type Structure = Pick<Doc, 'headings' | 'blocks' | 'title'> & Partial<Pick<Doc, 'frontMatter' | 'frontMatterRange'>>;

/** A Doc whose text is the decoded source itself, with the structure a parser found in it. */
function textDoc(full: string, meta: Meta, format: Format, parse: (text: string) => Structure): Doc {
  if (!/\S/u.test(full)) throw new UnsaidError('unsupported', `${meta.source}: no text in the document`);
  let text = full;
  if (meta.maxChars !== undefined && full.length > meta.maxChars) {
    // Parsing a huge text only to audit its start costs time and memory for nothing: keep whole lines.
    const nl = full.lastIndexOf('\n', meta.maxChars);
    text = full.slice(0, nl > meta.maxChars / 2 ? nl + 1 : meta.maxChars);
  }
  const s = parse(text);
  return {
    source: meta.source,
    format,
    text,
    language: detectLanguage(text, s.blocks),
    sha256: meta.sha256,
    bytes: meta.bytes,
    encoding: meta.encoding,
    headings: s.headings,
    blocks: s.blocks,
    frontMatter: s.frontMatter ?? {},
    ...(s.frontMatterRange ? { frontMatterRange: s.frontMatterRange } : {}),
    title: s.title,
    ...(text.length < full.length ? { truncatedFrom: full.length } : {}),
  };
}

/** Plain text (.txt): paragraphs by blank lines, numbered/caps/title-case headings, bullets, aligned tables. */
export function fromPlainText(text: string, meta: Meta): Doc {
  return textDoc(text, meta, 'text', (t) => parsePlainText(t));
}

/** Markdown: the decoded source is the text; blocks and headings come from the markdown block parser. */
export function fromMarkdownText(text: string, meta: Meta & { format: Format }): Doc {
  return textDoc(text, meta, meta.format, parseMarkdown);
}
