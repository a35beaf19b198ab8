/**
 * What the document did not say: one gap per absent or partial indicator and one question per gap,
 * in the document's language. Seed indicators (what every reader asks first: data, scale,
 * architecture, limits, risks, safety evaluation, impact, roadmap) come first, in rubric order;
 * the other indicators follow, in rubric order.
 *
 * Wording, for each of absent / partial / question, comes from the first of:
 *   1. the rubric's inline `indicator.messages[lang]`,
 *   2. the catalogue data/messages/<lang>.yaml, by indicator id,
 *   3. a generic sentence built from `indicator.title[lang]` (and `indicator.question[lang]` for the question).
 */
import type { Finding, Gap, Status, Unsaid } from '../types.js';
import type { Indicator, IndicatorMessages, Rubric } from '../rubric/types.js';
import { fill, loadCatalogue, type MessageLang } from './messages.js';

export { loadCatalogue, ui, fill, type Catalogue, type MessageLang } from './messages.js';

/** Last-resort wording when even the catalogue's generic templates are missing. */
const BUILTIN_GENERIC: Record<MessageLang, Record<'absent' | 'partial' | 'question', string>> = {
  en: {
    absent: 'The document does not disclose this: {title}.',
    partial: 'The document discloses this only in part: {title}.',
    question: 'What can the vendor disclose about this: {title}?',
  },
  zh: {
    absent: '文件没有披露这一项：{title}。',
    partial: '文件对这一项只作了部分披露：{title}。',
    question: '关于“{title}”，发布方能否给出具体说明？',
  },
};

/** The status a reader should see: a human review overrides the machine status. */
export function effectiveStatus(f: Pick<Finding, 'status' | 'review'>): Status {
  return f.review?.status ?? f.status;
}

function generic(lang: MessageLang, key: 'absent' | 'partial' | 'question', title: string): string {
  const template = loadCatalogue(lang).ui[`gap.${key}`] ?? BUILTIN_GENERIC[lang][key];
  return fill(template, { title });
}

function nonEmpty(s: string | undefined): string | undefined {
  return s !== undefined && s.trim() !== '' ? s.trim() : undefined;
}

/** Resolved messages for one indicator in one language (inline → catalogue → generic). */
export function messagesFor(indicator: Indicator, lang: MessageLang): Required<IndicatorMessages> {
  const inline: IndicatorMessages = indicator.messages?.[lang] ?? {};
  const catalogued: IndicatorMessages = loadCatalogue(lang).indicators[indicator.id] ?? {};
  const title = nonEmpty(indicator.title[lang]) ?? indicator.title.en;
  const pick = (key: 'absent' | 'partial' | 'question'): string =>
    nonEmpty(inline[key]) ?? nonEmpty(catalogued[key]) ??
    (key === 'question' ? nonEmpty(indicator.question[lang]) : undefined) ??
    generic(lang, key, title);
  return { absent: pick('absent'), partial: pick('partial'), question: pick('question') };
}

function questionKey(q: string): string {
  return q.normalize('NFKC').replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Gaps and questions for one audit. `findings` may come in any order; the rubric decides the order.
 * An indicator with no finding at all counts as absent. Findings for ids not in the rubric are ignored.
 */
export function buildUnsaid(findings: Finding[], rubric: Rubric, language: 'en' | 'zh'): Unsaid {
  const lang: MessageLang = language === 'zh' ? 'zh' : 'en';
  const byId = new Map<string, Finding>();
  for (const f of findings) if (!byId.has(f.id)) byId.set(f.id, f);

  const ordered = [
    ...rubric.indicators.filter((i) => i.seed),
    ...rubric.indicators.filter((i) => !i.seed),
  ];

  const gaps: Gap[] = [];
  const questions: string[] = [];
  const seen = new Set<string>();
  const done = new Set<string>();
  for (const indicator of ordered) {
    if (done.has(indicator.id)) continue; // a rubric listing an id twice yields one gap
    done.add(indicator.id);
    const finding = byId.get(indicator.id);
    const status: Status = finding ? effectiveStatus(finding) : 'absent';
    if (status === 'disclosed') continue;
    const msgs = messagesFor(indicator, lang);
    gaps.push({ id: indicator.id, status, text: status === 'absent' ? msgs.absent : msgs.partial });
    const key = questionKey(msgs.question);
    if (!seen.has(key)) {
      seen.add(key);
      questions.push(msgs.question);
    }
  }
  return { language: lang, gaps, questions };
}
