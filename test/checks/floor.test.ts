/**
 * The rule floor: a prose sentence that answers outright (a strong pattern and one of the indicator's
 * facts) is never judged silent, wherever it sits; the same words about inference are not an answer.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auditBytes } from '../../src/audit.js';

async function status(md: string, id: string) {
  const a = await auditBytes({ bytes: Buffer.from(md), source: 'card.md' });
  return a.indicators.find((f) => f.id === id)!.status;
}

test('training hardware stated under a generic heading is not absent (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Training procedure\n\nThe model was trained for 21 days on 512 NVIDIA H100 GPUs using a cosine learning-rate schedule.\n';
  const zh = '# 青云-7B\n\n## 训练过程\n\n模型在 512 张 H100 GPU 上训练了 21 天，采用余弦学习率调度。\n';
  assert.notEqual(await status(en, 'compute.hardware'), 'absent');
  assert.notEqual(await status(zh, 'compute.hardware'), 'absent');
});

test('hardware for running the model is not training hardware (en and zh)', async () => {
  const en = '# Orca-7B\n\n## Quickstart\n\nRunning Orca-7B in bf16 requires 2 x A100 GPUs with 80 GB of memory.\n';
  const zh = '# 青云-7B\n\n## 快速开始\n\n运行青云-7B 需要 2 张 A100 GPU（80GB 显存）。\n';
  assert.equal(await status(en, 'compute.hardware'), 'absent');
  assert.equal(await status(zh, 'compute.hardware'), 'absent');
});
