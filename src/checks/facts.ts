/**
 * Fact extraction: concrete values stated in a sentence, with normalised units.
 * Each extractor reads a sentence's plain text and returns values; the engine keeps the sentence as
 * the fact's evidence. Lexicons (licences, accelerators, languages, datasets) are data files.
 */
import { loadData } from '../data.js';
import type { FactValue, Sentence } from '../types.js';

export interface FactHit {
  fact: string;
  value: FactValue;
}

interface Lexicon {
  licenses: Array<{ spdx: string; patterns: string[] }>;
  accelerators: string[];
  languages: Record<string, string[]>;
  datasets: string[];
  datasetContext: string;
  notCorpusTokens: string;
  releaseContext: string;
  notReleaseContext: string;
  codeLicenseContext?: string;
  modelLicenseContext?: string;
}

let lex:
  | {
      licenses: Array<{ spdx: string; re: RegExp }>;
      accel: RegExp;
      languages: Array<[string, RegExp]>;
      datasets: RegExp;
      datasetsGlobal: RegExp;
      datasetContext: RegExp;
      releaseContext: RegExp;
      notReleaseContext: RegExp;
      codeLicenseContext: RegExp | null;
      modelLicenseContext: RegExp | null;
      /** Gates (necessary conditions, see extractFacts): any licence pattern, language or dataset name. */
      anyLicense: RegExp | null;
      anyLanguage: RegExp;
      anyDataset: RegExp;
      notCorpusTokens: RegExp;
    }
  | undefined;

function lexicon() {
  if (lex) return lex;
  const raw = loadData('lexicon/facts.yaml') as Lexicon;
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const languageNames = Object.values(raw.languages).flat();
  let anyLicense: RegExp | null = null;
  try {
    anyLicense = new RegExp(raw.licenses.flatMap((l) => l.patterns.map((p) => `(?:${p})`)).join('|'), 'iu');
  } catch {
    // A pattern that only works on its own (none today): no gate, every licence regex runs.
  }
  const datasets = new RegExp(`(^|[^A-Za-z0-9])(${raw.datasets.map(esc).join('|')})(?![A-Za-z0-9])`, 'iu');
  lex = {
    licenses: raw.licenses.map((l) => ({ spdx: l.spdx, re: new RegExp(l.patterns.join('|'), 'iu') })),
    accel: new RegExp(`\\b(${raw.accelerators.map(esc).join('|')})\\b`, 'i'), // no 'u': case-insensitive unicode regexes are several times slower
    languages: Object.entries(raw.languages).map(([code, names]) => [code, new RegExp(`(^|[^A-Za-z])(${names.map(esc).join('|')})(?![A-Za-z])`, 'iu')]),
    datasets,
    datasetsGlobal: new RegExp(datasets.source, 'giu'),
    anyLicense,
    anyLanguage: new RegExp(`(^|[^A-Za-z])(${languageNames.map(esc).join('|')})(?![A-Za-z])`, 'iu'),
    anyDataset: new RegExp(raw.datasets.map(esc).join('|'), 'iu'),
    datasetContext: new RegExp(raw.datasetContext, 'iu'),
    releaseContext: new RegExp(raw.releaseContext, 'iu'),
    notReleaseContext: new RegExp(raw.notReleaseContext, 'iu'),
    notCorpusTokens: new RegExp(`${raw.notCorpusTokens}$`, 'iu'),
    codeLicenseContext: raw.codeLicenseContext ? new RegExp(raw.codeLicenseContext, 'iu') : null,
    modelLicenseContext: raw.modelLicenseContext ? new RegExp(raw.modelLicenseContext, 'iu') : null,
  };
  return lex;
}

const SCALE: Record<string, number> = {
  k: 1e3, K: 1e3, thousand: 1e3, m: 1e6, M: 1e6, million: 1e6, b: 1e9, B: 1e9, billion: 1e9, t: 1e12, T: 1e12, trillion: 1e12,
  万: 1e4, 亿: 1e8, 千亿: 1e11, 万亿: 1e12,
};

