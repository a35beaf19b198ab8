// Release detection for `unsaid add`: pure.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { detectRelease, normaliseDate, parseModelName, readFrontMatter } from '../../src/store/detect.js';
import { makeAudit } from './make-audit.js';

const enc = (s: string) => new TextEncoder().encode(s);
const pick = (d: ReturnType<typeof detectRelease>) => ({ vendor: d.vendor, model: d.model, release: d.release, date: d.date });

describe('parseModelName', () => {
  const cases: [string, string | null, string | null, string | null][] = [
    ['Llama-3.1-8B-Instruct', 'meta', 'llama', '3.1'],
    ['meta-llama/Meta-Llama-3-8B', 'meta', 'llama', '3'],
    ['Qwen2', 'alibaba', 'qwen', '2'],
    ['Qwen2.5-Coder-7B-Instruct', 'alibaba', 'qwen-coder', '2.5'],
    ['gemma-2-9b-it', 'google', 'gemma', '2'],
    ['Mixtral-8x7B-v0.1', 'mistral', 'mixtral', 'v0.1'],
    ['DeepSeek-V3', 'deepseek', 'deepseek', 'v3'],
    ['DeepSeek-R1', 'deepseek', 'deepseek', 'r1'],
    ['Phi-3.5-mini-instruct', 'microsoft', 'phi-mini', '3.5'],
    ['Claude 3.5 Sonnet', 'anthropic', 'claude-sonnet', '3.5'],
    ['Foo-2-7B', null, 'foo', '2'],
    ['Orca-7B', null, 'orca', null],
  ];
  for (const [name, vendor, model, version] of cases) {
    test(name, () => {
      const p = parseModelName(name);
      assert.ok(p);
      assert.deepEqual({ vendor: p.vendor, model: p.model, version: p.version }, { vendor, model, version });
    });
  }
  test('not a model name', () => {
    assert.equal(parseModelName('stepwise'), null);
    assert.equal(parseModelName('Overview'), null);
    assert.equal(parseModelName(''), null);
    assert.equal(parseModelName('Nimbus'), null);
    assert.equal(parseModelName('Nimbus', { loose: true })?.model, 'nimbus');
  });
});

describe('detectRelease', () => {
  test('title "Introducing Qwen2" → alibaba/qwen@2, date from the text', () => {
    const d = detectRelease({ bytes: enc('# Introducing Qwen2\n\nReleased: June 7, 2024\n'), source: 'post.md' });
    assert.deepEqual(pick(d), { vendor: 'alibaba', model: 'qwen', release: '2', date: '2024-06-07' });
    assert.equal(d.from.model, 'title');
  });

  test('Hugging Face front matter: model-index, license, date', () => {
    const text = '---\nlicense: llama3.1\nmodel-index:\n- name: Llama-3.1-8B\n  results: []\ndate: 2024-07-23\n---\n# Card\n';
    assert.deepEqual(pick(detectRelease({ bytes: enc(text), source: 'README.md' })), {
      vendor: 'meta',
      model: 'llama',
      release: '3.1',
      date: '2024-07-23',
    });
  });

  test('license alone names the family', () => {
    assert.deepEqual(pick(detectRelease({ bytes: enc('---\nlicense: gemma\n---\nhello'), source: 'README.md' })), {
      vendor: 'google',
      model: 'gemma',
      release: null,
      date: null,
    });
  });

  test('explicit front matter wins', () => {
    const text = '---\nvendor: Acme AI\nmodel: Rocket-2\nrelease: 2.1\nrelease_date: 2025-03-04\n---\n# Introducing Qwen2\n';
    assert.deepEqual(pick(detectRelease({ bytes: enc(text), source: 'x.md' })), {
      vendor: 'acme-ai',
      model: 'rocket',
      release: '2.1',
      date: '2025-03-04',
    });
  });

  test('file name "llama-3.1__model-card.md"', () => {
    assert.deepEqual(pick(detectRelease({ bytes: enc('no title here'), source: 'docs/llama-3.1__model-card.md' })), {
      vendor: 'meta',
      model: 'llama',
      release: '3.1',
      date: null,
    });
  });

  test('base_model: vendor from its organisation', () => {
    const d = detectRelease({ bytes: enc('---\nbase_model: mistralai/Mistral-7B-v0.1\n---\ntext'), source: 'README.md' });
    assert.equal(d.vendor, 'mistral');
    assert.equal(d.from.vendor, 'base_model');
  });

  test('a model named without a version takes its date as its release', () => {
    const d = detectRelease({ bytes: enc('# Orca-7B\n\n**Release date:** 2026-03-14\n'), source: 'card.md' });
    assert.deepEqual(pick(d), { vendor: null, model: 'orca', release: '2026-03-14', date: '2026-03-14' });
  });

  test('Chinese title and date', () => {
    const d = detectRelease({ bytes: enc('# 通义千问 Qwen2.5 技术报告\n\n发布于2024年9月19日\n'), source: 'README.md' });
    assert.deepEqual(pick(d), { vendor: 'alibaba', model: 'qwen', release: '2.5', date: '2024-09-19' });
  });

  test('the audit title is used when given', () => {
    const { audit } = makeAudit({ title: 'Gemma 2 model card', text: 'body' });
    assert.deepEqual(pick(detectRelease({ audit })), { vendor: 'google', model: 'gemma', release: '2', date: null });
  });

  test('nothing to go on', () => {
    assert.deepEqual(pick(detectRelease({ bytes: enc('# Overview\n\nSome text.'), source: 'README.md' })), {
      vendor: null,
      model: null,
      release: null,
      date: null,
    });
  });
});

describe('helpers', () => {
  test('normaliseDate', () => {
    assert.equal(normaliseDate('2024-7-3'), '2024-07-03');
    assert.equal(normaliseDate('July 23rd, 2024'), '2024-07-23');
    assert.equal(normaliseDate('23 Jul 2024'), '2024-07-23');
    assert.equal(normaliseDate('2024年7月23日'), '2024-07-23');
    assert.equal(normaliseDate(new Date('2024-07-23T10:00:00Z')), '2024-07-23');
    assert.equal(normaliseDate('2024-13-01'), null);
    assert.equal(normaliseDate('soon'), null);
    assert.equal(normaliseDate(5), null);
  });
  test('readFrontMatter', () => {
    assert.deepEqual(readFrontMatter('---\na: 1\n---\nbody'), { a: 1 });
    assert.deepEqual(readFrontMatter('\uFEFF---\r\na: x\r\n---\r\n'), { a: 'x' });
    assert.deepEqual(readFrontMatter('no front matter'), {});
    assert.deepEqual(readFrontMatter('---\n: : bad [\n---\n'), {});
  });
});
