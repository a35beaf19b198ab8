// Guess vendor / model / release / date of a release document, for `unsaid add` (flags override).
// Evidence, strongest first: explicit front matter keys; Hugging Face card metadata (model-index,
// base_model, license); the title ("Introducing Qwen2", "Llama 3.1 Model Card"); the file name
// ("llama-3.1__model-card.md"). A model name is split into family (→ model), version (→ release)
// and variant words; known families map to their vendor.
import { parse as parseYaml } from 'yaml';
import type { Audit } from '../types.js';

export interface DetectInput {
  audit?: Audit;
  /** Raw document bytes (front matter and title are read from them when not given). */
  bytes?: Uint8Array;
  text?: string;
  frontMatter?: Record<string, unknown>;
  title?: string;
  /** Path or URL. */
  source?: string;
}

export type DetectField = 'vendor' | 'model' | 'release' | 'date';

export interface Detected {
  vendor: string | null;
  model: string | null;
  release: string | null;
  date: string | null;
  /** Where each found value came from ("front matter", "title", "file name", …). */
  from: Partial<Record<DetectField, string>>;
}

export interface ParsedName {
  family: string;
  /** Model slug: family plus variant words (e.g. "qwen-coder"); sizes and instruct/chat dropped. */
  model: string;
  version: string | null;
  vendor: string | null;
}

/** [name prefix, canonical family, vendor]; matched case-insensitively, longest first. */
const FAMILIES: [string, string, string][] = [
  ['llama', 'llama', 'meta'],
  ['codellama', 'codellama', 'meta'],
  ['qwen', 'qwen', 'alibaba'],
  ['qwq', 'qwq', 'alibaba'],
  ['gemma', 'gemma', 'google'],
  ['gemini', 'gemini', 'google'],
  ['codegemma', 'codegemma', 'google'],
  ['palm', 'palm', 'google'],
  ['mistral', 'mistral', 'mistral'],
  ['mixtral', 'mixtral', 'mistral'],
  ['codestral', 'codestral', 'mistral'],
  ['ministral', 'ministral', 'mistral'],
  ['magistral', 'magistral', 'mistral'],
  ['pixtral', 'pixtral', 'mistral'],
  ['devstral', 'devstral', 'mistral'],
  ['phi', 'phi', 'microsoft'],
  ['deepseek', 'deepseek', 'deepseek'],
  ['claude', 'claude', 'anthropic'],
  ['gpt', 'gpt', 'openai'],
  ['grok', 'grok', 'xai'],
  ['falcon', 'falcon', 'tii'],
  ['olmo', 'olmo', 'ai2'],
  ['tulu', 'tulu', 'ai2'],
  ['command-r', 'command-r', 'cohere'],
  ['command', 'command', 'cohere'],
  ['aya', 'aya', 'cohere'],
  ['yi', 'yi', '01-ai'],
  ['chatglm', 'chatglm', 'zhipu'],
  ['glm', 'glm', 'zhipu'],
  ['baichuan', 'baichuan', 'baichuan'],
  ['internlm', 'internlm', 'shanghai-ai-lab'],
  ['internvl', 'internvl', 'shanghai-ai-lab'],
  ['kimi', 'kimi', 'moonshot'],
  ['moonshot', 'moonshot', 'moonshot'],
  ['minimax', 'minimax', 'minimax'],
  ['abab', 'abab', 'minimax'],
  ['nemotron', 'nemotron', 'nvidia'],
  ['granite', 'granite', 'ibm'],
  ['jamba', 'jamba', 'ai21'],
  ['stablelm', 'stablelm', 'stability'],
  ['hunyuan', 'hunyuan', 'tencent'],
  ['ernie', 'ernie', 'baidu'],
  ['doubao', 'doubao', 'bytedance'],
  ['smollm', 'smollm', 'huggingface'],
  ['dbrx', 'dbrx', 'databricks'],
  ['arctic', 'arctic', 'snowflake'],
  ['openelm', 'openelm', 'apple'],
  ['nova', 'nova', 'amazon'],
  ['mimo', 'mimo', 'xiaomi'],
  ['step', 'step', 'stepfun'],
].sort((a, b) => b[0].length - a[0].length) as [string, string, string][];

