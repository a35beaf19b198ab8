/**
 * The transparency score.
 *
 *   value   = Σ over rubric indicators of  weight(i) × scoring[status(i)]
 *   max     = Σ over rubric indicators of  weight(i)
 *   percent = round(100 × value / max, 1 decimal)        (0 when max is 0)
 *
 * status(i) is the human review status when the finding has one (`finding.review.status`), else the
 * machine status. An indicator with no finding counts as absent; findings whose id is not in the
 * rubric are ignored. With the default scoring {disclosed: 1, partial: 0.5, absent: 0} a partial
 * answer earns half the indicator's weight. `max` assumes `scoring.disclosed` is 1 (full marks); a
 * rubric that scores disclosed higher can exceed 100%, one that scores it lower cannot reach it.
 * value and max are rounded to 3 decimals to keep binary floating-point noise out of the output.
 * See docs/scoring.md.
 */
import type { Finding, Status } from '../types.js';
import type { Rubric } from '../rubric/types.js';

export interface Score {
  value: number;
  max: number;
  percent: number;
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  const r = Math.round((x + Number.EPSILON * Math.sign(x)) * f) / f;
  return Object.is(r, -0) ? 0 : r;
}

export function computeScore(findings: Finding[], rubric: Rubric): Score {
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);
  let value = 0;
  let max = 0;
  const counted = new Set<string>();
  for (const indicator of rubric.indicators) {
    if (counted.has(indicator.id)) continue;
    counted.add(indicator.id);
    const weight = Number.isFinite(indicator.weight) ? indicator.weight : 0;
    const f = byId.get(indicator.id);
    const status: Status = f ? (f.review?.status ?? f.status) : 'absent';
    const points = rubric.scoring[status];
    value += weight * (Number.isFinite(points) ? points : 0);
    max += weight;
  }
  const percent = max > 0 ? round((100 * value) / max, 1) : 0;
  return { value: round(value, 3), max: round(max, 3), percent };
}
