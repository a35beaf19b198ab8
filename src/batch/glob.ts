/**
 * A small glob matcher (Node 20 has no fs.glob): `*`, `?`, `[...]`, `{a,b}` and `**` for any number of
 * directories. Patterns use `/` as the separator. Hidden entries and node_modules are skipped unless the
 * pattern names them.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

export function hasMagic(s: string): boolean {
  return /[*?[\]{}]/.test(s);
}

function escapeRe(c: string): string {
  return c.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** One path segment pattern → regex source (no anchors). */
function segmentSource(seg: string): string {
  let out = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 2);
      if (close === -1) {
        out += '\\[';
        continue;
      }
      let body = seg.slice(i + 1, close);
      const negate = body.startsWith('!') || body.startsWith('^');
      if (negate) body = body.slice(1);
      out += `[${negate ? '^' : ''}${body.replace(/\\/g, '\\\\').replace(/\]/g, '\\]')}]`;
      i = close;
    } else if (c === '{') {
      let depth = 0;
      let j = i;
      for (; j < seg.length; j++) {
        if (seg[j] === '{') depth++;
        else if (seg[j] === '}' && --depth === 0) break;
      }
      if (j >= seg.length) {
        out += '\\{';
        continue;
      }
      const parts = splitTopLevel(seg.slice(i + 1, j));
      out += `(?:${parts.map(segmentSource).join('|')})`;
      i = j;
    } else if (c === '\\' && i + 1 < seg.length) {
      out += escapeRe(seg[++i]);
    } else out += escapeRe(c);
  }
  return out;
}

function splitTopLevel(s: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of s) {
    if (c === '{') depth++;
    if (c === '}') depth--;
    if (c === ',' && depth === 0) {
      parts.push(cur);
      cur = '';
    } else cur += c;
  }
  parts.push(cur);
  return parts;
}

/** Compile a glob to an anchored regex over `/`-separated relative paths. */
export function globToRegExp(pattern: string): RegExp {
  const segs = pattern.split('/').filter((s, i, a) => s !== '' || i === a.length - 1);
  let src = '';
  segs.forEach((seg, i) => {
    const last = i === segs.length - 1;
    if (seg === '**') {
      src += last ? '.*' : '(?:[^/]+/)*';
    } else {
      src += segmentSource(seg) + (last ? '' : '/');
    }
  });
  return new RegExp(`^${src}$`);
}

/** The leading directory of a pattern that has no magic (where the walk starts). */
export function globBase(pattern: string): { base: string; rest: string } {
  const segs = pattern.split('/');
  const baseSegs: string[] = [];
  while (segs.length > 1 && !hasMagic(segs[0])) baseSegs.push(segs.shift() as string);
  let base = baseSegs.join('/');
  if (pattern.startsWith('/') && base === '') base = '/';
  return { base: base === '' ? '.' : base, rest: segs.join('/') };
}

/**
 * Expand a glob against the file system. Returns matching files (not directories), sorted, with paths
 * spelled as `base/relative` (so `docs/*.md` gives `docs/a.md`).
 */
export function expandGlob(pattern: string, cwd = process.cwd()): string[] {
  const norm = pattern.replace(/\\/g, '/');
  const { base, rest } = globBase(norm);
  const re = globToRegExp(rest);
  const wantsHidden = /(^|\/)\./.test(rest);
  const deep = rest.includes('**') || rest.split('/').length > 1;
  const maxDepth = rest.includes('**') ? 64 : rest.split('/').length;
  const out: string[] = [];
  const root = resolve(cwd, base);
  const walk = (dirAbs: string, rel: string, depth: number) => {
    let entries: import('node:fs').Dirent[];
    try {
      entries = readdirSync(dirAbs, { withFileTypes: true });
    } catch {
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (!wantsHidden && e.name.startsWith('.')) continue;
      if (e.name === 'node_modules' && !rest.includes('node_modules')) continue;
      const relPath = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dirAbs, e.name);
      let isDir = e.isDirectory();
      let isFile = e.isFile();
      if (e.isSymbolicLink()) {
        try {
          const st = statSync(abs);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue;
        }
      }
      if (isFile && re.test(relPath))
        out.push(base === '.' && !norm.startsWith('./') ? relPath : `${base.replace(/\/$/, '')}/${relPath}`);
      if (isDir && deep && depth + 1 < maxDepth && !e.isSymbolicLink()) walk(abs, relPath, depth + 1);
    }
  };
  walk(root, '', 0);
  return out;
}
