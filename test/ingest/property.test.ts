import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ingest } from '../../src/ingest/index.js';
import { parseMarkdown } from '../../src/ingest/markdown.js';
import { segment } from '../../src/segment/index.js';
import { UnsaidError } from '../../src/errors.js';
import type { Format } from '../../src/types.js';
import { assertOffsets } from './util.js';

/** Characters that stress offsets and splitting: CJK, zero-width, bidi controls, NUL, surrogates, markup. */
const tricky = fc.constantFrom(
  '模', '型', '。', '，', '“', '”', '」', '！', '\u200b', '\u200d', '\ufeff', '\u202e', '\u2066', '\u0000', '\u00a0', '\u3000',
  '😀', '\ud83d', '\r', '\n', '\n\n', '\t', '  ', '.', '. ', '? ', 'e.g.', 'Dr. ', '3.5', '|', '| a | b |\n|---|---|\n', '# ', '## ',
  '- ', '* ', '1. ', '> ', '```\n', '~~~', '---\n', '<div>', '</div>', '<p>', '<br>', '<!--', '-->', '<script>', '&amp;', '[x](y)',
  '![a](b)', '**', '_', '`', '\\', '[^1]: ', '<table><tr><td>', '</td></tr></table>', '<li>', '<h2>', 'Orca-7B ', 'The model ',
);
const doc = fc.array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.string({ unit: 'binary', maxLength: 6 }), tricky), { maxLength: 60 }).map((a) => a.join(''));

async function roundTrip(bytes: Uint8Array, source: string, format?: Format) {
  try {
    const d = await ingest({ bytes, source, format });
    const sentences = segment(d);
    assertOffsets(d, sentences);
    // Markdown and plain text: the text is the decoded file (BOM dropped, NUL → U+FFFD, nothing else).
    if ((d.format === 'markdown' || d.format === 'text') && d.encoding === 'utf-8') {
      assert.equal(d.text, new TextDecoder().decode(bytes).replaceAll('\u0000', '\ufffd'));
    }
  } catch (e) {
    if (e instanceof UnsaidError) {
      assert.equal(e.kind, 'unsupported');
      return;
    }
    throw e;
  }
}

test('random text through ingest + segment: only UnsaidError, offsets in range and ordered (markdown, text, html)', async () => {
  await fc.assert(
    fc.asyncProperty(doc, fc.constantFrom<Format>('markdown', 'text', 'html'), async (s, format) => {
      await roundTrip(new TextEncoder().encode(s), `x.${format === 'markdown' ? 'md' : format === 'text' ? 'txt' : 'html'}`, format);
    }),
    { numRuns: 400 },
  );
});

test('random bytes through sniffing and decoding: only UnsaidError', async () => {
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: 300 }), fc.constantFrom('x.md', 'x.txt', 'x.html', '-', 'x'), async (bytes, source) => {
      await roundTrip(bytes, source);
    }),
    { numRuns: 300 },
  );
});

test('markdown text is the decoded file and blocks never overlap', () => {
  fc.assert(
    fc.property(doc, (s) => {
      const st = parseMarkdown(s);
      let prev = 0;
      for (const b of st.blocks) {
        assert.ok(b.start >= prev && b.start < b.end && b.end <= s.length, `block [${b.start},${b.end}) in ${JSON.stringify(s)}`);
        prev = b.end;
      }
    }),
    { numRuns: 1000 },
  );
});
