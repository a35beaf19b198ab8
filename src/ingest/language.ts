import type { Block, Language } from '../types.js';

const HAN = /\p{Script=Han}/gu;
const LATIN_WORD = /[A-Za-z]{2,}/g;

/** en / zh / mixed from prose (code blocks and front matter ignored). */
export function detectLanguage(text: string, blocks?: Block[]): Language {
  let sample = '';
  if (blocks && blocks.length) {
    for (const b of blocks) {
      if (b.kind === 'code' || b.kind === 'front-matter' || b.kind === 'html') continue;
      sample += text.slice(b.start, b.end) + '\n';
      if (sample.length > 200_000) break;
    }
  } else sample = text.slice(0, 200_000);
  const han = (sample.match(HAN) ?? []).length;
  const words = (sample.match(LATIN_WORD) ?? []).length;
  // One Han character carries about as much as half an English word.
  const zhWeight = han / 2;
  const total = zhWeight + words;
  if (total === 0) return 'en';
  const share = zhWeight / total;
  if (share >= 0.6) return 'zh';
  if (share <= 0.15) return 'en';
  return 'mixed';
}
