/**
 * Model-name mentions ("Qwen2.5-72B-Instruct", "Claude 3.5 Sonnet", "GPT-4o", "o1-mini", "Orca-7B").
 * A token scanner rather than one large regular expression: linear in the text and cheap enough to run
 * on every candidate sentence and table.
 */

export interface ModelLexicon {
  /** Lowercase family word → canonical spelling. */
  families: Map<string, string>;
  tiers: Set<string>;
  zh: string[];
  /** Families written in lower case ("davinci"): the only lower-case words worth a look. */
  lowerFamilies: Set<string>;
}

export function compileModelLexicon(raw: { families?: string[]; tiers?: string[]; zh?: string[] } | undefined): ModelLexicon {
  const families = new Map<string, string>();
  for (const f of raw?.families ?? []) families.set(String(f).toLowerCase(), String(f));
  return {
    families,
    tiers: new Set((raw?.tiers ?? []).map((t) => String(t).toLowerCase())),
    zh: (raw?.zh ?? []).map(String),
    lowerFamilies: new Set((raw?.families ?? []).map(String).filter((f) => /^[a-z]/.test(f) && !/^[a-z]\d$/.test(f))),
  };
}

export interface Mention { name: string; start: number; end: number }

const SIZE = /^(?:\d+(?:\.\d+)?[BMK]|A\d+(?:\.\d+)?B|\d+x\d+B)$/i;
const VERSIONISH = /^(?:[vVrRoO]\d[\w]*|\d[\w]*)$/;

const TRAILING_VERSION = /\d+[a-z]?$/;

function familyAt(tok: string, lex: ModelLexicon): string | null {
  const lower = tok.toLowerCase();
  let canon = lex.families.get(lower);
  if (!canon) {
    const base = lower.replace(TRAILING_VERSION, '');
    if (base === lower || !base) return null;
    canon = lex.families.get(base);
    if (!canon) return null;
  }
  if (/^[A-Z]{2,}$/.test(canon) || /^[a-z]\d$/.test(canon)) {
    if (!tok.startsWith(canon)) return null; // "GPT", "OPT", "o1" exactly as written
  } else if ((canon[0] === canon[0].toUpperCase()) !== (tok[0] === tok[0].toUpperCase())) {
    return null; // "Amber" vs "amber", "Orca" vs "orca"
  }
  return canon;
}

const START = /(?<![A-Za-z0-9])(?:[A-Z][A-Za-z0-9]*|o[134](?![A-Za-z0-9])|[a-z]+(?=[\d-]))/g;
const NEXT_WORD = /[A-Za-z0-9]+/y;
const HAN_SIZED = /[\u4e00-\u9fff]{2,6}-\d+(?:\.\d+)?[BMK](?![A-Za-z0-9])(?:-(?:Chat|Base|Instruct))?/g;

/** The word after a one-character separator at `at`, or null. */
function wordAfter(text: string, at: number): { sep: string; t: string; s: number; e: number } | null {
  const sep = text[at];
  if (sep !== '-' && sep !== '_' && sep !== '.' && sep !== ' ') return null;
  NEXT_WORD.lastIndex = at + 1;
  const w = NEXT_WORD.exec(text);
  return w ? { sep, t: w[0], s: at + 1, e: at + 1 + w[0].length } : null;
}

export function scanModels(text: string, lex: ModelLexicon): Mention[] {
  const out: Mention[] = [];
  START.lastIndex = 0;
  for (let m = START.exec(text); m; m = START.exec(text)) {
    const tok = m[0];
    const start = m.index;
    if (!(tok.charCodeAt(0) <= 90 || /^o[134]$/.test(tok) || lex.lowerFamilies.has(tok.replace(/\d+$/, '')))) continue;
    const fam = familyAt(tok, lex);
    let end = start + tok.length;
    if (!fam) {
      // "Orca-7B", "Dense-67B": a capitalised word followed by a size.
      const nx = wordAfter(text, end);
      if (!(nx && /^[A-Z][A-Za-z]+$/.test(tok) && nx.sep !== '.' && nx.sep !== '_' && SIZE.test(nx.t))) continue;
    }
    let parts = 0;
    while (parts < 6) {
      const nx = wordAfter(text, end);
      if (!nx) break;
      const lower = nx.t.toLowerCase();
      let ok = false;
      if (nx.sep === '.') ok = /\d$/.test(text.slice(end - 1, end)) && /^\d/.test(nx.t);
      else if (nx.sep === '-' || nx.sep === '_') {
        ok = lex.tiers.has(lower) || VERSIONISH.test(nx.t) || SIZE.test(nx.t) || /^[A-Z][A-Z0-9]+$/.test(nx.t) || /^MoE$/i.test(nx.t);
      } else {
        ok = (/^\d/.test(nx.t) && !/^(?:19|20)\d\d$/.test(nx.t)) || SIZE.test(nx.t) || (lex.tiers.has(lower) && /^[A-Z]/.test(nx.t) && lower.length > 1);
      }
      if (!ok) break;
      end = nx.e;
      parts++;
    }
    if (!fam && parts === 0) continue;
    out.push({ name: text.slice(start, end), start, end });
    START.lastIndex = end;
  }
  if (/[\u3400-\u9fff]/.test(text)) {
    // A Chinese name with a size: "青云-13B".
    HAN_SIZED.lastIndex = 0;
    for (const m of text.matchAll(HAN_SIZED)) out.push({ name: m[0], start: m.index ?? 0, end: (m.index ?? 0) + m[0].length });
    for (const z of lex.zh) {
      let at = text.indexOf(z);
      while (at >= 0) { out.push({ name: z, start: at, end: at + z.length }); at = text.indexOf(z, at + z.length); }
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}
