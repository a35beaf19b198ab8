import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { buildUnsaid, loadCatalogue, messagesFor } from '../src/unsaid/index.js';
import type { Finding, Status } from '../src/types.js';
import type { Rubric } from '../src/rubric/types.js';
import { chineseAudit, englishAudit, sampleRubric } from './helpers/sample-audit.js';

const CJK = /[\u4e00-\u9fff]/;

function f(id: string, status: Status, review?: Status): Finding {
  return {
    id,
    group: id.split('.')[0],
    status,
    evidence: [],
    facts: {},
    ...(review ? { review: { status: review, reviewer: 'ed', at: '2026-01-01T00:00:00Z', machineStatus: status } } : {}),
  };
}

/** All seven sample indicators with the given statuses (in rubric order). */
function findings(statuses: Status[]): Finding[] {
  const ids = sampleRubric().indicators.map((i) => i.id);
  assert.equal(statuses.length, ids.length);
  return ids.map((id, i) => f(id, statuses[i]));
}

test('gaps: absent and partial only, seed indicators first, rubric order within', () => {
  // rubric order: data.sources* data.size* data.composition model.parameters* model.context-length eval.benchmarks risk.evaluation*
  const u = buildUnsaid(findings(['disclosed', 'absent', 'partial', 'partial', 'absent', 'disclosed', 'absent']), sampleRubric(), 'en');
  assert.deepEqual(
    u.gaps.map((g) => `${g.id}:${g.status}`),
    ['data.size:absent', 'model.parameters:partial', 'risk.evaluation:absent', 'data.composition:partial', 'model.context-length:absent'],
  );
  assert.equal(u.language, 'en');
});

test('gaps: findings in any order give the same result', () => {
  const fs = findings(['absent', 'partial', 'absent', 'disclosed', 'partial', 'absent', 'partial']);
  const a = buildUnsaid(fs, sampleRubric(), 'en');
  const b = buildUnsaid([...fs].reverse(), sampleRubric(), 'en');
  assert.deepEqual(a, b);
});

test('gaps: absent and partial are worded differently, in plain sentences', () => {
  const absent = buildUnsaid(findings(Array(7).fill('absent') as Status[]), sampleRubric(), 'en');
  const partial = buildUnsaid(findings(Array(7).fill('partial') as Status[]), sampleRubric(), 'en');
  assert.equal(absent.gaps.length, 7);
  assert.equal(partial.gaps.length, 7);
  for (let i = 0; i < 7; i++) {
    assert.equal(absent.gaps[i].id, partial.gaps[i].id);
    assert.notEqual(absent.gaps[i].text, partial.gaps[i].text, absent.gaps[i].id);
    for (const t of [absent.gaps[i].text, partial.gaps[i].text]) {
      assert.match(t, /^The document .+\.$/, t);
    }
  }
  assert.equal(absent.gaps[0].text, 'The document does not say where the training data came from.');
  // The questions are the same whatever the status.
  assert.deepEqual(absent.questions, partial.questions);
});

test('questions: one per gap, seed gaps first, each a question', () => {
  const u = buildUnsaid(findings(['partial', 'disclosed', 'absent', 'absent', 'disclosed', 'partial', 'disclosed']), sampleRubric(), 'en');
  assert.deepEqual(u.gaps.map((g) => g.id), ['data.sources', 'model.parameters', 'data.composition', 'eval.benchmarks']);
  assert.equal(u.questions.length, u.gaps.length);
  assert.equal(u.questions[0], 'Which datasets, crawls, licensed collections or user data were used to train the model, and in what proportions?');
  assert.match(u.questions[1], /parameters/);
  for (const q of u.questions) assert.match(q, /\?$/, q);
});

test('questions: duplicates are dropped, gaps are kept', () => {
  const r = sampleRubric();
  const same = { en: { question: 'What data was used?' } };
  r.indicators[0].messages = same; // data.sources
  r.indicators[1].messages = { en: { question: '  What data   was used? ' } }; // data.size, same after whitespace
  const u = buildUnsaid(findings(['absent', 'absent', 'disclosed', 'disclosed', 'disclosed', 'disclosed', 'disclosed']), r, 'en');
  assert.equal(u.gaps.length, 2);
  assert.deepEqual(u.questions, ['What data was used?']);
});