/** Hugging Face organisation → vendor. */
const ORGS: Record<string, string> = {
  'meta-llama': 'meta',
  facebook: 'meta',
  qwen: 'alibaba',
  google: 'google',
  mistralai: 'mistral',
  microsoft: 'microsoft',
  'deepseek-ai': 'deepseek',
  nvidia: 'nvidia',
  'ibm-granite': 'ibm',
  ibm: 'ibm',
  allenai: 'ai2',
  tiiuae: 'tii',
  cohereforai: 'cohere',
  coherelabs: 'cohere',
  '01-ai': '01-ai',
  thudm: 'zhipu',
  'zai-org': 'zhipu',
  internlm: 'shanghai-ai-lab',
  moonshotai: 'moonshot',
  minimaxai: 'minimax',
  'baichuan-inc': 'baichuan',
  openai: 'openai',
  'xai-org': 'xai',
  ai21labs: 'ai21',
  stabilityai: 'stability',
  huggingfacetb: 'huggingface',
  apple: 'apple',
  databricks: 'databricks',
  snowflake: 'snowflake',
  tencent: 'tencent',
  baidu: 'baidu',
  'bytedance-seed': 'bytedance',
  xiaomimimo: 'xiaomi',
  'stepfun-ai': 'stepfun',
  anthropic: 'anthropic',
};

const GENERIC = new Set([
  'instruct',
  'chat',
  'base',
  'it',
  'hf',
  'gguf',
  'awq',
  'gptq',
  'fp8',
  'fp16',
  'bf16',
  'int4',
  'int8',
  'model',
  'card',
  'modelcard',
  'readme',
  'release',
  'announcement',
  'blog',
  'post',
  'report',
  'technical',
  'tech',
  'paper',
  'system',
  'the',
  'a',
  'an',
  'and',
  'introducing',
  'announcing',
  'meet',
  'official',
  'final',
  'en',
  'zh',
  'md',
  'html',
  'pdf',
  'txt',
  'latest',
  'new',
  'our',
  'weights',
]);

const SIZE = /^(\d+(\.\d+)?[bmkt]|\d+x\d+(\.\d+)?b|a\d+(\.\d+)?b|\d+k|\d+m)$/i;

const slug = (s: string) =>
  s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}.]+/gu, '-')
    .replace(/^-+|-+$/g, '');

