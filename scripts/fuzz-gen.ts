/**
 * Fuzz input generators. `makeInput(seed, index)` is deterministic: the same (seed, index) gives the
 * same bytes, so a crash can be replayed with `npm run fuzz -- --dump <index> --seed <seed>`.
 * Generators: random bytes, arbitrary Unicode, structured model cards (with malformed front matter,
 * tables, lists), deeply nested and malformed HTML, valid/truncated/corrupted PDFs built from a tiny
 * hand-made PDF, huge single lines, mixed and invalid encodings, zero-width/bidi/NUL characters, XSS
 * payloads, and number/claim-heavy text.
 */
import fc from 'fast-check';

export interface FuzzInput {
  gen: string;
  bytes: Uint8Array;
  source: string;
  contentType?: string;
}

/** mulberry32: small, fast, good enough to drive generators. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 0x9e3779b9;
  }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** A count in [1, max], skewed towards small values (mean ≈ max/5): most inputs are small, a few large. */
  count(max: number): number {
    return 1 + Math.floor((max - 1) * this.next() ** 4);
  }
}

function hash(seed: number, index: number): number {
  let h = (seed ^ 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ index, 0xcc9e2d51);
  h = Math.imul((h << 15) | (h >>> 17), 0x1b873593);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

const enc = new TextEncoder();
const utf8 = (s: string) => enc.encode(s);

function sample<T>(arb: fc.Arbitrary<T>, seed: number): T {
  return fc.sample(arb, { seed, numRuns: 1 })[0];
}

// ---------------------------------------------------------------- vocabulary

const WORDS_EN = [
  'model',
  'parameters',
  'trained',
  'tokens',
  'data',
  'dataset',
  'benchmark',
  'MMLU',
  'GSM8K',
  'HumanEval',
  'safety',
  'red-teaming',
  'evaluation',
  'license',
  'Apache-2.0',
  'GPU',
  'H100',
  'A100',
  'hours',
  'energy',
  'CO2',
  'limitations',
  'bias',
  'context',
  'window',
  'architecture',
  'transformer',
  'layers',
  'heads',
  'faster',
  'better',
  'than',
  'GPT-4',
  'Llama',
  'baseline',
  'the',
  'a',
  'of',
  'and',
  'we',
  'our',
  'is',
  'with',
  'on',
  'trillion',
  'billion',
  '7B',
  '70B',
  'Common Crawl',
  'Wikipedia',
  'cutoff',
  'September 2025',
  'weights',
  'API',
  'roadmap',
  'misuse',
  'intended use',
];
const WORDS_ZH = [
  '模型',
  '参数',
  '训练',
  '数据',
  '评测',
  '安全',
  '红队',
  '许可',
  '开源',
  '亿',
  '万亿',
  'token',
  '倍',
  '提升',
  '领先',
  '基准',
  '局限性',
  '偏见',
  '上下文',
  '架构',
  '层',
  '语料',
  '中文',
  '英文',
  '代码',
  '发布',
  '我们',
  '的',
  '了',
  '在',
  '比',
];
const XSS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<svg onload=alert(1)>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<a href="javascript:alert(1)">x</a>',
  '[x](javascript:alert(1))',
  '![x](javascript:alert(1))',
  '<iframe src="javascript:alert(1)">',
  '<details open ontoggle=alert(1)>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>',
  '</textarea><script>alert(1)</script>',
  '<style>@import "javascript:alert(1)"</style>',
  '{{constructor.constructor("alert(1)")()}}',
  '${alert(1)}',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
  '<object data="javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '\u202Egnp.exe',
  '<!--<script>alert(1)//-->',
  '<![CDATA[<script>alert(1)</script>]]>',
  '&#60;script&#62;alert(1)&#60;/script&#62;',
];
const INVISIBLE = [
  '\u200B',
  '\u200C',
  '\u200D',
  '\u2060',
  '\uFEFF',
  '\u202A',
  '\u202B',
  '\u202C',
  '\u202D',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u0000',
  '\u0301',
  '\u034F',
  '\u00AD',
  '\u180E',
];

