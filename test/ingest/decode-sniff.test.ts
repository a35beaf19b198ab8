import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { decode, charsetFromContentType, charsetFromHtmlMeta, decodeWindows1252 } from '../../src/ingest/decode.js';
import { sniffFormat, binaryReason, utf16WithoutBom, looksLikeHtml } from '../../src/ingest/sniff.js';
import { UnsaidError } from '../../src/errors.js';
import { readFixture, utf8 } from './util.js';

const isKind = (kind: string, re?: RegExp) => (e: unknown) => {
  assert.ok(e instanceof UnsaidError, `expected UnsaidError, got ${String(e)}`);
  assert.equal(e.kind, kind);
  if (re) assert.match(e.message, re);
  return true;
};

test('UTF-8 with and without BOM; the BOM is not part of the text', () => {
  assert.deepEqual(decode(utf8('# Orca 模型\n'), 'a.md'), { text: '# Orca 模型\n', encoding: 'utf-8' });
  assert.deepEqual(decode(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('hi')]), 'a.md'), { text: 'hi', encoding: 'utf-8' });
  // A multi-byte character cut off at the very end (truncated download) is still UTF-8.
  const cut = utf8('Orca 模型').subarray(0, -1);
  assert.equal(decode(cut, 'cut.md').encoding, 'utf-8');
});

test('UTF-16: BOM (LE, BE) and clear UTF-16LE without BOM', () => {
  assert.equal(decode(readFixture('notes-utf16le-bom.txt'), 'x').encoding, 'utf-16le');
  const nobom = readFixture('notes-utf16le-nobom.txt');
  assert.equal(utf16WithoutBom(nobom), 'utf-16le');
  assert.ok(decode(nobom, 'x').text.startsWith('Orca-7B Release Notes'));
  const be = new Uint8Array([0xfe, 0xff, 0x00, 0x48, 0x00, 0x69, 0x6a, 0x21]);
  assert.deepEqual(decode(be, 'x'), { text: 'Hi模', encoding: 'utf-16be' });
  assert.throws(() => decode(new Uint8Array([0xff, 0xfe, 0, 0, 0x48, 0, 0, 0]), 'u32.txt'), isKind('unsupported', /UTF-32/));
});

test('GB18030/GBK and Big5 via detection; Windows-1252 fallback with its own 0x80-0x9F', () => {
  assert.equal(decode(readFixture('model-card-gbk.md'), 'x').encoding, 'gb18030');
  assert.equal(decode(readFixture('model-card-big5.md'), 'x').encoding, 'big5');
  const cp = decode(readFixture('notes-cp1252.md'), 'x');
  assert.equal(cp.encoding, 'windows-1252');
  assert.match(cp.text, /Orca-7B — café/);
  assert.equal(decodeWindows1252(new Uint8Array([0x80, 0x93, 0x94, 0xe9])), '€“”é');
});

test('declared charsets: HTTP content-type and <meta charset>; valid UTF-8 wins over a wrong label', () => {
  assert.equal(charsetFromContentType('text/html; charset=GB2312'), 'gb18030');
  assert.equal(charsetFromContentType('text/html; charset="utf-8"'), 'utf-8');
  assert.equal(charsetFromContentType('text/html'), null);
  assert.equal(charsetFromContentType('text/html; charset=nonsense-xyz'), null);
  assert.equal(charsetFromHtmlMeta(utf8('<meta http-equiv="Content-Type" content="text/html; charset=big5">')), 'big5');
  assert.equal(charsetFromHtmlMeta(utf8('<meta charset=shift_jis>')), 'shift_jis');
  // 0xE9 alone: declared windows-1252 is honoured (it is not UTF-8).
  assert.deepEqual(decode(new Uint8Array([0x63, 0x61, 0x66, 0xe9]), 'x', { contentType: 'text/plain; charset=iso-8859-1' }), { text: 'café', encoding: 'windows-1252' });
  // Bytes that are valid UTF-8 stay UTF-8 even if a header says latin-1.
  assert.equal(decode(utf8('café 模型'), 'x', { contentType: 'text/html; charset=iso-8859-1' }).encoding, 'utf-8');
  // Shift_JIS declared by meta: "テスト" = 83 65 83 58 83 67.
  const sj = new Uint8Array([...utf8('<meta charset="shift_jis"><p>'), 0x83, 0x65, 0x83, 0x58, 0x83, 0x67]);
  assert.ok(decode(sj, 'x', { html: true }).text.endsWith('テスト'));
});

