/**
 * References, bibliography entries and tables of contents name topics ("Measuring bias in language
 * models") without disclosing anything about the model under audit: they are never evidence.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { segment } from '../../src/segment/index.js';
import { loadRubric } from '../../src/rubric/index.js';
import { analyse } from '../../src/checks/features.js';
import { auditBytes } from '../../src/audit.js';

async function citationFlags(md: string): Promise<Array<[string, boolean]>> {
  const doc = await ingest({ bytes: Buffer.from(md), source: 'x.md' });
  const sentences = segment(doc);
  const a = analyse(doc, sentences, loadRubric());
  return sentences.filter((s) => s.kind !== 'heading').map((s, _i) => [s.text, !!a.info[s.i].citation]);
}

describe('citations and tables of contents', () => {
  test('bibliography entries in three common styles are citations', async () => {
    const flags = await citationFlags(
      [
        '# Orca-7B',
        '',
        '## References',
        '',
        '[12] D. Rein, B. L. Hou, and S. R. Bowman, “GPQA: A Graduate-Level Google-Proof Q&A Benchmark,” 2023.',
        '',
        'Li, et al. "Measuring social bias in language models." arXiv preprint arXiv:2310.14369 (2023).',
        '',
        'A. Paszke, S. Gross, F. Massa, “PyTorch: An Imperative Style Library,” in Advances in Neural Information Processing Systems, 2019.',
        '',
      ].join('\n'),
    );
    assert.deepEqual(
      flags.map(([, c]) => c),
      [true, true, true],
      JSON.stringify(flags),
    );
  });

  test('a table of contents flattened from a PDF is a citation-like line', async () => {
    const flags = await citationFlags('# Orca-7B\n\nAbstract 2 1 Introduction 6 1.1 Model training and characteristics 6 1.1.1 Training data and process 6 1.1.2 Carbon footprint 7\n');
    assert.deepEqual(flags.map(([, c]) => c), [true]);
  });

  test('prose with an inline citation, a pointer to the developer\'s own paper, and a hardware table row are not', async () => {
    const flags = await citationFlags(
      [
        '# Orca-7B',
        '',
        'We use grouped-query attention (Ainslie et al., 2023) in all 32 layers.',
        '',
        'For details, see our technical report (arXiv:2401.01234).',
        '',
        '| Model | Memory | GPUs |',
        '|---|---|---|',
        '| Orca-7B | 15 GB | 1 x RTX 3090 (24 GB) 1 x RTX 4090 (24 GB) 1 x A10 (24 GB) |',
        '',
      ].join('\n'),
    );
    assert.deepEqual(flags.map(([, c]) => c), [false, false, false, false], JSON.stringify(flags));
  });

  test('a reference list about bias does not make the model card disclose bias evaluation', async () => {
    const refs = (body: string) =>
      `# Orca-7B\n\nOrca-7B is a 7B-parameter language model.\n\n## References\n\n${body}\n`;
    const md = refs(
      [
        'Smith, et al. "Measuring gender and racial bias in large language models." arXiv preprint arXiv:2301.01234 (2023).',
        '',
        'Chen, et al. "Red teaming language models to reduce harms: methods, scaling behaviors, and lessons learned." arXiv preprint arXiv:2209.07858 (2022).',
      ].join('\n'),
    );
    const audit = await auditBytes({ bytes: Buffer.from(md), source: 'card.md' });
    const bias = audit.indicators.find((f) => f.id === 'risk.bias')!;
    const red = audit.indicators.find((f) => f.id === 'risk.red-teaming')!;
    assert.equal(bias.status, 'absent', JSON.stringify(bias.evidence));
    assert.equal(red.status, 'absent', JSON.stringify(red.evidence));
  });
});