function words(r: Rng, n: number, zh = false): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(r.pick(zh ? WORDS_ZH : WORDS_EN));
  return out.join(zh ? '' : ' ');
}

function sentence(r: Rng, zh = r.chance(0.25)): string {
  const core = words(r, r.int(3, 25), zh);
  const num = r.chance(0.5) ? ` ${r.int(0, 100000)}${r.pick(['', '%', 'B', 'x', ' tokens', ' GPUs', '倍', '亿'])}` : '';
  return `${core}${num}${zh ? '。' : '.'}`;
}

// ---------------------------------------------------------------- generators

function genRandomBytes(r: Rng, seed: number): FuzzInput {
  const bytes = sample(fc.uint8Array({ maxLength: r.pick([16, 256, 4096]) }), seed);
  return { gen: 'random-bytes', bytes, source: r.pick(['x.md', 'x.bin', 'x', 'x.txt', 'x.html']) };
}

function genUnicode(r: Rng, seed: number): FuzzInput {
  const s = sample(
    fc.string({
      unit: r.pick(['binary', 'grapheme', 'grapheme-composite', 'binary-ascii'] as const),
      maxLength: r.pick([20, 400, 3000]),
    }),
    seed,
  );
  const text = r.chance(0.5) ? `# ${s.slice(0, 40)}\n\n${s}\n` : s;
  return { gen: 'unicode', bytes: utf8(text), source: r.pick(['u.md', 'u.txt', 'u']) };
}

function frontMatter(r: Rng): string {
  const good = `---\nlicense: ${r.pick(['mit', 'apache-2.0', 'other', '""'])}\nlanguage:\n  - en\n  - zh\ntags: [a, b]\n---\n`;
  const bad = r.pick([
    '---\nlicense: [unclosed\n---\n',
    '---\n: : :\n---\n',
    '---\nkey: &a [*a]\n---\n',
    '---\n' + 'a:\n  '.repeat(r.int(1, 300)) + 'b\n---\n',
    '---\nno closing fence\n',
    '---\n!!binary AAAA\n---\n',
    '---\nx: !!js/function "function(){}"\n---\n',
    '+++\ntoml = "front"\n+++\n',
    '---\n' + 'k: v\n'.repeat(r.int(1, 2000)) + '---\n',
  ]);
  return r.chance(0.5) ? good : bad;
}

function table(r: Rng): string {
  const cols = r.int(1, 8);
  const rows = r.count(16) - 1;
  const cell = () =>
    r.pick([String(r.int(0, 100)) + '.' + r.int(0, 9), words(r, r.int(0, 3)), '', '|', '\\|', '**bold**', '`code`', r.pick(XSS)]);
  const line = (f: () => string) => '| ' + Array.from({ length: cols }, f).join(' | ') + ' |';
  const delim =
    '|' +
    Array.from({ length: r.chance(0.9) ? cols : r.int(1, 12) }, () => r.pick(['---', ':--', '--:', ':-:', '-'])).join('|') +
    '|';
  return [
    line(() => r.pick(['Benchmark', 'Model', 'Score', 'MMLU', 'Ours', 'GPT-4', '参数'])),
    delim,
    ...Array.from({ length: rows }, () => line(cell)),
  ].join('\n');
}