test('NUL bytes become U+FFFD (same length); binary data is refused', () => {
  const withNul = utf8('Orca\u0000 model card text that is otherwise fine.');
  const d = decode(withNul, 'x');
  assert.equal(d.text.length, 'Orca\u0000 model card text that is otherwise fine.'.length);
  assert.ok(d.text.includes('\ufffd'));
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
  assert.throws(() => decode(png, 'logo.md'), isKind('unsupported', /^logo\.md: binary data \(PNG image\), not a document$/));
  const zip = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0]);
  assert.throws(() => decode(zip, 'card.docx'), isKind('unsupported', /ZIP/));
  let seed = 7;
  const random = new Uint8Array(4096).map(() => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff);
  assert.throws(() => decode(random, 'random.bin'), isKind('unsupported', /^random\.bin: binary data, not a document$/));
  assert.equal(binaryReason(utf8('plain text\twith tabs\r\nand CRLF\f')), null);
  assert.equal(binaryReason(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8, 65, 66])), 'binary data');
});

test('sniffing: magic bytes, content-type, extension, then content', () => {
  const md = utf8('# Title\n\ntext');
  assert.equal(sniffFormat(utf8('%PDF-1.7 ...'), 'notes.md'), 'pdf');
  assert.equal(sniffFormat(md, 'https://x.org/card', 'application/pdf'), 'pdf');
  assert.equal(sniffFormat(md, 'https://x.org/README.md', 'text/html; charset=utf-8'), 'html');
  assert.equal(sniffFormat(md, 'README.md'), 'markdown');
  assert.equal(sniffFormat(md, 'card.MARKDOWN'), 'markdown');
  assert.equal(sniffFormat(md, 'notes.txt'), 'text');
  assert.equal(sniffFormat(md, 'page.htm'), 'html');
  assert.equal(sniffFormat(md, 'https://x.org/a.pdf?download=1'), 'pdf');
  assert.equal(sniffFormat(utf8('<!-- c -->\n<!DOCTYPE html><html><body>x'), '-'), 'html');
  assert.equal(sniffFormat(utf8('<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'), 'page'), 'html');
  // A README that starts with a centred logo is still markdown.
  assert.equal(sniffFormat(utf8('<div align="center"><img src="logo.png"></div>\n\n# Orca\n'), 'README'), 'markdown');
  assert.equal(sniffFormat(md, '-'), 'markdown');
  assert.equal(sniffFormat(utf8('Orca-7B release notes.\n\nIt has 7B parameters.\n'), '-'), 'text');
  assert.equal(sniffFormat(utf8('plain words only'), 'https://x.org/raw', 'text/plain'), 'text');
  assert.equal(sniffFormat(md, 'https://x.org/raw', 'text/markdown'), 'markdown');
  assert.throws(() => sniffFormat(new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0]), 'card.md.gz'), isKind('unsupported', /gzip/));
  assert.ok(looksLikeHtml('\ufeff  <!doctype html>'));
  assert.ok(!looksLikeHtml('<p>just a fragment</p>'));
});

test('ingest: empty, whitespace-only and binary input are unsupported', async () => {
  await assert.rejects(ingest({ bytes: new Uint8Array(), source: 'empty.md' }), isKind('unsupported', /^empty\.md: empty input$/));
  await assert.rejects(ingest({ bytes: utf8(' \n\t\n'), source: 'blank.md' }), isKind('unsupported', /no text/));
  await assert.rejects(ingest({ bytes: utf8('\n\n'), source: 'blank.txt' }), isKind('unsupported', /no text/));
  await assert.rejects(ingest({ bytes: utf8('<html><body> </body></html>'), source: 'blank.html' }), isKind('unsupported', /no text/));
  await assert.rejects(ingest({ bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]), source: 'img.png' }), isKind('unsupported', /PNG image/));
  await assert.rejects(ingest({ bytes: new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), source: 'a.out', format: 'markdown' }), isKind('unsupported', /ELF/));
});
