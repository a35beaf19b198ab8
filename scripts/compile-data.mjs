// Build step: every data/**/*.yaml → dist/data/**/*.json (see src/data.ts).
import { readdirSync, statSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join, dirname, relative } from 'node:path';
import { parse } from 'yaml';

function walk(d) {
  return readdirSync(d).flatMap((n) => (statSync(join(d, n)).isDirectory() ? walk(join(d, n)) : [join(d, n)]));
}
let n = 0;
for (const f of walk('data').filter((f) => /\.ya?ml$/.test(f))) {
  const out = join('dist/data', relative('data', f).replace(/\.ya?ml$/, '.json'));
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, JSON.stringify(parse(readFileSync(f, 'utf8'), { maxAliasCount: 100 })));
  n++;
}
console.log(`compile-data: ${n} data files → dist/data`);