function genMarkdown(r: Rng): FuzzInput {
  const parts: string[] = [];
  if (r.chance(0.4)) parts.push(frontMatter(r));
  const n = r.count(24);
  for (let i = 0; i < n; i++) {
    const k = r.int(0, 11);
    if (k === 0) parts.push(`${'#'.repeat(r.int(1, 7))} ${words(r, r.int(0, 6), r.chance(0.2))}`);
    else if (k === 1) parts.push(table(r));
    else if (k === 2)
      parts.push(
        Array.from(
          { length: r.count(20) },
          (_, j) => `${'  '.repeat(r.chance(0.3) ? j % 30 : 0)}${r.pick(['-', '*', '+', '1.'])} ${sentence(r)}`,
        ).join('\n'),
      );
    else if (k === 3) parts.push('```' + r.pick(['', 'python', 'yaml']) + '\n' + sentence(r) + (r.chance(0.7) ? '\n```' : ''));
    else if (k === 4) parts.push('> '.repeat(r.int(1, 50)) + sentence(r));
    else if (k === 5)
      parts.push(`[${words(r, 2)}](${r.pick(['https://example.com', 'javascript:alert(1)', '<>', '(', 'http://a b'])})`);
    else if (k === 6) parts.push('<' + r.pick(['div', 'details', 'table', 'p', 'br', 'img src=x']) + '>' + sentence(r));
    else if (k === 7) parts.push('*'.repeat(r.int(1, 200)) + sentence(r) + '_'.repeat(r.int(0, 200)));
    else if (k === 8) parts.push('[^' + r.int(0, 9) + ']: ' + sentence(r));
    else parts.push(Array.from({ length: r.count(6) }, () => sentence(r)).join(' '));
  }
  const sep = r.pick(['\n\n', '\n', '\r\n\r\n', '\r', '\n\n\n\n']);
  return {
    gen: 'markdown',
    bytes: utf8(parts.join(sep)),
    source: r.pick(['card.md', 'README.md', 'post.markdown', 'notes.txt']),
  };
}

function genHtml(r: Rng): FuzzInput {
  const tags = [
    'div',
    'p',
    'span',
    'table',
    'tr',
    'td',
    'ul',
    'li',
    'section',
    'article',
    'main',
    'nav',
    'footer',
    'h1',
    'h2',
    'h3',
    'b',
    'i',
    'a',
    'pre',
    'code',
    'blockquote',
    'svg',
    'math',
    'template',
    'noscript',
    'iframe',
    'select',
    'option',
    'font',
  ];
  const mode = r.int(0, 5);
  let html: string;
  if (mode === 0) {
    const depth = r.pick([10, 100, 1000, 5000, 20000]);
    const t = r.pick(tags);
    html = `<!doctype html><html><body>${`<${t}>`.repeat(depth)}${sentence(r)}${r.chance(0.5) ? `</${t}>`.repeat(depth) : ''}</body></html>`;
  } else if (mode === 1) {
    const out: string[] = [];
    for (let i = 0, n = r.count(150); i < n; i++) {
      const t = r.pick(tags);
      out.push(
        r.pick([
          `<${t}>`,
          `</${t}>`,
          `<${t} class="${words(r, 1)}" ${r.pick(['onclick=x', 'style="x"', 'id=1', ''])}>`,
          sentence(r),
          r.pick(XSS),
          '<!--',
          '-->',
          '&#x110000;',
          '&amp',
          '&nbsp;',
          '<![CDATA[',
          ']]>',
        ]),
      );
    }
    html = out.join(r.pick(['', '\n', ' ']));
  } else if (mode === 2) {
    html = `<html><head><title>${r.pick(XSS)}</title><meta charset="${r.pick(['gbk', 'utf-8', 'x-unknown', 'utf-16'])}"><meta name="description" content="${sentence(r)}"></head><body><article><h1>${words(r, 3)}</h1>${Array.from({ length: r.count(30) }, () => `<p>${sentence(r)}</p>`).join('')}</article><script>${'x'.repeat(r.int(0, 5000))}</script></body></html>`;
  } else if (mode === 3) {
    html = `<!DOCTYPE html><table>${Array.from({ length: r.count(200) }, () => `<tr>${Array.from({ length: r.count(20) }, () => `<td>${r.int(0, 99)}.${r.int(0, 9)}</td>`).join('')}`).join('')}`;
  } else if (mode === 4) {
    html = '<html>' + '<a>'.repeat(r.int(1, 3000)) + '<table><b><i><table>'.repeat(r.int(1, 500));
  } else {
    html = `<body>${Array.from({ length: r.count(40) }, () => r.pick(XSS) + sentence(r)).join('<br>')}`;
  }
  return {
    gen: 'html',
    bytes: utf8(html),
    source: r.pick(['page.html', 'page.htm', 'page']),
    contentType: r.chance(0.5) ? 'text/html; charset=utf-8' : undefined,
  };
}