test('Chinese document: Chinese gaps and questions', () => {
  const u = buildUnsaid(findings(['partial', 'absent', 'absent', 'disclosed', 'disclosed', 'disclosed', 'partial']), sampleRubric(), 'zh');
  assert.equal(u.language, 'zh');
  assert.deepEqual(u.gaps.map((g) => g.id), ['data.sources', 'data.size', 'risk.evaluation', 'data.composition']);
  for (const g of u.gaps) {
    assert.match(g.text, CJK, g.text);
    assert.match(g.text, /。$/, g.text);
    assert.doesNotMatch(g.text, /The document/);
  }
  for (const q of u.questions) {
    assert.match(q, CJK, q);
    assert.match(q, /？$/, q);
  }
  assert.equal(u.gaps[1].text, '文件没有说明训练数据的规模。');
  // The fixture audit carries the same result.
  assert.deepEqual(chineseAudit().unsaid, u);
  assert.equal(englishAudit().unsaid.language, 'en');
});

test('a human review overrides the machine status; a missing finding counts as absent', () => {
  const r = sampleRubric();
  const u = buildUnsaid(
    [
      f('data.sources', 'absent', 'disclosed'), // reviewed up: no gap
      f('data.size', 'disclosed', 'partial'), // reviewed down: partial gap
      // data.composition missing: absent
      f('model.parameters', 'disclosed'),
      f('model.context-length', 'disclosed'),
      f('eval.benchmarks', 'disclosed'),
      f('risk.evaluation', 'disclosed'),
      f('not.in-rubric', 'absent'), // ignored
    ],
    r,
    'en',
  );
  assert.deepEqual(u.gaps.map((g) => `${g.id}:${g.status}`), ['data.size:partial', 'data.composition:absent']);
});

test('wording: inline rubric messages win over the catalogue, field by field', () => {
  const r = sampleRubric();
  r.indicators[0].messages = { en: { absent: 'Inline absent.' }, zh: { partial: '内联部分披露。' } };
  const en = messagesFor(r.indicators[0], 'en');
  assert.equal(en.absent, 'Inline absent.');
  assert.equal(en.partial, loadCatalogue('en').indicators['data.sources'].partial); // falls through to the catalogue
  const zh = messagesFor(r.indicators[0], 'zh');
  assert.equal(zh.partial, '内联部分披露。');
  assert.equal(zh.absent, '文件没有说明训练数据从何而来。');
});

test('wording: an indicator unknown to the catalogue gets generic sentences from its title and question', () => {
  const r: Rubric = {
    ...sampleRubric(),
    indicators: [
      {
        id: 'custom.audit-trail',
        group: 'custom',
        seed: false,
        weight: 1,
        title: { en: 'Audit trail', zh: '审计记录' },
        question: { en: 'Is there an audit trail of model changes?' },
        cues: {},
      },
    ],
  };
  const en = buildUnsaid([f('custom.audit-trail', 'absent')], r, 'en');
  assert.equal(en.gaps[0].text, 'The document does not disclose this: Audit trail.');
  assert.equal(en.questions[0], 'Is there an audit trail of model changes?');
  const enPartial = buildUnsaid([f('custom.audit-trail', 'partial')], r, 'en');
  assert.equal(enPartial.gaps[0].text, 'The document discloses this only in part: Audit trail.');
  const zh = buildUnsaid([f('custom.audit-trail', 'absent')], r, 'zh');
  assert.equal(zh.gaps[0].text, '文件没有披露这一项：审计记录。');
  // No Chinese question in the rubric: a generic Chinese one, not the English text.
  assert.equal(zh.questions[0], '关于“审计记录”，发布方能否给出具体说明？');
});

test('nothing left out: no gaps, no questions', () => {
  const u = buildUnsaid(findings(Array(7).fill('disclosed') as Status[]), sampleRubric(), 'zh');
  assert.deepEqual(u, { language: 'zh', gaps: [], questions: [] });
});

