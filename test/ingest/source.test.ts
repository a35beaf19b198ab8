import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { readSource } from '../../src/ingest/source.js';
import { UnsaidError } from '../../src/errors.js';
import { fixture } from './util.js';

const isKind = (kind: string, re: RegExp) => (e: unknown) => {
  assert.ok(e instanceof UnsaidError, `expected UnsaidError, got ${String(e)}`);
  assert.equal(e.kind, kind);
  assert.match(e.message, re);
  assert.ok(!e.message.includes('\n'));
  return true;
};

const dir = mkdtempSync(join(tmpdir(), 'unsaid-source-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('reads a file', async () => {
  const r = await readSource(fixture('hf-model-card.md'));
  assert.equal(r.source, fixture('hf-model-card.md'));
  assert.ok(new TextDecoder().decode(r.bytes).startsWith('---\nlicense: apache-2.0'));
});

test('missing file, directory, broken symlink → unreadable, naming the path', async () => {
  await assert.rejects(readSource(join(dir, 'nope.md')), isKind('unreadable', /nope\.md: no such file$/));
  await assert.rejects(readSource(dir), isKind('unreadable', /: is a directory, not a file$/));
  symlinkSync(join(dir, 'missing-target'), join(dir, 'link.md'));
  await assert.rejects(readSource(join(dir, 'link.md')), isKind('unreadable', /link\.md: no such file$/));
  await assert.rejects(readSource(join(fixture('hf-model-card.md'), 'x.md')), isKind('unreadable', /not a directory/));
});

test('permission denied → unreadable', { skip: process.getuid?.() === 0 ? 'root can read anything' : false }, async () => {
  const p = join(dir, 'secret.md');
  writeFileSync(p, '# secret');
  chmodSync(p, 0o000);
  await assert.rejects(readSource(p), isKind('unreadable', /secret\.md: permission denied$/));
});

test('size cap → unsupported with a clear message', async () => {
  const p = join(dir, 'big.md');
  writeFileSync(p, 'x'.repeat(3 * 1024 * 1024));
  await assert.rejects(readSource(p, { maxBytes: 1024 * 1024 }), isKind('unsupported', /big\.md: too large \(3\.0 MB; the limit is 1\.0 MB\)$/));
  const ok = await readSource(p, { maxBytes: 4 * 1024 * 1024 });
  assert.equal(ok.bytes.length, 3 * 1024 * 1024);
});

test('stdin ("-"), with the cap', async () => {
  const r = await readSource('-', { stdin: Readable.from([Buffer.from('# Orca\n'), Buffer.from('text')]) });
  assert.equal(r.source, '-');
  assert.equal(new TextDecoder().decode(r.bytes), '# Orca\ntext');
  await assert.rejects(
    readSource('-', { stdin: Readable.from([Buffer.alloc(600), Buffer.alloc(600)]), maxBytes: 1000 }),
    isKind('unsupported', /^-: too large/),
  );
});

test('a character device is streamed with the cap', { skip: process.platform === 'win32' }, async () => {
  await assert.rejects(readSource('/dev/zero', { maxBytes: 100_000 }), isKind('unsupported', /\/dev\/zero: too large/));
});