/** A minimal valid one-page PDF with the given text lines (Helvetica, uncompressed content stream). */
export function minimalPdf(lines: string[]): Uint8Array {
  const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');
  const content = `BT /F1 12 Tf 72 720 Td 14 TL ${lines.map((l) => `(${esc(l)}) Tj T*`).join(' ')} ET`;
  const objs = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objs.forEach((o, i) => {
    offsets.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, 'latin1'));
}

function genPdf(r: Rng): FuzzInput {
  const lines = Array.from({ length: r.count(12) }, () => sentence(r, false));
  const pdf = minimalPdf(lines);
  const mode = r.int(0, 7);
  let bytes: Uint8Array;
  if (mode === 0) bytes = pdf;
  else if (mode === 1) bytes = pdf.subarray(0, r.int(0, pdf.length - 1));
  else if (mode === 2) {
    bytes = new Uint8Array(pdf);
    for (let i = 0; i < r.int(1, 20); i++) bytes[r.int(0, bytes.length - 1)] = r.int(0, 255);
  } else if (mode === 3) {
    const s = Buffer.from(pdf)
      .toString('latin1')
      .replace(/\/Length \d+/, `/Length ${r.pick([0, 999999999, -5, 2 ** 31])}`);
    bytes = new Uint8Array(Buffer.from(s, 'latin1'));
  } else if (mode === 4) {
    const s = Buffer.from(pdf)
      .toString('latin1')
      .replace(/xref[^]*$/, r.pick(['', 'xref\n0 1\ngarbage', 'trailer << /Root 99 0 R >>\n%%EOF']));
    bytes = new Uint8Array(Buffer.from(s, 'latin1'));
  } else if (mode === 5) {
    const nest = r.pick([10, 1000, 50000]);
    const s =
      `%PDF-1.7\n1 0 obj\n${'['.repeat(nest)}${']'.repeat(r.chance(0.5) ? nest : 0)}\nendobj\n` +
      Buffer.from(pdf).toString('latin1').slice(9);
    bytes = new Uint8Array(Buffer.from(s, 'latin1'));
  } else if (mode === 6) {
    const junk = sample(fc.uint8Array({ maxLength: 3000 }), r.int(0, 2 ** 31));
    bytes = new Uint8Array([...Buffer.from('%PDF-1.5\n', 'latin1'), ...junk]);
  } else {
    // A stream that claims FlateDecode but holds garbage.
    const s = Buffer.from(pdf).toString('latin1').replace('<< /Length', '<< /Filter /FlateDecode /Length');
    bytes = new Uint8Array(Buffer.from(s, 'latin1'));
  }
  return {
    gen: 'pdf',
    bytes,
    source: r.pick(['paper.pdf', 'paper', 'x.md']),
    contentType: r.chance(0.3) ? 'application/pdf' : undefined,
  };
}

function genHugeLine(r: Rng): FuzzInput {
  const len = r.pick([100_000, 300_000, 1_000_000]);
  const unit = r.pick([
    'a',
    'word ',
    '|',
    '*',
    '_',
    '[',
    '](',
    '<',
    '`',
    '#',
    '1.',
    '- ',
    '> ',
    '\\',
    '&amp;',
    '参数',
    '7B ',
    '30% better ',
    'x'.repeat(7) + ' ',
    '\u200B',
    ' ',
  ]);
  const s = unit.repeat(Math.ceil(len / unit.length)).slice(0, len);
  return {
    gen: 'huge-line',
    bytes: utf8(r.chance(0.5) ? s : `# Title\n\n${s}`),
    source: r.pick(['line.md', 'line.txt', 'line.html']),
  };
}

