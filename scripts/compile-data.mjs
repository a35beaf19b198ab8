// Build step: every data/**/*.yaml → dist/data/**/*.json (see src/data.ts).
import { existsSync, readdirSync, statSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
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

// Build step: yaml and commander bundled into one file each, dist/vendor/*.cjs (see src/data.ts and
// src/cli/commander.ts). Loading ~70 small CommonJS files cost ~60-100 ms at every start; one file
// costs ~15 ms. Needs esbuild (installed with tsx); without it the packages are loaded as they are.
const VENDOR = { yaml: 'yaml', commander: 'commander' };
let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  console.log('compile-data: esbuild not installed, dist/vendor not built (the packages load as they are)');
}
if (esbuild) {
  for (const [name, pkg] of Object.entries(VENDOR)) {
    await esbuild.build({
      stdin: { contents: `module.exports = require(${JSON.stringify(pkg)});`, resolveDir: process.cwd(), loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      outfile: join('dist/vendor', `${name}.cjs`),
      logLevel: 'warning',
      legalComments: 'inline',
    });
  }
  console.log(`compile-data: ${Object.keys(VENDOR).length} packages bundled → dist/vendor`);
}

// Build step: the literal gates of the default rubric's strong/vague/exclude/demote patterns (see
// src/checks/regex-gate.ts), so that a cold start does not analyse them.
{
  const gateModule = join(process.cwd(), 'dist/checks/regex-gate.js');
  if (existsSync(gateModule)) {
    const { requiredLiterals } = await import(pathToFileURL(gateModule).href);
    const rubric = parse(readFileSync('data/rubric/default.yaml', 'utf8'), { maxAliasCount: 100 });
    const gates = {};
    for (const ind of rubric.indicators ?? [])
      for (const cues of Object.values(ind.cues ?? {}))
        for (const k of ['strong', 'vague', 'exclude', 'demote']) for (const p of cues?.[k] ?? []) gates[p] = requiredLiterals(p);
    writeFileSync('dist/data/regex-gates.json', JSON.stringify(gates));
    console.log(`compile-data: ${Object.keys(gates).length} regex gates → dist/data/regex-gates.json`);
  }
}