/** "Llama-3.1-8B-Instruct" → {family llama, model llama, version 3.1, vendor meta}. */
export function parseModelName(name: string, opts: { loose?: boolean } = {}): ParsedName | null {
  const s = slug(name.replace(/^.*\//, '')); // drop a HF org prefix
  if (!s) return null;
  let family: string | null = null;
  let vendor: string | null = null;
  let rest = s;
  // A known family, possibly after a brand word or two ("meta-llama-3", "通义千问-qwen2.5").
  const tokens = s.split('-');
  scan: for (let i = 0; i < Math.min(3, tokens.length); i++) {
    const cand = tokens.slice(i).join('-');
    for (const [prefix, canon, v] of FAMILIES) {
      if (!cand.startsWith(prefix)) continue;
      const after = cand.slice(prefix.length);
      // The family must end at a separator or a version digit ("qwen2", "llama-3", not "stepwise").
      if (after === '' || /^[-.]|^v?\d|^r\d/.test(after)) {
        family = canon;
        vendor = v;
        rest = after.replace(/^[-.]/, '');
        break scan;
      }
    }
  }
  if (!family) {
    // Unknown family: "<letters>[-]<version>…" ("Foo-2-7B", "Zeta3").
    const m = /^(\p{L}+(?:-\p{L}+)*?)-?(v?\d+(?:\.\d+)*[a-z]?)(?=$|-)(.*)$/u.exec(s);
    if (m && !SIZE.test(m[2]!)) {
      family = m[1]!;
      rest = `${m[2]}${m[3]}`;
    } else {
      // A bare name is a model name only with a size after it ("Orca-7B", "青云-13B") or when the
      // caller knows it names a model ("Introducing Nimbus", front matter `model:`).
      const b = /^(\p{L}[\p{L}\p{N}]*)(?:-(.*))?$/u.exec(s);
      if (!b) return null;
      const sized = (b[2] ?? '').split('-').some((w) => SIZE.test(w));
      if (!opts.loose && !sized) return null;
      if (GENERIC.has(b[1]!)) return null;
      family = b[1]!;
      rest = b[2] ?? '';
    }
  }
  let version: string | null = null;
  const vm = /^(v?\d+(?:\.\d+)*[a-z]?|r\d+)(?=$|-)/i.exec(rest);
  if (vm && !SIZE.test(vm[1]!)) {
    version = vm[1]!.toLowerCase();
    rest = rest.slice(vm[0].length).replace(/^-/, '');
  } else {
    // "Mixtral-8x7B-v0.1": a v-version after the size.
    const later = /(^|-)(v\d+(?:\.\d+)*)(?=$|-)/i.exec(rest);
    if (later) {
      version = later[2]!.toLowerCase();
      rest = rest.slice(0, later.index) + rest.slice(later.index + later[0].length);
    }
  }
  const variant = rest
    .split('-')
    .filter((w) => w && /^[a-z0-9.]+$/.test(w) && !SIZE.test(w) && !GENERIC.has(w) && !/^[\d.]+$/.test(w));
  // "gpt-4o" style: a version followed by nothing; "phi-3.5-mini": keep "mini".
  const model = [family, ...variant.slice(0, 2)].join('-');
  return { family, model, version, vendor };
}

export function vendorOfOrg(org: string): string {
  const k = org.toLowerCase();
  return ORGS[k] ?? slug(org);
}

/** YAML front matter at the start of a markdown text, or {}. */
export function readFrontMatter(text: string): Record<string, unknown> {
  const m = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return {};
  try {
    const v = parseYaml(m[1]!) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function firstTitle(text: string): string | undefined {
  const body = text.replace(/^\uFEFF?---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(\r?\n|$)/, '');
  const h1 = /^#[ \t]+(.+?)[ \t#]*$/m.exec(body);
  if (h1) return h1[1]!.trim();
  const t = /<title[^>]*>([^<]+)<\/title>/i.exec(body) ?? /<h1[^>]*>([\s\S]*?)<\/h1>/i.exec(body);
  if (t) return t[1]!.replace(/<[^>]+>/g, '').trim();
  return undefined;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** A date value (YAML string, Date, "July 23, 2024", "2024年7月23日") as YYYY-MM-DD, or null. */
export function normaliseDate(v: unknown): string | null {
  if (v instanceof Date && !Number.isNaN(v.getTime())) return v.toISOString().slice(0, 10);
  if (typeof v !== 'string') return null;
  const s = v.trim();
  let m =
    /^(\d{4})-(\d{1,2})-(\d{1,2})/.exec(s) ??
    /^(\d{4})\/(\d{1,2})\/(\d{1,2})/.exec(s) ??
    /(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/.exec(s);
  if (m) return valid(+m[1]!, +m[2]!, +m[3]!);
  m = /\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b/.exec(s);
  if (m) {
    const mon = MONTHS.indexOf(m[1]!.slice(0, 3).toLowerCase());
    if (mon >= 0) return valid(+m[3]!, mon + 1, +m[2]!);
  }
  m = /\b(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b/.exec(s);
  if (m) {
    const mon = MONTHS.indexOf(m[2]!.slice(0, 3).toLowerCase());
    if (mon >= 0) return valid(+m[3]!, mon + 1, +m[1]!);
  }
  return null;
}

function valid(y: number, mo: number, d: number): string | null {
  if (y < 1990 || y > 2100 || mo < 1 || mo > 12 || d < 1 || d > 31) return null;
  return `${y}-${pad(mo)}-${pad(d)}`;
}

const DATE_IN = [
  /\d{4}-\d{1,2}-\d{1,2}/,
  /\d{4}\/\d{1,2}\/\d{1,2}/,
  /\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日/u,
  /\b[A-Za-z]{3,9}\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b/,
  /\b\d{1,2}\s+[A-Za-z]{3,9}\.?,?\s+\d{4}\b/,
];

/** The first date after a "release date" / "published" / "发布" label, within the first 20,000 characters. */
function dateInText(text: string): string | null {
  const re = /(?:release[ds]?\b|released on|published|publication date|\bdate\b|发布(?:于|日期|时间)?)([^\n|]{0,40})/gi;
  for (const m of text.slice(0, 20000).matchAll(re)) {
    const window = m[1]!;
    let best: { at: number; d: string } | null = null;
    for (const dre of DATE_IN) {
      const dm = dre.exec(window);
      const d = dm ? normaliseDate(dm[0]) : null;
      if (dm && d && (!best || dm.index < best.at)) best = { at: dm.index, d };
    }
    if (best) return best.d;
  }
  return null;
}

const str = (v: unknown): string | undefined =>
  typeof v === 'string' && v.trim() ? v.trim() : typeof v === 'number' ? String(v) : undefined;

/** The model name in a title, and whether the title announces it ("Introducing X"). */
function titleName(title: string): { name: string; announced: boolean } | null {
  const prefix = /^(introducing|announcing|meet|say hello to|welcome|hello,?)\s+|^(推出|发布|介绍)\s*/iu;
  const announced = prefix.test(title.trim());
  let t = title.trim().replace(prefix, '');
  t = t.split(/[:：|–—(（,，]| - /u)[0]!.trim();
  t = t.replace(/\b(model card|technical report|tech report|release notes?|system card|announcement)\b.*$/i, '').trim();
  t = t.replace(/\s*(正式发布|发布|技术报告|模型卡)\s*$/u, '').trim();
  return t ? { name: t, announced } : null;
}

/** Best guess of vendor, model, release and date; null where nothing was found. */
export function detectRelease(input: DetectInput): Detected {
  const out: Detected = { vendor: null, model: null, release: null, date: null, from: {} };
  const set = (k: DetectField, v: string | null | undefined, from: string) => {
    if (v && out[k] === null) {
      out[k] = v;
      out.from[k] = from;
    }
  };
  const text = input.text ?? (input.bytes ? new TextDecoder('utf-8').decode(input.bytes.subarray(0, 200_000)) : '');
  const fm = input.frontMatter ?? readFrontMatter(text);
  const title = input.title ?? input.audit?.document.title ?? str(fm.title) ?? firstTitle(text);
  const source = input.source ?? input.audit?.document.source;

  const useName = (
    name: string | undefined | null,
    from: string,
    opts: { vendor?: boolean; version?: boolean; loose?: boolean } = {},
  ) => {
    if (!name) return;
    const p = parseModelName(name, { loose: opts.loose });
    if (!p) return;
    if (out.model === null) {
      set('model', p.model, from);
      if (opts.version !== false) set('release', p.version, from);
    } else if (out.model === p.model && opts.version !== false) {
      set('release', p.version, from);
    }
    if (opts.vendor !== false) set('vendor', p.vendor, `${from} (known family)`);
  };

  // 1. Explicit front matter.
  set(
    'vendor',
    str(fm.vendor) ?? str(fm.organization) ?? str(fm.organisation) ?? str(fm.developer) ?? str(fm.developers) ?? null,
    'front matter',
  );
  set('release', str(fm.release) ?? str(fm.version) ?? str(fm.model_version) ?? null, 'front matter');
  const fmModel = str(fm.model) ?? str(fm.model_name) ?? str(fm['model-name']);
  if (fmModel) useName(fmModel, 'front matter', { loose: true });
  for (const k of ['release_date', 'release-date', 'released', 'date', 'published', 'created'])
    set('date', normaliseDate(fm[k]), 'front matter');

  // 2. Hugging Face metadata.
  const mi = fm['model-index'] ?? fm.model_index;
  if (Array.isArray(mi) && mi[0] && typeof mi[0] === 'object')
    useName(str((mi[0] as Record<string, unknown>).name), 'model-index', { loose: true });

  // 3. Title, 4. file name.
  if (title) {
    const t = titleName(title);
    useName(t?.name, 'title', { loose: t?.announced });
  }
  if (source) {
    const base =
      source
        .replace(/[?#].*$/, '')
        .replace(/\/+$/, '')
        .split(/[\\/]/)
        .pop() ?? '';
    const stem = base.replace(/\.(md|markdown|txt|html?|pdf)$/i, '');
    const head = stem.includes('__') ? stem.split('__')[0]! : stem;
    useName(head, 'file name');
  }

  // 5. base_model and license: weaker hints.
  const base = fm.base_model;
  const baseName = Array.isArray(base) ? str(base[0]) : str(base);
  if (baseName) {
    if (baseName.includes('/')) set('vendor', vendorOfOrg(baseName.split('/')[0]!), 'base_model');
    useName(baseName, 'base_model');
  }
  const license = str(fm.license);
  if (license) {
    const p = parseModelName(license);
    if (p && FAMILIES.some(([, canon]) => canon === p.family)) {
      set('vendor', p.vendor, 'license');
      if (out.model === null || out.model === p.model) {
        set('model', p.model, 'license');
        set('release', p.version, 'license');
      }
    }
  }

  // 6. A date in the text.
  if (text) set('date', dateInText(text), 'text');
  if (out.vendor) out.vendor = vendorOfOrg(out.vendor);
  // A model named without a version: its release is its date, when known.
  if (out.model && !out.release && out.date) {
    out.release = out.date;
    out.from.release = `${out.from.date} (date)`;
  }
  return out;
}
