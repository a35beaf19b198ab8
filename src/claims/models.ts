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
}

export function compileModelLexicon(raw: { families?: string[]; tiers?: string[]; zh?: string[] } | undefined): ModelLexicon {
  const families = new Map<string, string>();
  for (const f of raw?.families ?? []) families.set(String(f).toLowerCase(), String(f));
  return {
    families,
    tiers: new Set((raw?.tiers ?? []).map((t) => String(t).toLowerCase())),
    zh: (raw?.zh ?? []).map(String),
  };
}

export interface Mention { name: string; start: number; end: number }

const WORD = /[A-Za-z0-9]+/g;
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

export function scanModels(text: string, lex: ModelLexicon): Mention[] {
  const toks: Array<{ t: string; s: number; e: number }> = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) toks.push({ t: m[0], s: m.index, e: m.index + m[0].length });
  const out: Mention[] = [];
  for (let i = 0; i < toks.length; i++) {
    const tk = toks[i];
    const fam = familyAt(tk.t, lex);
    let generic = false;
    if (!fam) {
      // "Orca-7B", "Dense-67B": a capitalised word followed by a size.
      const nx = toks[i + 1];
      if (!(nx && /^[A-Z][A-Za-z]+$/.test(tk.t) && SIZE.test(nx.t) && nx.s - tk.e === 1 && /[- ]/.test(text[tk.e]))) continue;
      generic = true;
    }
    let j = i + 1;
    let end = tk.e;
    while (j < toks.length && j - i <= 6) {
      const nx = toks[j];
      const sep = text.slice(end, nx.s);
      const lower = nx.t.toLowerCase();
      let ok = false;
      if (sep === '.') ok = /\d$/.test(text.slice(end - 1, end)) && /^\d/.test(nx.t);
      else if (sep === '-' || sep === '_') {
        ok = lex.tiers.has(lower) || VERSIONISH.test(nx.t) || SIZE.test(nx.t) || /^[A-Z][A-Z0-9]+$/.test(nx.t) || /^MoE$/i.test(nx.t);
      } else if (sep === ' ') {
        ok = (/^\d/.test(nx.t) && !/^(?:19|20)\d\d$/.test(nx.t)) || SIZE.test(nx.t) || (lex.tiers.has(lower) && /^[A-Z]/.test(nx.t) && lower.length > 1);
      }
      if (!ok) break;
      end = nx.e;
      j++;
    }
    if (generic && j === i + 1) continue;
    out.push({ name: text.slice(tk.s, end), start: tk.s, end });
    i = j - 1;
  }
  if (lex.zh.length && /[\u3400-\u9fff]/.test(text)) {
    for (const z of lex.zh) {
      let at = text.indexOf(z);
      while (at >= 0) { out.push({ name: z, start: at, end: at + z.length }); at = text.indexOf(z, at + z.length); }
    }
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}
