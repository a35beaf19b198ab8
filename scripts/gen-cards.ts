/**
 * Synthetic model cards for benchmarks: varied (English and Chinese; model-card, README and
 * release-post shapes; each section present, vague or missing; tables, lists, front matter, claims),
 * deterministic by index. All names are invented.
 *
 *   node --import tsx scripts/gen-cards.ts <dir> [count=1000] [seed=7]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from './fuzz-gen.js';


const PREFIX = [
  'Orca',
  'Nimbus',
  'Qingyun',
  'Aster',
  'Borealis',
  'Cinder',
  'Delta',
  'Ember',
  'Fjord',
  'Gale',
  'Halcyon',
  'Iris',
  'Juniper',
  'Kestrel',
  'Lumen',
  'Mistral-ish',
  'Nova',
  'Onyx',
  'Pike',
  'Quill',
];
const LABS = ['Tidewater Labs', 'Skyline AI', 'Northwind Research', 'Blue Heron AI', 'Cobalt Institute', 'Parallax Lab'];
const BENCH = [
  'MMLU',
  'GSM8K',
  'HumanEval',
  'ARC-Challenge',
  'HellaSwag',
  'TruthfulQA',
  'MATH',
  'MBPP',
  'BBH',
  'C-Eval',
  'CMMLU',
];
const SOURCES = [
  'Common Crawl',
  'Wikipedia',
  'arXiv',
  'GitHub code under permissive licences',
  'PubMed Central',
  'Project Gutenberg',
  'StackExchange',
  'licensed news articles',
  'synthetic math problems',
];
const GPUS = ['H100', 'A100', 'H800', 'TPU v5e', 'MI300X'];
const LICENSES = ['apache-2.0', 'mit', 'llama-style community licence', 'cc-by-nc-4.0', 'other'];

function enCard(r: Rng, i: number): string {
  const name = `${r.pick(PREFIX)}-${r.pick([1, 3, 7, 8, 13, 14, 34, 70])}B-v${r.int(1, 4)}`;
  const lab = r.pick(LABS);
  const params = r.pick(['1.3', '3', '7.2', '8', '13', '34', '70']);
  const s: string[] = [];
  const post = r.chance(0.3);
  if (!post && r.chance(0.7)) {
    s.push(
      `---\nlicense: ${r.pick(LICENSES)}\nlanguage:\n  - en\n${r.chance(0.5) ? '  - zh\n' : ''}pipeline_tag: text-generation\ntags: [synthetic, benchmark-card-${i}]\n---\n`,
    );
  }
  s.push(
    post
      ? `# Introducing ${name}: ${r.pick(['our most capable model yet', 'faster, smarter, cheaper', 'a new frontier'])}`
      : `# ${name}`,
  );
  s.push(
    `${name} is a ${r.pick(['decoder-only language model', 'chat model', 'code model', 'multilingual assistant'])} from ${lab} (a fictional lab; synthetic card #${i}).`,
  );
  if (r.chance(0.7)) {
    s.push('## Model details');
    const rows = [
      r.chance(0.8) ? `- **Parameters:** ${params}B` : `- **Size:** ${r.pick(['small', 'large', 'frontier-scale'])}`,
      r.chance(0.6)
        ? `- **Architecture:** transformer, ${r.int(16, 96)} layers, ${r.int(16, 128)} attention heads, ${r.pick(['RoPE', 'ALiBi'])} positions`
        : '',
      r.chance(0.6) ? `- **Context length:** ${r.pick(['4,096', '8,192', '32K', '128K'])} tokens` : '',
      r.chance(0.5)
        ? `- **Release date:** 20${r.int(23, 26)}-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')}`
        : '',
    ].filter(Boolean);
    s.push(rows.join('\n'));
  }
  if (r.chance(0.75)) {
    s.push(r.pick(['## Training data', '## Data', '## Pretraining']));
    if (r.chance(0.6)) {
      const srcs = Array.from({ length: r.int(2, 5) }, () => r.pick(SOURCES));
      const shares = srcs.map(() => r.int(3, 60));
      s.push(
        `The model was trained on ${r.int(1, 15)}.${r.int(0, 9)} trillion tokens: ${srcs.map((x, k) => `${shares[k]}% ${x}`).join(', ')}.`,
      );
    } else s.push('The model was trained on a large, diverse mix of publicly available and licensed data.');
    if (r.chance(0.5))
      s.push(`The knowledge cutoff is ${r.pick(['March', 'June', 'September', 'December'])} 20${r.int(23, 25)}.`);
    if (r.chance(0.4))
      s.push(
        'We filtered documents with a quality classifier, removed personal information with regular expressions, and deduplicated with MinHash.',
      );
  }
  if (r.chance(0.5)) {
    s.push('## Training');
    s.push(
      `Training took ${r.int(5, 90)} days on ${r.int(64, 4096)} ${r.pick(GPUS)} GPUs (${r.int(1, 900)}K GPU-hours)${r.chance(0.3) ? `, emitting an estimated ${r.int(10, 900)} tCO2eq` : ''}.`,
    );
  }
  if (r.chance(0.8)) {
    s.push('## Evaluation');
    const benches = Array.from(new Set(Array.from({ length: r.int(2, 7) }, () => r.pick(BENCH))));
    const baseline = r.pick(['Baseline-7B', 'our previous model', 'Competitor-8B', 'GPT-4']);
    s.push(
      `| Benchmark | ${name} | ${baseline} |\n|---|---|---|\n${benches.map((b) => `| ${b} (${r.int(0, 25)}-shot) | ${r.int(20, 95)}.${r.int(0, 9)} | ${r.int(20, 95)}.${r.int(0, 9)} |`).join('\n')}`,
    );
    if (r.chance(0.5)) s.push('All numbers were produced with our internal evaluation harness at temperature 0.');
  }
  if (r.chance(0.7)) {
    s.push(r.pick(['## Performance', '## Highlights', '## Why it matters']));
    s.push(
      `${name} is ${r.int(10, 80)}% better than ${r.pick(['our previous model', 'leading open models', 'GPT-4'])} on reasoning and ${r.int(2, 5)}x faster at inference.${r.chance(0.5) ? ' It is the best model in its class.' : ''}`,
    );
  }
  if (r.chance(0.6)) {
    s.push('## Limitations');
    s.push(
      r.pick([
        'The model can produce false or biased statements and performs poorly on low-resource languages.',
        'Like all language models, it can make mistakes.',
        'It may hallucinate facts after its knowledge cutoff and is not suited to medical or legal advice.',
      ]),
    );
  }
  if (r.chance(0.5)) {
    s.push('## Safety');
    s.push(
      r.pick([
        'We conducted extensive safety testing.',
        `External red-teamers spent ${r.int(100, 5000)} hours probing for harmful outputs; refusal rate on our harmful-request set is ${r.int(80, 99)}%.`,
        'Safety is our top priority.',
      ]),
    );
  }
  if (r.chance(0.5))
    s.push(
      `## License\n\nReleased under ${r.pick(LICENSES)}. ${r.chance(0.5) ? 'Weights are available on our model hub.' : 'Access is via our API only.'}`,
    );
  if (r.chance(0.3)) s.push('## Roadmap\n\nWe plan to release a larger version and a technical report later this year.');
  if (r.chance(0.3)) s.push(`## Contact\n\nReport issues at safety@${lab.toLowerCase().replace(/[^a-z]/g, '')}.example.`);
  if (r.chance(0.3))
    s.push(
      '```python\nfrom transformers import AutoModelForCausalLM\nmodel = AutoModelForCausalLM.from_pretrained("example/model")\n```',
    );
  return s.join('\n\n') + '\n';
}

function zhCard(r: Rng, i: number): string {
  const name = `${r.pick(['青云', '远山', '星河', '松涛', '明镜', '长风'])}-${r.pick([7, 13, 34, 70])}B`;
  const s: string[] = [
    `# ${name} ${r.pick(['正式发布', '模型说明', '技术介绍'])}`,
    `${name} 是一个虚构的示例模型（合成卡片 #${i}）。`,
  ];
  if (r.chance(0.7))
    s.push(
      `## 模型介绍\n\n${name} 拥有 ${r.pick(['70', '130', '340', '700'])} 亿参数，采用 Transformer 解码器结构，共 ${r.int(24, 80)} 层，上下文长度 ${r.pick(['4K', '32K', '128K'])}。`,
    );
  if (r.chance(0.7)) {
    s.push(
      `## 训练数据\n\n${r.chance(0.6) ? `模型在约 ${r.int(1, 10)} 万亿 token 的语料上预训练，其中中文约占 ${r.int(30, 70)}%，英文约占 ${r.int(10, 50)}%，代码约占 ${r.int(5, 20)}%。` : '我们使用了大规模高质量语料进行训练。'}`,
    );
  }
  if (r.chance(0.7))
    s.push(
      `## 评测结果\n\n| 评测集 | ${name} |\n|---|---|\n${['C-Eval', 'CMMLU', 'GSM8K', 'MMLU'].map((b) => `| ${b} | ${r.int(40, 90)}.${r.int(0, 9)} |`).join('\n')}`,
    );
  if (r.chance(0.6))
    s.push(`${name} 的推理速度比上一代提升了 ${r.int(2, 5)} 倍，效果${r.pick(['业界领先', '超越同规模模型', '提升 30%'])}。`);
  if (r.chance(0.5)) s.push('## 局限性\n\n模型仍可能生成不准确或带有偏见的内容，请勿用于高风险场景。');
  if (r.chance(0.5))
    s.push(
      `## 安全\n\n${r.pick(['我们进行了大量的安全测试和红队演练。', `我们邀请外部专家进行了 ${r.int(100, 2000)} 小时红队测试，有害请求拒答率为 ${r.int(80, 99)}%。`])}`,
    );
  if (r.chance(0.5)) s.push('## 开源协议\n\n模型权重向学术研究免费开放，商业使用需申请授权。');
  return s.join('\n\n') + '\n';
}

/** The i-th synthetic card (markdown), deterministic for (seed, i). */
export function generateCard(i: number, seed = 7): { name: string; text: string } {
  const r = new Rng(Math.imul(seed, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b));
  const zh = r.chance(0.25);
  return { name: `card-${String(i).padStart(5, '0')}${zh ? '-zh' : ''}.md`, text: zh ? zhCard(r, i) : enCard(r, i) };
}

/** Write `count` cards into `dir`; returns the file paths. */
export function writeCards(dir: string, count: number, seed = 7): string[] {
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < count; i++) {
    const c = generateCard(i, seed);
    const f = join(dir, c.name);
    writeFileSync(f, c.text);
    files.push(f);
  }
  return files;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [dir, count = '1000', seed = '7'] = process.argv.slice(2);
  if (!dir) {
    console.error('usage: node --import tsx scripts/gen-cards.ts <dir> [count] [seed]');
    process.exit(2);
  }
  const files = writeCards(dir, Number(count), Number(seed));
  console.log(`${files.length} cards in ${dir}`);
}
