import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { parse } from 'yaml';
import { loadRubric } from '../../src/rubric/index.js';
import { UnsaidError } from '../../src/errors.js';

const tmp = mkdtempSync(join(tmpdir(), 'unsaid-rubric-'));
function write(name: string, body: string): string {
  const p = join(tmp, name);
  writeFileSync(p, body);
  return p;
}

test('the default rubric has the 36 spec ids in spec order, every text in en and zh', () => {
  const r = loadRubric();
  assert.equal(r.indicators.length, 36);
  const spec = new URL('../../../shared/spec/indicators.yaml', import.meta.url);
  if (existsSync(spec)) {
    const ids = (parse(readFileSync(spec, 'utf8')) as { indicators: Array<{ id: string }> }).indicators.map((i) => i.id);
    assert.deepEqual(r.indicators.map((i) => i.id), ids);
  }
  for (const ind of r.indicators) {
    for (const key of ['title', 'question'] as const) {
      assert.deepEqual(Object.keys(ind[key]).sort(), ['en', 'zh'], `${ind.id}.${key}`);
      assert.ok(Object.values(ind[key]).every((v) => typeof v === 'string' && v.length > 3), `${ind.id}.${key} values are strings`);
    }
    assert.ok(ind.cues.en?.terms.length && ind.cues.zh?.terms.length, `${ind.id} has en and zh cue terms`);
  }
  for (const [g, t] of Object.entries(r.groups)) assert.deepEqual(Object.keys(t).sort(), ['en', 'zh'], g);
});

test('the default rubric file passes the same validation as a user rubric', () => {
  const r = loadRubric(new URL('../../data/rubric/default.yaml', import.meta.url).pathname);
  assert.equal(r.indicators.length, 36);
});

test('a user rubric: defaults filled in, new indicator ids allowed', () => {
  const p = write('ok.yaml', 'id: mine\nversion: 2\nindicators:\n  - id: docs.changelog\n    cues:\n      en: { terms: [changelog] }\n');
  const r = loadRubric(p);
  assert.equal(r.id, 'mine');
  assert.equal(r.version, '2');
  assert.equal(r.indicators[0].group, 'docs');
  assert.equal(r.indicators[0].weight, 1);
  assert.deepEqual(r.scoring, { disclosed: 1, partial: 0.5, absent: 0 });
});

const bad: Array<[string, string, RegExp]> = [
  ['missing indicators', 'id: x\nversion: 1\n', /indicators/],
  ['unknown cue field', 'id: x\nversion: 1\nindicators:\n  - id: a.b\n    cues: { en: { termz: [x] } }\n', /indicators\[0\]\(a\.b\)\.cues\.en.*termz/],
  ['bad weight', 'id: x\nversion: 1\nindicators:\n  - id: a.b\n    weight: -1\n    cues: { en: { terms: [x] } }\n', /indicators\[0\]\(a\.b\)\.weight/],
  ['unknown language', 'id: x\nversion: 1\nindicators:\n  - id: a.b\n    cues: { fr: { terms: [x] } }\n', /cues/],
  ['duplicate id', 'id: x\nversion: 1\nindicators:\n  - { id: a.b, cues: { en: { terms: [x] } } }\n  - { id: a.b, cues: { en: { terms: [y] } } }\n', /duplicate id 'a\.b'/],
  ['invalid regex', 'id: x\nversion: 1\nindicators:\n  - id: a.b\n    cues: { en: { terms: [x], strong: ["(unclosed"] } }\n', /a\.b.*cues\.en\.strong\[0\].*regular expression/],
  ['invalid demote regex', 'id: x\nversion: 1\nindicators:\n  - id: a.b\n    cues: { zh: { terms: [x], demote: ["[z-a]"] } }\n', /a\.b.*cues\.zh\.demote\[0\].*regular expression/],
  ['not YAML', 'id: [unclosed\n', /not valid YAML/],
];
for (const [name, body, re] of bad) {
  test(`a rubric with ${name} is refused with one line naming the field`, () => {
    const p = write(`${name.replace(/\W+/g, '-')}.yaml`, body);
    assert.throws(() => loadRubric(p), (e: unknown) => e instanceof UnsaidError && e.kind === 'rubric' && re.test(e.message) && !e.message.includes('\n'));
  });
}

test('a missing rubric file is a rubric error', () => {
  assert.throws(() => loadRubric(join(tmp, 'nope.yaml')), (e: unknown) => e instanceof UnsaidError && e.kind === 'rubric');
});