function num(s: string): number {
  return Number(s.replace(/,/g, ''));
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function isoMonth(monthName: string, year: string): string {
  const m = MONTHS.indexOf(monthName.slice(0, 3).toLowerCase()) + 1;
  return `${year}-${String(m).padStart(2, '0')}`;
}

const RE = {
  params: /(\d+(?:\.\d+)?)\s*(billion|million|trillion|[BMT]|亿|千亿|万亿)\s*(?:total\s+|active\s+|activated\s+|的|个)?\s*(?:parameters|params|参数)/giu,
  paramsActive: /(\d+(?:\.\d+)?)\s*(billion|million|[BM]|亿)\s*(?:active|activated|激活)\s*(?:parameters|params|参数)?|(?:active|activated|激活)\s*(?:parameters|params|参数)?\s*(?:of|为|:|：)?\s*(\d+(?:\.\d+)?)\s*(billion|million|[BM]|亿)/iu,
  paramsRow: /(?:#?\s*(?:total\s+)?param(?:eter)?s|参数量|参数规模|model size)\s*\|\s*([^|]*\d[^|]*)\|/iu,
  tokens: /(\d+(?:[.,]\d+)?)\s*(trillion|billion|million|[TBM]|万亿|千亿|亿)\s*(?:high-quality\s+|multilingual\s+|bilingual\s+|training\s+|of\s+|中英文?|多语言)?(?:tokens?|词元|token|标识符)/iu,
  context: /(?:context|sequence|上下文|序列)[^|.。]{0,30}?(\d+(?:\.\d+)?)\s*([kKM])\b|(\d+(?:\.\d+)?)\s*([kKM])\s*(?:tokens?\s*)?(?:context|token context|-token context|上下文)|(?:context|sequence)\s+(?:length|window)\s+(?:of\s+)?(\d{3,7})\s*tokens?/iu,
  contextRow: /(?:context length|context window|max(?:imum)? length|上下文长度|序列长度)\s*\|\s*([^|]*\d[^|]*)\|/iu,
  cutoffEn: /(?:cut-?off|freshness|up to|through|until|as of)\W+(?:date\s+)?(?:of\s+|is\s+|was\s+)?(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)\.?\s+(\d{4})/iu,
  cutoffZh: /(?:截止|截至)(?:到|于|日期为)?\s*(\d{4})\s*年\s*(\d{1,2})?\s*月?/u,
  cutoffIso: /cut-?off[^.\d]{0,30}(\d{4})[-/](\d{1,2})/iu,
  gpuHours: /(\d+(?:[.,]\d+)?)\s*([KMB]|thousand|million|万)?\s*(?:(?:[A-Z]\d{2,4}(?:-\d+GB)?\s+)?GPU|TPU|H800|H100|A100)[- ]?hours?/iu,
  gpuHoursZh: /(\d+(?:\.\d+)?)\s*(万|亿)?\s*(?:GPU|卡)\s*(?:小时|时)/u,
  flops: /(\d+(?:\.\d+)?)\s*(?:[x×]\s*10\^?\s*|e\+?)(\d{1,2})\s*(?:training\s+)?FLOPs?/iu,
  co2: /(\d+(?:[.,]\d+)?)\s*(t|tons?|tonnes?|kg)\s*(?:of\s+)?CO2(?:eq|e)?/iu,
  co2b: /(\d+(?:[.,]\d+)?)\s*tCO2(?:eq|e)?/iu,
  energy: /(\d+(?:[.,]\d+)?)\s*(kWh|MWh|GWh)\b/iu,
  accelCount: /(\d[\d,]*)\s*(?:x\s*|张|块|台|个|片|颗)?\s*(?:NVIDIA\s+|英伟达\s*)?(A100|H100|H800|A800|V100|H20|B200|GB200|TPU\s?v\d\w*|Ascend\s?\d+\w*|GPUs)\b|(A100|H100|H800|A800|V100)\s*(?:GPUs?)?\s*[x×]\s*(\d+)/iu,
  dateIso: /\b((?:19|20)\d{2})[-./](0?[1-9]|1[0-2])(?:[-./](\d{1,2}))?\b/u,
  dateEn: /\b(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+(?:(\d{1,2})(?:st|nd|rd|th)?,?\s+)?((?:19|20)\d{2})\b/iu,
  /** A line that is only a date (a post's dateline): "Jul 11, 2023", "2024-06-21", "2024年6月21日". */
  dateLine: /^\W*(?:(?:january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+(?:19|20)\d{2}|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}|(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日)\W*$/iu,
  dateZh: /((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月(?:\s*(\d{1,2})\s*日)?/u,
  layers: /(\d{1,3})\s+(?:transformer\s+)?layers\b|(?:layers|n_layers|层数)\s*\|?\s*[:=|]?\s*(\d{1,3})\b|(\d{1,3})\s*层/iu,
  heads: /(\d{1,3})\s+attention heads|(?:attention heads|n_heads|注意力头数)\s*\|?\s*[:=|]?\s*(\d{1,3})\b/iu,
  vocab: /vocab(?:ulary)?(?:\s+size)?\s*(?:of|:|=|\|)?\s*(\d[\d,.]*\s*[kK]?)|词表(?:大小)?\s*(?:为|:|：|\|)?\s*(\d[\d,.]*\s*[kK万]?)/iu,
  modalities: /\b(text|image|images|audio|speech|video)\b/giu,
};

function scaled(n: string, unit: string): number {
  return Math.round(num(n) * (SCALE[unit] ?? SCALE[unit.toLowerCase()] ?? 1));
}

function contextValue(n: string, unit?: string): number {
  const v = num(n);
  if (!unit) return v;
  if (unit === 'M') return v * 1024 * 1024;
  return v * 1024; // "32K" context windows are binary thousands in practice (32K = 32768)
}

/*
 * Gates: each is a word that a pattern of RE cannot match without (with the same flags), tested first
 * because a failed plain-word search is far cheaper than a failed search for a long pattern. A gate
 * never changes a result: when it fails, the pattern could not have matched.
 */
const GATE = {
  param: /param|参数/iu, // RE.params, and the "sizes in a sentence about parameters" rule
  active: /activ|激活/iu, // RE.paramsActive
  token: /token|词元|标识符/iu, // RE.tokens
  context: /context|sequence|上下文|序列/iu, // RE.context
  cutoffEn: /cut-?off|freshness|up to|through|until|as of/iu, // RE.cutoffEn
  cutoffZh: /截止|截至/u, // RE.cutoffZh
  cutoff: /cut-?off/iu, // RE.cutoffIso
  hour: /hour/iu, // RE.gpuHours
  hourZh: /时/u, // RE.gpuHoursZh
  flop: /flop/iu, // RE.flops
  co2: /co2/iu, // RE.co2, RE.co2b
  wh: /wh/iu, // RE.energy
  accel: /a100|h100|h800|a800|v100|h20|b200|tpu|ascend|gpus/iu, // RE.accelCount
  layer: /layer|层/iu, // RE.layers
  heads: /heads|头数/iu, // RE.heads
  vocab: /vocab|词表/iu, // RE.vocab
  year: /(?:19|20)\d\d/u, // RE.dateIso, RE.dateEn, RE.dateZh
};

/** Facts stated in one sentence. */
export function extractFacts(s: Sentence): FactHit[] {
  const t = s.text;
  const out: FactHit[] = [];
  const L = lexicon();
  if (/\d/.test(t)) {
    const params: number[] = [];
    const aboutParams = GATE.param.test(t);
    if (aboutParams) for (const m of t.matchAll(RE.params)) params.push(scaled(m[1], m[2]));
    const row = !params.length && s.kind === 'table-row' ? RE.paramsRow.exec(t) : null;
    if (row) params.push(...[...row[1].matchAll(/(\d+(?:\.\d+)?)\s*([BMT])\b/g)].map((m) => scaled(m[1], m[2])));
    // "from 7 billion to 70 billion parameters", "parameter sizes — 7B, 13B, and 70B": every size in a
    // sentence about parameters counts.
    if (s.kind !== 'table-row' && aboutParams) {
      for (const m of t.matchAll(/(?<![\w.-])(\d+(?:\.\d+)?)\s*(billion|million|trillion|[BMT]|亿)(?![\w])(?!\s*(?:high-quality\s+|training\s+)?(?:tokens?|words|examples|documents|samples|images|hours|词元|字|条))/giu)) params.push(scaled(m[1], m[2]));
    }
    if (params.length) out.push({ fact: 'parameters', value: [...new Set(params)].sort((x, y) => x - y) });
    const act = GATE.active.test(t) ? RE.paramsActive.exec(t) : null;
    if (act) out.push({ fact: 'activeParameters', value: act[1] ? scaled(act[1], act[2]) : scaled(act[3], act[4]) });
    const tok = GATE.token.test(t) ? RE.tokens.exec(t) : null;
    // "a global batch size of 4M tokens" or "a context of 128K tokens" is not the training data's size.
    if (tok && !L.notCorpusTokens.test(t.slice(0, tok.index))) {
      out.push({ fact: 'trainingTokens', value: scaled(tok[1], tok[2]) });
    }
    const ctx = GATE.context.test(t) ? RE.context.exec(t) : null;
    if (ctx) {
      const v = ctx[1] ? contextValue(ctx[1], ctx[2]) : ctx[3] ? contextValue(ctx[3], ctx[4]) : num(ctx[5]);
      if (v >= 256) out.push({ fact: 'contextLength', value: v });
    } else if (s.kind === 'table-row') {
      const r = RE.contextRow.exec(t);
      if (r) {
        const vals = [...r[1].matchAll(/(\d+(?:\.\d+)?)\s*([kKM])?/g)].map((m) => contextValue(m[1], m[2])).filter((v) => v >= 256);
        if (vals.length) out.push({ fact: 'contextLength', value: Math.max(...vals) });
      }
    }
    const cut = GATE.cutoffEn.test(t) && /cut-?off|freshness|data|knowledge|trained/i.test(t) ? RE.cutoffEn.exec(t) : null;
    if (cut) out.push({ fact: 'cutoff', value: isoMonth(cut[1], cut[2]) });
    else {
      const cz = GATE.cutoffZh.test(t) ? RE.cutoffZh.exec(t) : null;
      if (cz) out.push({ fact: 'cutoff', value: cz[2] ? `${cz[1]}-${cz[2].padStart(2, '0')}` : cz[1] });
      else {
        const ci = GATE.cutoff.test(t) ? RE.cutoffIso.exec(t) : null;
        if (ci) out.push({ fact: 'cutoff', value: `${ci[1]}-${ci[2].padStart(2, '0')}` });
      }
    }
    const gh = (GATE.hour.test(t) ? RE.gpuHours.exec(t) : null) ?? (GATE.hourZh.test(t) ? RE.gpuHoursZh.exec(t) : null);
    if (gh) out.push({ fact: 'gpuHours', value: scaled(gh[1], gh[2] ?? '') });
    const fl = GATE.flop.test(t) ? RE.flops.exec(t) : null;
    if (fl) out.push({ fact: 'flops', value: Number(`${fl[1]}e${fl[2]}`) });
    const co2 = GATE.co2.test(t);
    const co = co2 ? RE.co2.exec(t) : null;
    if (co) out.push({ fact: 'co2Tonnes', value: co[2].toLowerCase() === 'kg' ? num(co[1]) / 1000 : num(co[1]) });
    else {
      const cb = co2 ? RE.co2b.exec(t) : null;
      if (cb) out.push({ fact: 'co2Tonnes', value: num(cb[1]) });
    }
    const en = GATE.wh.test(t) ? RE.energy.exec(t) : null;
    if (en) out.push({ fact: 'energyKWh', value: num(en[1]) * ({ kwh: 1, mwh: 1e3, gwh: 1e6 }[en[2].toLowerCase()] ?? 1) });
    const ac = GATE.accel.test(t) ? RE.accelCount.exec(t) : null;
    if (ac) {
      const count = num(ac[1] ?? ac[4]);
      const type = (ac[2] ?? ac[3]).replace(/\s+/g, ' ');
      if (count > 1) out.push({ fact: 'acceleratorCount', value: count });
      if (!/^gpus$/i.test(type)) out.push({ fact: 'accelerator', value: type.toUpperCase() });
    }
    // The type without a count ("for 21 days on H100 GPUs", "512 GPUs (H100)").
    if (!out.some((f) => f.fact === 'accelerator')) {
      const a2 = L.accel.exec(t);
      if (a2) out.push({ fact: 'accelerator', value: a2[1].toUpperCase() });
    }
    const la = GATE.layer.test(t) ? RE.layers.exec(t) : null;
    if (la) out.push({ fact: 'layers', value: Number(la[1] ?? la[2] ?? la[3]) });
    const he = GATE.heads.test(t) ? RE.heads.exec(t) : null;
    if (he) out.push({ fact: 'attentionHeads', value: Number(he[1] ?? he[2]) });
    const vo = GATE.vocab.test(t) ? RE.vocab.exec(t) : null;
    if (vo) {
      const raw = (vo[1] ?? vo[2]).trim();
      const v = /[kK]$/.test(raw) ? num(raw.slice(0, -1)) * 1000 : /万$/.test(raw) ? num(raw.slice(0, -1)) * 1e4 : num(raw);
      if (v >= 1000) out.push({ fact: 'vocabSize', value: Math.round(v) });
    }
    const year = GATE.year.test(t);
    const d = year ? RE.dateIso.exec(t) : null;
    const de = year ? RE.dateEn.exec(t) : null;
    const dz = year ? RE.dateZh.exec(t) : null;
    let date: string | undefined;
    if (de) date = isoMonth(de[1], de[3]) + (de[2] ? `-${de[2].padStart(2, '0')}` : '');
    else if (dz) date = `${dz[1]}-${dz[2].padStart(2, '0')}` + (dz[3] ? `-${dz[3].padStart(2, '0')}` : '');
    else if (d) date = `${d[1]}-${d[2].padStart(2, '0')}` + (d[3] ? `-${d[3].padStart(2, '0')}` : '');
    if (date) {
      out.push({ fact: 'date', value: date });
      // A date the sentence calls the release date, or a post's dateline near the top, is the release
      // date (not a knowledge cutoff, a training period or a news item's date).
      const aboutRelease = L.releaseContext.test(t) && !L.notReleaseContext.test(t);
      if (aboutRelease || (s.i < 15 && RE.dateLine.test(t))) out.push({ fact: 'releaseDate', value: date });
    }
  } else {
    const ac = L.accel.exec(t);
    if (ac) out.push({ fact: 'accelerator', value: ac[1].toUpperCase() });
  }
  if (!L.anyLicense || L.anyLicense.test(t)) {
    const lic = modelLicense(t, L);
    if (lic) out.push({ fact: 'license', value: lic });
  }
  const langs = L.anyLanguage.test(t) ? L.languages.filter(([, re]) => re.test(t)).map(([code]) => code) : [];
  if (langs.length) out.push({ fact: 'languages', value: langs });
  // Dataset names inside URLs ("github.com/...") name a host, not a training source, and a name counts
  // only in a sentence about data ("our GitHub repository" is not).
  // (Gate: removing URLs only blanks characters, never joins a name, so a name must be in t as it is.)
  const ds = L.anyDataset.test(t) && L.datasetContext.test(t) ? t.replace(/\b(?:https?:\/\/|www\.)\S+|\b[\w-]+\.(?:com|org|io|ai|cn|net)\b\S*/giu, ' ').match(L.datasetsGlobal) : null;
  if (ds) out.push({ fact: 'datasets', value: [...new Set(ds.map((x) => x.replace(/^[^A-Za-z0-9]/, '').trim()))] });
  const mods = /\b(input|output|modalit|multimodal|accepts|generates?)\w*/i.test(t) || /(输入|输出|模态)/.test(t) ? [...new Set([...t.matchAll(RE.modalities)].map((m) => normModality(m[1])))] : [];
  if (mods.length) out.push({ fact: 'modalities', value: mods });
  return out;
}

/**
 * The first licence in a sentence that is not only the code's ("The code is licensed under Apache-2.0;
 * the weights are under the Model License": the model's licence is not Apache-2.0). A licence counts as
 * the code's when the clause before it names code or a repository and no model or weights.
 */
function modelLicense(t: string, L: ReturnType<typeof lexicon>): string | null {
  for (const l of L.licenses) {
    const m = l.re.exec(t);
    if (!m) continue;
    if (L.codeLicenseContext && L.modelLicenseContext) {
      const before = t.slice(Math.max(0, m.index - 120), m.index);
      const clause = before.slice(Math.max(before.lastIndexOf('，'), before.lastIndexOf('；'), before.lastIndexOf('。'), before.lastIndexOf('; '), before.lastIndexOf(', '), before.lastIndexOf('. ')) + 1);
      if (L.codeLicenseContext.test(clause) && !L.modelLicenseContext.test(clause)) continue;
    }
    return l.spdx;
  }
  return null;
}

function normModality(m: string): string {
  const x = m.toLowerCase();
  if (x === 'images') return 'image';
  if (x === 'speech') return 'audio';
  return x;
}

/** Front-matter metadata (Hugging Face card fields) as facts. */
export function frontMatterFacts(fm: Record<string, unknown>): FactHit[] {
  const out: FactHit[] = [];
  const L = lexicon();
  const lic = fm.license ?? fm.licence;
  if (typeof lic === 'string' && lic.trim()) {
    const hit = L.licenses.find((l) => l.re.test(lic) || l.spdx.toLowerCase() === lic.toLowerCase());
    out.push({ fact: 'license', value: hit ? hit.spdx : lic.trim() });
  }
  const lang = fm.language ?? fm.languages;
  if (typeof lang === 'string') out.push({ fact: 'languages', value: [lang] });
  else if (Array.isArray(lang)) out.push({ fact: 'languages', value: lang.map(String) });
  const ds = fm.datasets;
  if (Array.isArray(ds) && ds.length) out.push({ fact: 'datasets', value: ds.map(String) });
  else if (typeof ds === 'string') out.push({ fact: 'datasets', value: [ds] });
  if (typeof fm.base_model === 'string' || Array.isArray(fm.base_model)) out.push({ fact: 'baseModel', value: ([] as unknown[]).concat(fm.base_model).map(String) });
  if (typeof fm.pipeline_tag === 'string') out.push({ fact: 'pipelineTag', value: fm.pipeline_tag });
  const date = fm.date ?? fm.release_date;
  if (typeof date === 'string' && /\d{4}-\d{2}/.test(date)) out.push({ fact: 'releaseDate', value: date.slice(0, 10) });
  else if (date instanceof Date) out.push({ fact: 'releaseDate', value: date.toISOString().slice(0, 10) });
  return out;
}
