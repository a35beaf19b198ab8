/**
 * A claim's kind (performance, speed, cost, efficiency, safety, superiority, scale, other) from its
 * topic terms and claim language, in the precedence order of the rules (`kindOrder`).
 */
import type { ClaimKind } from '../types.js';
import type { ClaimRules } from './rules.js';
import type { ModelKeyFull } from './context.js';

export interface KindInput {
  groups: Set<string>;
  topics: Map<ClaimKind, number>;
  models: ModelKeyFull[];
  /** The claim's text (for the dimension phrases: "in terms of safety", "在安全性方面"). */
  text?: string;
}

const COMPARATIVE_GROUPS = ['superlative', 'comparative', 'parity'];

export function kindOf(c: KindInput, rules: ClaimRules): ClaimKind {
  const comparative = COMPARATIVE_GROUPS.some((g) => c.groups.has(g));
  const hits = c.topics;
  // A comparison "in terms of safety" is a safety claim, whatever else it compares.
  if (c.text) for (const [k, re] of rules.dimensions) if ((hits.get(k) ?? 0) > 0 && re.test(c.text)) return k;
  for (const k of rules.kindOrder) {
    switch (k) {
      case 'safety':
      case 'speed':
      case 'cost':
      case 'efficiency': {
        const n = hits.get(k) ?? 0;
        if (!n) break;
        // A passing mention ("with the speed and cost of") does not beat an explicit comparison.
        if (comparative && n < 2 && !c.groups.has('multiplier') && !c.groups.has('percent') && c.groups.has('capability')) break;
        // Speed named more often than memory or efficiency ("2.5x faster TTFT, less memory pressure"): speed.
        if (k === 'efficiency' && (hits.get('speed') ?? 0) > n) break;
        return k;
      }
      case 'superiority':
        if (c.groups.has('superlative') || c.groups.has('comparative') || c.groups.has('parity')) return 'superiority';
        break;
      case 'scale':
        // "Handles 128K contexts flawlessly" is a performance claim at a scale, not a scale claim.
        if ((hits.get('scale') ?? 0) > 0 && (c.groups.has('quantity') || c.groups.has('extent')) && !c.groups.has('evaluative')) return 'scale';
        break;
      case 'performance':
        if (['improvement', 'evaluative', 'score', 'capability', 'percent', 'multiplier'].some((g) => c.groups.has(g))) return 'performance';
        break;
      case 'other':
        if ((hits.get('other') ?? 0) > 0 && !comparative) return 'other';
        break;
    }
  }
  if (['improvement', 'evaluative', 'score', 'capability', 'percent', 'multiplier'].some((g) => c.groups.has(g))) return 'performance';
  return 'other';
}

