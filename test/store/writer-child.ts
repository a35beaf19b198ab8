// Child process for the kill and concurrency tests.
//   node --import tsx test/store/writer-child.ts <db> loop <tag>         add audits forever
//   node --import tsx test/store/writer-child.ts <db> list <tag> <spec>  add the listed documents, then exit
//   node --import tsx test/store/writer-child.ts <db> hold               open the store and wait
// Prints "ready" once the store is open, and "ok <auditId> <sha256> <created>" after each COMMIT returned.
import { openStore } from '../../src/store/db.js';
import { makeAudit } from './make-audit.js';

const [db, mode = 'loop', tag = 'x', spec = ''] = process.argv.slice(2);
const out = (s: string) => process.stdout.write(s + '\n');

const store = await openStore({ db });
out('ready');

function docText(name: string): string {
  // Some bulk so a write spans several pages of WAL.
  return `# ${name}\n\n` + `Paragraph about ${name}. `.repeat(200);
}

async function add(name: string, release: string) {
  const { audit, bytes } = makeAudit({ text: docText(name), source: `${name}.md` });
  const r = await store.addAudit({
    audit,
    bytes,
    vendor: 'acme',
    model: 'rocket',
    release,
    date: '2025-01-02',
    source: `${name}.md`,
  });
  out(`ok ${r.id} ${audit.document.sha256} ${r.created}`);
}

if (mode === 'hold') {
  setInterval(() => {}, 1000);
} else if (mode === 'loop') {
  for (let i = 0; ; i++) await add(`${tag}-${i}`, String(i % 5));
} else if (mode === 'list') {
  for (const name of spec.split(',')) await add(name, name.split('-')[0]!);
  await store.close();
} else {
  throw new Error(`unknown mode ${mode}`);
}
