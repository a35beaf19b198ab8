// diffAudits and formatDiff: pure, no database.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { diffAudits, formatDiff, normaliseQuote, DIFF_FORMATS } from '../../src/store/diff.js';
import { applyReviews } from '../../src/store/store.js';
import { makeAudit } from './make-audit.js';

const older = makeAudit({
  text: 'v1',
  statuses: {
    'data.sources': 'absent',
    'data.size': 'disclosed',
    'compute.hardware': 'partial',
    'model.params': 'absent',
    'eval.safety': 'disclosed',
  },
  facts: { 'params.total': '7B', 'context.length': 8192, removed: 'gone' },
  claims: [
    { quote: 'Our model is the best in the world.', verdict: 'unsubstantiated' },
    { quote: 'It beats GPT-4 on MMLU.', verdict: 'partly', benchmarkNamed: true },
    { quote: 'Dropped <claim> & "stuff"', verdict: 'unsubstantiated' },
  ],
}).audit;
const newer = makeAudit({
  text: 'v2',
  statuses: {
    'data.sources': 'disclosed',
    'data.size': 'absent',
    'compute.hardware': 'partial',
    'model.params': 'partial',
    'eval.safety': 'partial',
  },
  facts: { 'params.total': '8B', 'context.length': 8192, added: ['en', 'zh'] },
  claims: [
    { quote: '  our model is the BEST in the world ', verdict: 'unsubstantiated' },
    { quote: 'It beats GPT‑4 on MMLU.', verdict: 'substantiated' },
    { quote: 'New <script>alert("x")</script> claim', verdict: 'unsubstantiated' },
  ],
}).audit;

describe('diffAudits', () => {
  const d = diffAudits(older, newer, { a: 'acme/m@1', b: 'acme/m@2' });

  test('indicators that became disclosed, partial, absent', () => {
    assert.deepEqual(
      d.indicators.becameDisclosed.map((x) => [x.id, x.from, x.to]),
      [['data.sources', 'absent', 'disclosed']],
    );
    assert.deepEqual(
      d.indicators.becamePartial.map((x) => [x.id, x.from, x.to]),
      [
        ['model.params', 'absent', 'partial'],
        ['eval.safety', 'disclosed', 'partial'],
      ],
    );
    assert.deepEqual(
      d.indicators.becameAbsent.map((x) => [x.id, x.from, x.to]),
      [['data.size', 'disclosed', 'absent']],
    );
    assert.equal(d.indicators.unchanged, older.indicators.length - 4);
    assert.deepEqual(d.indicators.added, []);
    assert.deepEqual(d.indicators.removed, []);
  });

  test('facts added, removed, changed', () => {
    assert.deepEqual(d.facts.added, [{ key: 'added', to: ['en', 'zh'] }]);
    assert.deepEqual(d.facts.removed, [{ key: 'removed', from: 'gone' }]);
    assert.deepEqual(d.facts.changed, [{ key: 'params.total', from: '7B', to: '8B' }]);
  });

  test('claims matched by normalised quote: added, dropped, verdict changed', () => {
    assert.deepEqual(
      d.claims.added.map((c) => c.quote),
      ['New <script>alert("x")</script> claim'],
    );
    assert.deepEqual(
      d.claims.dropped.map((c) => c.quote),
      ['Dropped <claim> & "stuff"'],
    );
    assert.deepEqual(
      d.claims.verdictChanged.map((c) => [c.from, c.to]),
      [['partly', 'substantiated']],
    );
    assert.equal(normaliseQuote('  “Our  model” — is the BEST. '), normaliseQuote('"our model" - is the best'));
  });

  test('score, labels, sameness', () => {
    assert.equal(d.a.label, 'acme/m@1');
    assert.equal(d.score.from, older.score.percent);
    assert.equal(d.score.delta, Math.round((newer.score.percent - older.score.percent) * 10) / 10);
    assert.equal(d.same, false);
    const self = diffAudits(older, older);
    assert.equal(self.same, true);
    assert.equal(self.indicators.unchanged, older.indicators.length);
  });

  test('indicators only in one rubric are added / removed; reviews are marked', () => {
    const b = { ...newer, indicators: [...newer.indicators.slice(1), { ...newer.indicators[0]!, id: 'new.one' }] };
    const x = diffAudits(older, b);
    assert.deepEqual(
      x.indicators.added.map((i) => i.id),
      ['new.one'],
    );
    assert.deepEqual(
      x.indicators.removed.map((i) => i.id),
      ['data.sources'],
    );
    const reviewed = applyReviews(newer, [
      {
        id: 1,
        auditId: 1,
        indicatorId: 'data.size',
        status: 'disclosed',
        note: null,
        reviewer: 'r',
        createdAt: '2025-01-01T00:00:00.000Z',
      },
    ]);
    const y = diffAudits(older, reviewed);
    assert.ok(!y.indicators.becameAbsent.some((i) => i.id === 'data.size'), 'the review status is the one compared');
  });

  test('duplicate claims are matched one for one', () => {
    const a = makeAudit({ claims: [{ quote: 'Fast.' }, { quote: 'Fast.' }] }).audit;
    const b = makeAudit({ claims: [{ quote: 'fast' }] }).audit;
    const x = diffAudits(a, b);
    assert.equal(x.claims.dropped.length, 1);
    assert.equal(x.claims.added.length, 0);
  });
});

describe('formatDiff', () => {
  const d = diffAudits(older, newer, { a: 'acme/m@1', b: 'acme/<b>m</b>@2' });

  test('every format renders every section', () => {
    for (const f of DIFF_FORMATS) {
      const out = formatDiff(d, f, { color: false });
      assert.ok(out.length > 0, f);
      if (f === 'json') {
        assert.deepEqual(JSON.parse(out), JSON.parse(JSON.stringify(d)));
        continue;
      }
      for (const word of ['data.sources', 'data.size', 'model.params', 'params.total', 'added', 'MMLU'])
        assert.ok(out.includes(word), `${f} mentions ${word}`);
      assert.match(out, /disclosed/);
      assert.match(out, /absent/);
    }
  });

  test('stylish: colour only when asked', () => {
    assert.doesNotMatch(formatDiff(d, 'stylish', { color: false }), /\u001b\[/);
    assert.match(formatDiff(d, 'stylish', { color: true }), /\u001b\[32m/);
    assert.match(formatDiff(diffAudits(older, older), 'stylish'), /No changes/);
  });

  test('html escapes all document text', () => {
    const html = formatDiff(d, 'html');
    assert.ok(!html.includes('<script>'), 'no raw script tag');
    assert.ok(!html.includes('<claim>'));
    assert.ok(!html.includes('<b>m</b>'));
    assert.ok(html.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
    assert.ok(html.includes('&lt;claim&gt; &amp; &quot;stuff&quot;'));
    assert.match(html, /^<!doctype html>/);
  });

  test('markdown escapes table and inline markup', () => {
    const a = makeAudit({ facts: { 'k|pipe': 'a|b' } }).audit;
    const b = makeAudit({ facts: { 'k|pipe': 'c|d' } }).audit;
    const md = formatDiff(diffAudits(a, b), 'markdown');
    assert.ok(md.includes('k\\|pipe'));
    assert.ok(md.includes('a\\|b'));
    assert.ok(formatDiff(d, 'markdown').includes('\\<script\\>'));
  });
});
