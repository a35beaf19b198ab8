/** `unsaid rubric show [file]` and `unsaid rubric check <file>`. */
import type { Rubric } from '../../rubric/types.js';
import { loadRubric } from '../../rubric/index.js';

export interface RubricShowOptions {
  json?: boolean;
  lang?: 'en' | 'zh';
}

function title(t: Partial<Record<'en' | 'zh', string>> & { en: string }, lang: 'en' | 'zh'): string {
  return t[lang] ?? t.en;
}

/** Ids, titles and weights of a rubric, by group. */
export function showRubric(r: Rubric, o: RubricShowOptions = {}): string {
  const lang = o.lang ?? 'en';
  if (o.json) {
    return (
      JSON.stringify(
        {
          id: r.id,
          version: r.version,
          origin: r.origin,
          scoring: r.scoring,
          indicators: r.indicators.map((i) => ({
            id: i.id,
            group: i.group,
            seed: i.seed,
            weight: i.weight,
            title: title(i.title, lang),
          })),
        },
        null,
        2,
      ) + '\n'
    );
  }
  const idW = Math.max(...r.indicators.map((i) => i.id.length), 2);
  const total = r.indicators.reduce((s, i) => s + i.weight, 0);
  const lines = [`rubric ${r.id} v${r.version} (${r.origin}): ${r.indicators.length} indicators, total weight ${total}`, ''];
  const groups = [...new Set(r.indicators.map((i) => i.group))];
  for (const g of groups) {
    lines.push(r.groups[g] ? title(r.groups[g], lang) : g);
    for (const i of r.indicators.filter((x) => x.group === g)) {
      const w = String(i.weight).padStart(3);
      lines.push(`  ${i.id.padEnd(idW)}  ${w}  ${i.seed ? '*' : ' '} ${title(i.title, lang)}`);
    }
    lines.push('');
  }
  lines.push('* seed indicator (among the first questions every reader asks)');
  return lines.join('\n') + '\n';
}

export function checkRubric(path: string): string {
  const r = loadRubric(path);
  const groups = new Set(r.indicators.map((i) => i.group)).size;
  return `${path}: ok (rubric ${r.id} v${r.version}, ${r.indicators.length} indicators in ${groups} groups)\n`;
}
