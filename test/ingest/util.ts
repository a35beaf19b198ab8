/** Shared checks for ingest tests: offsets are the truth. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Doc, Sentence } from '../../src/types.js';

export const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/ingest/${name}`, import.meta.url));
export const readFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(fixture(name)));
export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every block, heading and sentence lies inside the text, in order, and quotes what it claims to. */
export function assertOffsets(doc: Doc, sentences: Sentence[] = []): void {
  const n = doc.text.length;
  let prevEnd = 0;
  doc.blocks.forEach((b, i) => {
    assert.ok(b.start >= 0 && b.start < b.end && b.end <= n, `block ${i} [${b.start},${b.end}) in [0,${n}]`);
    assert.ok(b.start >= prevEnd, `block ${i} starts at ${b.start} before the previous block ends (${prevEnd})`);
    assert.ok(b.heading >= -1 && b.heading < doc.headings.length, `block ${i} heading index ${b.heading}`);
    prevEnd = b.end;
  });
  for (const h of doc.headings) assert.ok(h.start >= 0 && h.start < h.end && h.end <= n, `heading [${h.start},${h.end})`);
  if (doc.frontMatterRange) {
    const [s, e] = doc.frontMatterRange;
    assert.ok(s >= 0 && s < e && e <= n);
  }
  let prev = 0;
  sentences.forEach((s, i) => {
    assert.equal(s.i, i);
    assert.ok(s.start >= prev && s.start < s.end && s.end <= n, `sentence ${i} [${s.start},${s.end}) after ${prev}`);
    assert.equal(doc.text.slice(s.start, s.end), s.raw, `sentence ${i} raw is the slice`);
    const b = doc.blocks[s.block];
    assert.ok(b && s.start >= b.start && s.end <= b.end, `sentence ${i} inside its block`);
    assert.equal(s.kind, b.kind);
    prev = s.end;
  });
}