// --- catalogues -------------------------------------------------------------------------------

const catalogueFile = (lang: string) => fileURLToPath(new URL(`../data/messages/${lang}.yaml`, import.meta.url));

test('catalogues: en and zh have the same indicator ids and the same ui keys', () => {
  const en = loadCatalogue('en');
  const zh = loadCatalogue('zh');
  assert.ok(Object.keys(en.indicators).length >= 36);
  assert.deepEqual(Object.keys(zh.indicators).sort(), Object.keys(en.indicators).sort());
  assert.deepEqual(Object.keys(zh.ui).sort(), Object.keys(en.ui).sort());
  for (const key of ['gaps', 'questions', 'claims', 'status.disclosed', 'status.partial', 'status.absent']) {
    assert.ok(en.ui[key] && zh.ui[key], key);
  }
  assert.equal(zh.ui['status.disclosed'], '已披露');
  assert.equal(zh.ui['status.partial'], '部分披露');
  assert.equal(zh.ui['status.absent'], '未披露');
  assert.equal(en.ui.gaps, "What they didn't say");
  assert.equal(en.ui.questions, 'Questions for the vendor');
  // The files parse on their own as plain YAML maps.
  for (const lang of ['en', 'zh']) {
    const raw = parse(readFileSync(catalogueFile(lang), 'utf8')) as Record<string, unknown>;
    assert.equal(typeof raw, 'object');
    assert.ok('ui' in raw);
  }
});

test('catalogues: Chinese messages are Chinese sentences and questions', () => {
  const zh = loadCatalogue('zh');
  for (const [id, m] of Object.entries(zh.indicators)) {
    assert.match(m.absent ?? '', /^文件.+。$/, `${id} absent`);
    assert.match(m.partial ?? '', /^文件.+。$/, `${id} partial`);
    assert.match(m.question ?? '', /？$/, `${id} question`);
    assert.doesNotMatch(`${m.absent}${m.partial}${m.question}`, /\?|\bthe\b/i, `${id}: no English punctuation or words`);
  }
});

// Where the shared spec lives: next to the checkout locally, or wherever CI points UNSAID_SPEC_DIR.
function specFile(): string | undefined {
  const candidates = [
    process.env.UNSAID_SPEC_DIR ? `${process.env.UNSAID_SPEC_DIR}/indicators.yaml` : undefined,
    fileURLToPath(new URL('../../shared/spec/indicators.yaml', import.meta.url)),
    fileURLToPath(new URL('../spec/indicators.yaml', import.meta.url)),
    '/work/shared/spec/indicators.yaml',
  ];
  return candidates.find((p): p is string => p !== undefined && existsSync(p));
}

test('catalogues: every one of the 36 spec indicators has en and zh absent/partial/question', (t) => {
  const file = specFile();
  if (!file) {
    t.skip('spec/indicators.yaml not found');
    return;
  }
  const spec = parse(readFileSync(file, 'utf8')) as { indicators: Array<{ id: string }> };
  const ids = spec.indicators.map((i) => i.id);
  assert.equal(ids.length, 36);
  for (const lang of ['en', 'zh'] as const) {
    const cat = loadCatalogue(lang);
    for (const id of ids) {
      const m = cat.indicators[id];
      assert.ok(m, `${lang}: ${id} missing`);
      for (const key of ['absent', 'partial', 'question'] as const) {
        assert.ok(m[key] && m[key]!.length > 10, `${lang}: ${id}.${key}`);
      }
      assert.notEqual(m.absent, m.partial, `${lang}: ${id} absent and partial differ`);
    }
    // No stray ids (typos) in the catalogue.
    assert.deepEqual(Object.keys(cat.indicators).filter((id) => !ids.includes(id)), [], `${lang}: ids not in the spec`);
  }
  // And no two indicators ask the same question.
  for (const lang of ['en', 'zh'] as const) {
    const qs = ids.map((id) => loadCatalogue(lang).indicators[id].question);
    assert.equal(new Set(qs).size, qs.length, `${lang}: duplicate questions`);
  }
});
