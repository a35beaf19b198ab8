/**
 * Document language: en / zh / mixed, decided from prose (paragraphs, list items, quotes, headings).
 * Tables, code, HTML and front matter are left out: a Chinese README's benchmark tables and model
 * names are English words, and they should not make it "mixed".
 *
 * Each prose block votes with its size (Latin words + half its Han characters) for the language it
 * is written in; the document is zh when ≥ 70 % of that weight is Chinese, en when ≤ 30 %, else
 * mixed. On the 50 corpus documents the Chinese share is ≤ 0.03 for every English one and ≥ 0.83
 * for every Chinese one (50/50 as INDEX.tsv says), so the thresholds have a margin either side.
 */
import type { Block, Language } from '../types.js';

/** True for a UTF-16 code unit that is a Han character (or the high surrogate of one in planes 2-3). */
export function isHanCode(c: number): boolean {
  return (
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0x2e80 && c <= 0x2fdf) ||
    c === 0x3005 ||
    c === 0x3007 ||
    (c >= 0x3021 && c <= 0x3029) ||
    (c >= 0xd840 && c <= 0xd8bf) // high surrogates of CJK Ext. B-H (planes 2 and 3)
  );
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

/**
 * Han characters and Latin words (2+ ASCII letters) in text[start, end). URLs, HTML tags and
 * markdown link targets are skipped: they are not the language a document is written in.
 */
export function scriptCounts(text: string, start = 0, end = text.length): { han: number; words: number; punct: number } {
  let han = 0;
  let words = 0;
  let punct = 0;
  let run = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isAsciiLetter(c)) {
      if (run === 0 && c === 104 /* h */ && text.startsWith('http', i)) {
        const s = text.charCodeAt(i + 4);
        if (s === 58 || (s === 115 && text.charCodeAt(i + 5) === 58)) {
          // Skip the URL to the next whitespace or closing bracket.
          while (i < end) {
            const d = text.charCodeAt(i);
            if (d <= 32 || d === 41 || d === 62 || d === 34 || d === 93) break;
            i++;
          }
          continue;
        }
      }
      run++;
      continue;
    }
    if (run >= 2) words++;
    run = 0;
    if (isHanCode(c)) han++;
    else if (c === 0xff0c || c === 0x3002 || c === 0x3001 || c === 0xff1b || c === 0xff1a || c === 0xff01 || c === 0xff1f || c === 0xff08 || c === 0x300c) punct++;
    else if (c === 60 /* < */) {
      const d = text.charCodeAt(i + 1);
      if (isAsciiLetter(d) || d === 47 || d === 33) {
        const close = text.indexOf('>', i + 1);
        if (close > 0 && close < end && close - i < 1000) i = close;
      }
    } else if (c === 93 /* ] */ && text.charCodeAt(i + 1) === 40 /* ( */) {
      const close = text.indexOf(')', i + 2);
      if (close > 0 && close < end && close - i < 1000) i = close;
    }
  }
  if (run >= 2) words++;
  return { han, words, punct };
}

const PROSE = new Set(['prose', 'list', 'quote', 'heading']);

/**
 * Is a block written in Chinese? Chinese prose uses full-width punctuation (，。、：), so with it a
 * few Han characters among many English names suffice; without it (headings, list items, or an
 * English sentence quoting a Chinese name) Han characters must outnumber the English words.
 */
function isChinese(han: number, words: number, punct: number): boolean {
  if (han < 2) return false;
  return punct > 0 ? han >= words * 0.5 : han >= words * 1.5;
}

/** A Han character carries about half as much text as an English word. */
const HAN_WEIGHT = 0.5;

/** en / zh / mixed from prose (code blocks, tables, HTML and front matter ignored unless nothing else). */
export function detectLanguage(text: string, blocks?: Block[]): Language {
  let zh = 0;
  let all = 0;
  const vote = (s: number, e: number) => {
    const { han, words, punct } = scriptCounts(text, s, Math.min(e, s + 20_000));
    const w = han * HAN_WEIGHT + words;
    if (w === 0) return;
    all += w;
    if (isChinese(han, words, punct)) zh += w;
  };
  const limit = 400_000;
  let seen = 0;
  if (blocks && blocks.length) {
    for (const b of blocks) {
      if (!PROSE.has(b.kind)) continue;
      vote(b.start, b.end);
      seen += b.end - b.start;
      if (seen > limit) break;
    }
    if (all === 0) {
      // No prose: let tables and HTML speak.
      for (const b of blocks) {
        if (b.kind === 'code' || b.kind === 'front-matter') continue;
        vote(b.start, b.end);
        seen += b.end - b.start;
        if (seen > 2 * limit) break;
      }
    }
  }
  if (all === 0) {
    // No blocks (or only code): paragraphs by blank lines.
    let s = 0;
    const end = Math.min(text.length, limit);
    while (s < end) {
      let e = text.indexOf('\n\n', s);
      if (e < 0 || e > end) e = end;
      vote(s, e);
      s = e + 2;
    }
  }
  if (all === 0) return 'en';
  const share = zh / all;
  if (share >= 0.7) return 'zh';
  if (share <= 0.3) return 'en';
  return 'mixed';
}