function gbkBytes(r: Rng, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    if (r.chance(0.2)) out.push(r.int(0x20, 0x7e));
    else {
      out.push(r.int(0xb0, 0xf7), r.int(0xa1, 0xfe)); // GB2312 hanzi area
    }
  }
  return out;
}

function genEncoding(r: Rng): FuzzInput {
  const text = Array.from({ length: r.count(12) }, () => sentence(r)).join('\n\n');
  const mode = r.int(0, 9);
  let bytes: Uint8Array;
  if (mode === 0) bytes = new Uint8Array(Buffer.from('\uFEFF' + text, 'utf16le'));
  else if (mode === 1)
    bytes = new Uint8Array(Buffer.from(text, 'utf16le')); // no BOM: NULs everywhere
  else if (mode === 2) {
    const le = Buffer.from('\uFEFF' + text, 'utf16le');
    for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
    bytes = new Uint8Array(le);
  } else if (mode === 3) bytes = new Uint8Array(gbkBytes(r, r.int(1, 3000)));
  else if (mode === 4)
    bytes = new Uint8Array([
      ...utf8(text.slice(0, text.length / 2)),
      ...gbkBytes(r, r.int(1, 500)),
      ...utf8(text.slice(text.length / 2)),
    ]);
  else if (mode === 5) bytes = new Uint8Array(Buffer.from(text.replace(/[^\u0000-\u00ff]/g, 'é'), 'latin1'));
  else if (mode === 6) {
    // Invalid UTF-8: overlong forms, lone continuation bytes, surrogates encoded in UTF-8, 0xFF.
    const bad = [
      [0xc0, 0xaf],
      [0xe0, 0x80, 0xaf],
      [0x80],
      [0xbf],
      [0xed, 0xa0, 0x80],
      [0xff],
      [0xfe],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf8, 0x88, 0x80, 0x80, 0x80],
    ];
    const b = [...utf8(text)];
    for (let i = 0; i < r.int(1, 30); i++) b.splice(r.int(0, b.length), 0, ...r.pick(bad));
    bytes = new Uint8Array(b);
  } else if (mode === 7)
    bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, ...utf8(text)]); // double BOM
  else if (mode === 8)
    bytes = new Uint8Array([...utf8(text), 0xef, 0xbb, 0xbf, ...Buffer.from(text, 'utf16le')]); // BOM mid-file
  else bytes = new Uint8Array([0xff, 0xfe, ...gbkBytes(r, r.int(1, 200))]); // UTF-16 BOM, GBK body (odd length)
  return { gen: 'encoding', bytes, source: r.pick(['enc.md', 'enc.txt', 'enc']) };
}

function genInvisible(r: Rng): FuzzInput {
  const text = Array.from({ length: r.count(16) }, () => sentence(r)).join(r.pick([' ', '\n', '\n\n']));
  let out = '';
  for (const ch of text) {
    out += ch;
    if (r.chance(0.15)) out += r.pick(INVISIBLE).repeat(r.int(1, r.chance(0.01) ? 5000 : 3));
  }
  return { gen: 'invisible', bytes: utf8(out), source: r.pick(['inv.md', 'inv.txt', 'inv.html']) };
}

function genXss(r: Rng): FuzzInput {
  const lines: string[] = [];
  if (r.chance(0.3)) lines.push(`---\ntitle: "${r.pick(XSS).replace(/"/g, '\\"')}"\n---`);
  lines.push(`# ${r.pick(XSS)} model`);
  for (let i = 0, n = r.count(20); i < n; i++)
    lines.push(r.chance(0.5) ? `${sentence(r)} ${r.pick(XSS)} ${sentence(r)}` : `| ${r.pick(XSS)} | ${r.int(0, 99)} |`);
  const html = r.chance(0.3);
  return {
    gen: 'xss',
    bytes: utf8(html ? `<html><body>${lines.map((l) => `<p>${l}</p>`).join('')}</body></html>` : lines.join('\n\n')),
    source: html ? 'xss.html' : 'xss.md',
  };
}

