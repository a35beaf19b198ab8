/**
 * Turn command-line inputs into a list of documents to audit: files, directories (recursively, for the
 * document extensions), globs, `@list.txt` list files (one path or URL per line, `#` comments; relative
 * paths are relative to the list file), `-` for stdin, and http(s) URLs. Inputs that cannot be expanded
 * become failures of their own, so a batch reports them and carries on.
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { UnsaidError } from '../errors.js';
import { expandGlob, hasMagic } from './glob.js';

export type Item =
  { kind: 'file'; source: string; path: string } | { kind: 'url'; source: string } | { kind: 'stdin'; source: '-' };

export interface ExpandFailure {
  source: string;
  error: UnsaidError;
}

/** One entry per input in order: a document to audit, or a failure to report. */
export type Entry = { item: Item } | { failure: ExpandFailure };

export const DOC_EXTENSIONS = ['.md', '.markdown', '.txt', '.html', '.htm', '.pdf'];

const URL_RE = /^[a-z][a-z0-9+.-]*:\/\//i;

function isDocFile(name: string): boolean {
  const lower = name.toLowerCase();
  return DOC_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

function walkDir(dir: string, display: string, out: string[], depth = 0): void {
  if (depth > 64) return;
  let names: import('node:fs').Dirent[];
  try {
    names = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  names.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of names) {
    if (e.name.startsWith('.') || e.name === 'node_modules') continue;
    const abs = join(dir, e.name);
    const shown = display.endsWith('/') ? `${display}${e.name}` : `${display}/${e.name}`;
    if (e.isDirectory()) walkDir(abs, shown, out, depth + 1);
    else if ((e.isFile() || e.isSymbolicLink()) && isDocFile(e.name)) out.push(shown);
  }
}

function errnoMessage(source: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return `${source}: no such file or directory`;
    case 'EACCES':
    case 'EPERM':
      return `${source}: permission denied`;
    case 'EISDIR':
      return `${source}: is a directory`;
    case 'ENOTDIR':
      return `${source}: not a directory`;
    default:
      return `${source}: cannot read (${err.code ?? err.message})`;
  }
}

export interface ExpandOptions {
  cwd?: string;
}

/** Expand inputs in order. Duplicates (same file, same URL, stdin twice) are kept once. */
export function expandInputs(inputs: string[], opts: ExpandOptions = {}): Entry[] {
  const cwd = opts.cwd ?? process.cwd();
  const out: Entry[] = [];
  const seen = new Set<string>();
  const addFile = (source: string, baseDir: string) => {
    const abs = isAbsolute(source) ? source : resolve(baseDir, source);
    if (seen.has(`f:${abs}`)) return;
    seen.add(`f:${abs}`);
    out.push({ item: { kind: 'file', source, path: abs } });
  };
  const fail = (source: string, kind: 'unreadable' | 'unsupported', message: string) => {
    out.push({ failure: { source, error: new UnsaidError(kind, message) } });
  };

  const one = (input: string, baseDir: string, depth: number) => {
    if (input === '-') {
      if (!seen.has('stdin')) {
        seen.add('stdin');
        out.push({ item: { kind: 'stdin', source: '-' } });
      }
      return;
    }
    if (URL_RE.test(input)) {
      if (!seen.has(`u:${input}`)) {
        seen.add(`u:${input}`);
        out.push({ item: { kind: 'url', source: input } });
      }
      return;
    }
    if (input.startsWith('@') && input.length > 1) {
      const listPath = input.slice(1);
      const abs = isAbsolute(listPath) ? listPath : resolve(baseDir, listPath);
      if (depth > 4) {
        fail(input, 'unreadable', `${input}: list files nested too deeply`);
        return;
      }
      let text: string;
      try {
        text = readFileSync(abs, 'utf8');
      } catch (err) {
        fail(input, 'unreadable', `list file ${errnoMessage(listPath, err as NodeJS.ErrnoException)}`);
        return;
      }
      const listDir = dirname(abs);
      const lines = text
        .split(/\r?\n/)
        .map((l) => l.replace(/^\uFEFF/, '').trim())
        .filter((l) => l && !l.startsWith('#'));
      if (lines.length === 0) {
        fail(input, 'unreadable', `${input}: the list file names no inputs`);
        return;
      }
      // Relative entries of a list are shown as written, resolved against the list's directory.
      for (const line of lines) one(line, listDir, depth + 1);
      return;
    }
    const abs = isAbsolute(input) ? input : resolve(baseDir, input);
    let st: import('node:fs').Stats | undefined;
    try {
      st = statSync(abs);
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code !== 'ENOENT' && e.code !== 'ENOTDIR') {
        fail(input, 'unreadable', errnoMessage(input, e));
        return;
      }
    }
    if (st?.isDirectory()) {
      const files: string[] = [];
      walkDir(abs, input, files);
      if (files.length === 0) {
        fail(input, 'unreadable', `${input}: no documents (${DOC_EXTENSIONS.join(' ')}) in this directory`);
        return;
      }
      for (const f of files) addFile(f, baseDir);
      return;
    }
    if (st) {
      addFile(input, baseDir);
      return;
    }
    if (hasMagic(input)) {
      const matches = expandGlob(input, baseDir);
      if (matches.length === 0) {
        fail(input, 'unreadable', `${input}: no files match`);
        return;
      }
      for (const m of matches) addFile(m, baseDir);
      return;
    }
    fail(input, 'unreadable', `${input}: no such file or directory`);
  };

  for (const input of inputs) one(input, cwd, 0);
  return out;
}
