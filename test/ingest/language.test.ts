import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ingest } from '../../src/ingest/index.js';
import { detectLanguage, scriptCounts } from '../../src/ingest/language.js';
import { utf8 } from './util.js';

const lang = async (md: string) => (await ingest({ bytes: utf8(md), source: 'x.md' })).language;

test('a Chinese README full of English model names, links and benchmark tables is zh', async () => {
  const md = [
    '# Orca-7B',
    '<div align="center"><img src="logo.png"> <a href="https://example.com">Homepage</a> | <a href="https://hf.co/x">Hugging Face</a></div>',
    '## 简介',
    'Orca-7B 是由示例实验室（Example Labs）训练的 Transformer 语言模型，支持 8K 上下文，基于 Orca-3B 继续预训练。',
    '我们在 MMLU、C-Eval、GSM8K、HumanEval 等基准上评测了 Orca-7B-Chat 和 Orca-7B-Base。',
    [
      '| Model | MMLU | C-Eval | GSM8K | HumanEval | MBPP | BBH |',
      '|---|---|---|---|---|---|---|',
      ...Array.from({ length: 20 }, (_, i) => `| Baseline-Model-${i} Large Instruct | 61.${i} | 57.${i} | 40.${i} | 30.${i} | 33.${i} | 45.${i} |`),
    ].join('\n'),
    '## 快速开始',
    '```python\nfrom transformers import AutoModelForCausalLM, AutoTokenizer\nmodel = AutoModelForCausalLM.from_pretrained("example-labs/orca-7b")\n```',
    '- 下载 [Orca-7B](https://huggingface.co/example-labs/orca-7b) 的权重。',
    '- 使用 vLLM 或 Transformers 部署。',
  ].join('\n\n');
  assert.equal(await lang(md), 'zh');
});

test('an English model card with a few Chinese names is en', async () => {
  const md = [
    '# Orca-7B',
    'Orca-7B is a language model trained by Example Labs (示例实验室) in Hangzhou (杭州).',
    'It was evaluated on C-Eval and CMMLU, two Chinese benchmarks, and on MMLU.',
    'The model supports English and Chinese (中文) and was released in March 2025 under Apache 2.0.',
  ].join('\n\n');
  assert.equal(await lang(md), 'en');
});

test('a bilingual document with English and Chinese halves is mixed', async () => {
  const en = 'Orca-7B is a language model trained by Example Labs on public web pages, books and source code for research use.';
  const zh = 'Orca-7B 是示例实验室训练的语言模型，训练数据包括公开网页、书籍和代码，仅供研究使用。';
  const md = ['# Orca-7B', en, en, en, zh, zh, zh, zh].join('\n\n');
  assert.equal(await lang(md), 'mixed');
});

test('edge cases: no letters, only code, only a table', async () => {
  assert.equal(detectLanguage('12345 67890'), 'en');
  assert.equal(await lang('```\nprint("你好世界你好世界")\n```\n\nRun the code above to print a greeting in the console.\n'), 'en');
  assert.equal(await lang('| 模型 | 得分 |\n|---|---|\n| 示例模型 | 六十一 |\n'), 'zh');
});

test('scriptCounts skips URLs, tags and link targets', () => {
  assert.deepEqual(scriptCounts('模型 see https://example.com/a/very/long/path <img src="x.png"> [链接](http://x.y/z)。'), { han: 4, words: 1, punct: 1 });
});
