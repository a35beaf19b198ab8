/**
 * Numbers in a claim: which are measurements (a score, a size, a memory figure, a speed, a price) and
 * which are only deltas or ratios ("by 42%", "2x", "65% less", "提升了 42%"), counts ("7 of 10 tasks")
 * or parts of names ("Claude 3.5", "Qwen2-72B").
 * A relative claim backed only by its own delta has no numbers: the referent is missing.
 */
import type { ClaimKind } from '../types.js';

export type NumberClass = 'score' | 'size' | 'memory' | 'speed' | 'money';

export interface NumberFacts {
  /** Measurements by class. */
  measured: Record<NumberClass, number>;
  /** Deltas and ratios. */
  relative: number;
  /** Percentile ranks ("the 90th percentile"): a score that is itself a comparison with a population. */
  percentile: number;
}

const RELATIVE_BEFORE = /(?:\bby|increas\w*|decreas\w*|reduc\w*|sav\w*|boost\w*|improv\w*|cut\w*|\+|↑|↓|提升了?|提高了?|降低了?|减少了?|增加了?|节省了?|加速|提速|的)\s*(?:over |about |around |approximately |roughly |nearly |almost |up to |to |了\s*)?$/i;
const RELATIVE_AFTER = /^\s*(?:%\s*)?(?:less|more|fewer|faster|slower|better|worse|lower|higher|cheaper|smaller|larger|decrease|increase|improvement|speed-?up|reduction|gain|of (?:the|its)\b|的(?:提速|提升|加速|降低)|提升|加速|降低|减少|以上的提升)/i;
const SCORE_BEFORE = /(?:scor\w*|accuracy|pass@\d+|rate|reach\w*|achiev\w*|attain\w*|from|to|of|at|with|:|=|（|\(|得分|平均分|准确率|达到|取得了?|为|从|到)\s*(?:an? |about |around |approximately |over |above |nearly |just |only )?$/i;
/** Words right before a number that make it a version or a length (claims rules data). */
export interface NumberContext {
  versionBefore: RegExp;
  lengthBefore: RegExp;
}
const NO_CONTEXT: NumberContext = { versionBefore: /(?!)/, lengthBefore: /(?!)/ };
const NUMBER = /(?<![\w.])(\d+(?:[.,]\d+)*)(\s?)(%|[x×](?![a-z])|times\b|倍|[KMBT]\b|k\b|GB\b|GiB\b|MB\b|G\b|tokens?\/s|tok\/s|trillion\b|billion\b|million\b|tokens?\b|words?\b|languages?\b|parameters?\b|TFLOPS\b|ms\b|分|个百分点|percentage points?|points?\b|万亿|亿|万|美元|元|种语言)?/g;

/**
 * Classify the numbers of a text. `mask` spans (model names) are ignored.
 */
export function analyseNumbers(text: string, mask: Array<{ start: number; end: number }> = [], ctx: NumberContext = NO_CONTEXT): NumberFacts {
  const measured: Record<NumberClass, number> = { score: 0, size: 0, memory: 0, speed: 0, money: 0 };
  let relative = 0;
  let percentile = 0;
  NUMBER.lastIndex = 0;
  for (const m of text.matchAll(NUMBER)) {
    const at = m.index ?? 0;
    if (mask.some((k) => at >= k.start && at < k.end)) continue;
    const raw = m[1];
    const unit = (m[3] ?? '').toLowerCase();
    const before = text.slice(Math.max(0, at - 24), at);
    const after = text.slice(at + m[0].length, at + m[0].length + 30);
    // Years, dates, versions, list numbering and parts of names are not measurements.
    if (/^(?:19|20)\d\d$/.test(raw) && !unit) continue;
    // A dotted date ("2025.06.06", "2024.1") is a date, not a score with decimals.
    if (/^(?:19|20)\d\d[.,]\d{1,2}(?:[.,]\d{1,2})?$/.test(raw) && !unit) continue;
    if (/[-/.]$/.test(before) && !unit) continue;
    if (/^[-./]\d/.test(after)) continue;
    if (/[A-Za-z]-?$/.test(before) && !/\s$/.test(before) && !unit) continue;
    if (/^\s*(?:项|个|种|款|of\s+(?:the\s+)?\d+|out of|\/\s*\d)/i.test(after) && !unit) continue; // counts: "7 of 10"
    // A version number ("版本从2.1升级至2.5", "version 2.1 to 2.5") is a name, not a score.
    if (!unit && ctx.versionBefore.test(before)) continue;
    // A bare number after a length word ("最大长度为4096", "a context window of 32768") is a length.
    if (!unit && ctx.lengthBefore.test(before)) { measured.size++; continue; }
    if (unit === 'x' || unit === '×' || unit === 'times' || unit === '倍') { relative++; continue; }
    if (RELATIVE_BEFORE.test(before) || RELATIVE_AFTER.test(after)) { relative++; continue; }
    if (unit === '$' || unit === '美元' || unit === '元' || /\$\s*$/.test(before)) { measured.money++; continue; }
    if (unit === 'gb' || unit === 'gib' || unit === 'mb' || unit === 'g') { measured.memory++; continue; }
    if (unit === 'tokens/s' || unit === 'token/s' || unit === 'tok/s' || unit === 'tflops' || unit === 'ms') { measured.speed++; continue; }
    if (/^[kmbt]$/.test(unit) || /^(?:trillion|billion|million|tokens?|words?|languages?|parameters?|万亿|亿|万|种语言)$/.test(unit)) { measured.size++; continue; }
    if (unit === '%' || unit === '分' || unit === '个百分点' || unit.startsWith('percentage') || unit.startsWith('point')) { measured.score++; continue; }
    // A percentile rank ("above the 90th percentile") is a score.
    if (/^(?:st|nd|rd|th)\s+percentile/i.test(after)) { measured.score++; percentile++; continue; }
    // A bare number: a score when it has decimals or follows score words; otherwise a count.
    if (/[.,]\d/.test(raw) || SCORE_BEFORE.test(before)) measured.score++;
  }
  return { measured, relative, percentile };
}

/** Measurements that can back a claim of this kind (a context length does not back a benchmark claim). */
export function measuredFor(kind: ClaimKind, n: NumberFacts): number {
  const m = n.measured;
  switch (kind) {
    case 'performance':
    case 'superiority':
    case 'safety':
      return m.score;
    case 'speed':
      return m.speed + m.score;
    case 'efficiency':
      return m.memory + m.score + m.speed + m.size;
    case 'cost':
      return m.money + m.score;
    case 'scale':
      return m.size + m.memory;
    default:
      return m.score + m.size + m.memory + m.speed + m.money;
  }
}

export function anyMeasured(n: NumberFacts): number {
  const m = n.measured;
  return m.score + m.size + m.memory + m.speed + m.money;
}