function genClaims(r: Rng): FuzzInput {
  const templates = [
    () =>
      `${words(r, 1)} is ${r.int(1, 999)}% ${r.pick(['better', 'faster', 'cheaper', 'more accurate'])} than ${r.pick(['GPT-4', 'Llama 3', 'our previous model', 'competitors', ''])}.`,
    () => `${r.int(1, 100)}x ${r.pick(['faster', 'smaller', 'more efficient'])} ${r.pick(['inference', 'training', ''])}.`,
    () =>
      `Achieves ${r.int(0, 100)}.${r.int(0, 9)} on ${r.pick(['MMLU', 'GSM8K', 'HumanEval', 'C-Eval', 'CMMLU', 'ARC'])} (${r.int(0, 25)}-shot).`,
    () => `推理速度提升${r.int(1, 10)}倍，效果${r.pick(['业界领先', '超越GPT-4', '提升30%'])}。`,
    () =>
      `${r.int(1, 9999)}${r.pick(['B', 'M', 'T', 'K', '亿', '万亿', ' billion', ' trillion'])} ${r.pick(['parameters', 'tokens', 'GPU-hours', '参数', 'token'])}`,
    () =>
      Array.from({ length: r.int(1, 200) }, () => `${r.int(0, 1e6)}${r.pick(['', '%', 'x', '.', ',', '.5', 'e9'])}`).join(' '),
    () => `${'very '.repeat(r.int(0, 500))}best model in the world, state-of-the-art, #1 on every leaderboard.`,
    () =>
      `${r.int(1, 12)}/${r.int(1, 31)}/${r.int(1990, 2030)} ${r.pick(['cutoff', 'released', 'v1.', 'version '])}${r.int(0, 99)}`,
  ];
  const text = Array.from({ length: r.count(24) }, () => r.pick(templates)()).join(r.pick([' ', '\n', '\n\n', '\n- ']));
  return { gen: 'claims', bytes: utf8(text), source: 'claims.md' };
}

const GENERATORS: Array<[number, (r: Rng, seed: number) => FuzzInput]> = [
  [14, genRandomBytes],
  [14, genUnicode],
  [16, (r) => genMarkdown(r)],
  [10, (r) => genHtml(r)],
  [9, (r) => genPdf(r)],
  [0.06, (r) => genHugeLine(r)],
  [11, (r) => genEncoding(r)],
  [8, (r) => genInvisible(r)],
  [7, (r) => genXss(r)],
  [10.94, (r) => genClaims(r)],
];
const TOTAL_WEIGHT = GENERATORS.reduce((s, [w]) => s + w, 0);

/** The index-th fuzz input of a run with this seed. */
export function makeInput(seed: number, index: number): FuzzInput {
  const h = hash(seed, index);
  const r = new Rng(h);
  let x = r.next() * TOTAL_WEIGHT;
  for (const [w, g] of GENERATORS) {
    x -= w;
    if (x <= 0) return g(r, h);
  }
  return GENERATORS[0][1](r, h);
}

/** The one large input: ~`mb` MB of model-card-like markdown with noise, tables and long lines. */
export function makeLargeInput(seed: number, mb = 50): FuzzInput {
  const r = new Rng(seed);
  const chunks: Buffer[] = [];
  let size = 0;
  const target = mb * 1024 * 1024;
  while (size < target) {
    const md = genMarkdown(r).bytes;
    const b = Buffer.from(md.buffer, md.byteOffset, md.byteLength);
    chunks.push(b, Buffer.from('\n\n'));
    size += b.length + 2;
  }
  return { gen: 'large-50MB', bytes: new Uint8Array(Buffer.concat(chunks).subarray(0, target)), source: 'large.md' };
}
