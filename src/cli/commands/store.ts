/**
 * History commands: add, list, show, diff, review, export, import, reaudit.
 * Only commander and small local modules load up front; the store (Kysely, PGlite or pg), the audit
 * pipeline and the formatters load inside the action that needs them.
 */
import { userInfo } from 'node:os';
import { Option, type Command } from '../commander.js';
import { UnsaidError, oneLine } from '../../errors.js';
import type { Audit, Status } from '../../types.js';
import type { Store, AuditEntry, StoredAudit } from '../../store/store.js';
import type { Rubric } from '../../rubric/types.js';
import { openOutput, readStdin, wantColor } from '../output.js';

const STATUSES = ['disclosed', 'partial', 'absent'] as const;
const DIFF_FORMATS = ['stylish', 'json', 'markdown', 'html'] as const;
const MAX_BYTES = 50 * 1024 * 1024;

interface DbOpts {
  db?: string;
}

const dbOption = () =>
  new Option(
    '--db <dir|url>',
    'store: a directory (embedded database) or a postgres:// URL (default: $UNSAID_DB, $DATABASE_URL, else ~/.local/share/unsaid)',
  );

async function withStore<T>(opts: DbOpts, fn: (store: Store) => Promise<T>): Promise<T> {
  const { openStore } = await import('../../store/db.js');
  const store = await openStore({ db: opts.db });
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

type Sink = (s: string) => Promise<void>;

const toStdout: Sink = (s) =>
  new Promise((resolve) => {
    if (s === '' || process.stdout.write(s)) resolve();
    else process.stdout.once('drain', () => resolve());
  });

let sink: Sink = toStdout;

/** Where the store commands write their output when not to a file (default: stdout). For tests. */
export function setStoreOutput(to?: Sink): void {
  sink = to ?? toStdout;
}

const write = (s: string) => sink(s);

/** A file (-o) or the sink. */
function output(path: string | undefined): { isFile: boolean; write: Sink; close(): void } {
  if (path && path !== '-') return openOutput(path);
  return { isFile: false, write, close() {} };
}

/** The rubric to (re)score and title reviewed audits with: the given file or the default, when it is the audit's. */
async function rubricFor(audit: Audit, path?: string): Promise<Rubric | undefined> {
  try {
    const { loadRubric } = await import('../../rubric/index.js');
    const r = loadRubric(path);
    return r.id === audit.rubric.id && r.version === audit.rubric.version ? r : undefined;
  } catch (e) {
    if (path) throw e;
    return undefined;
  }
}

/** Reviewed audit with its score recomputed from the reviewed statuses (when its rubric is at hand). */
async function rescored(s: StoredAudit, rubricPath?: string): Promise<{ audit: Audit; rubric?: Rubric }> {
  const rubric = await rubricFor(s.machine, rubricPath);
  if (!rubric || s.reviewHistory.length === 0) return { audit: s.audit, rubric };
  const { computeScore } = await import('../../report/score.js');
  return { audit: { ...s.audit, score: computeScore(s.audit.indicators, rubric) }, rubric };
}

const n = (k: number, word: string) => `${k} ${word}${k === 1 ? '' : 's'}`;
const ref = (e: Pick<AuditEntry, 'vendor' | 'model' | 'release'>) => `${e.vendor}/${e.model}@${e.release}`;

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => [...(r[i] ?? '')].length)));
  return (
    rows
      .map((r) =>
        r
          .map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - [...c].length)))
          .join('  ')
          .trimEnd(),
      )
      .join('\n') + '\n'
  );
}

/** --reviewer, else $UNSAID_REVIEWER, else the OS user name. */
export function reviewerName(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (flag?.trim()) return flag.trim();
  if (env.UNSAID_REVIEWER?.trim()) return env.UNSAID_REVIEWER.trim();
  try {
    return userInfo().username;
  } catch {
    // userInfo() throws when the uid has no passwd entry (some containers).
    return env.USER || env.LOGNAME || 'unknown';
  }
}

function parseStatus(v: string): Status {
  const s = v.trim().toLowerCase();
  if ((STATUSES as readonly string[]).includes(s)) return s as Status;
  throw new UnsaidError('usage', `--status must be one of ${STATUSES.join(', ')}`);
}

export function registerStoreCommands(program: Command): void {
  // ---------------------------------------------------------------------------------------- add
  program
    .command('add')
    .description('audit documents and save them to the store under vendor/model@release (detected, or given)')
    .argument('<files...>', 'documents to audit and save (- for stdin)')
    .option('--vendor <name>', 'vendor, e.g. meta (default: detected)')
    .option('--model <name>', 'model, e.g. llama (default: detected)')
    .option('--release <name>', 'release, e.g. 3.1 (default: detected)')
    .option('--date <yyyy-mm-dd>', 'release date (default: detected)')
    .option('-r, --rubric <file>', 'audit against this rubric file instead of the default one')
    .addOption(new Option('--format <name>', 'output: text or json').choices(['text', 'json']).default('text'))
    .addOption(dbOption())
    .action(
      async (
        files: string[],
        o: DbOpts & { vendor?: string; model?: string; release?: string; date?: string; rubric?: string; format: string },
      ) => {
        const { readFileSync } = await import('node:fs');
        const { auditBytes } = await import('../../audit.js');
        const { loadRubric } = await import('../../rubric/index.js');
        const { detectRelease, normaliseDate } = await import('../../store/detect.js');
        const rubric = loadRubric(o.rubric);
        let date: string | undefined;
        if (o.date !== undefined) {
          const d = normaliseDate(o.date);
          if (!d) throw new UnsaidError('usage', `--date must be a date such as 2024-07-23`);
          date = d;
        }
        const results: Record<string, unknown>[] = [];
        const failures: UnsaidError[] = [];
        await withStore(o, async (store) => {
          for (const file of files) {
            try {
              let bytes: Uint8Array;
              if (file === '-') bytes = await readStdin(MAX_BYTES);
              else {
                try {
                  bytes = new Uint8Array(readFileSync(file));
                } catch (e) {
                  const code = (e as NodeJS.ErrnoException).code;
                  throw new UnsaidError('unreadable', `${file}: cannot read (${code ?? oneLine(e)})`);
                }
              }
              const audit = await auditBytes({ bytes, source: file }, { rubric });
              const found = detectRelease({ audit, bytes, source: file });
              const vendor = o.vendor ?? found.vendor;
              const model = o.model ?? found.model;
              const release = o.release ?? found.release;
              const missing = [!vendor && '--vendor', !model && '--model', !release && '--release'].filter(Boolean);
              if (missing.length) {
                const got = [vendor && `vendor ${vendor}`, model && `model ${model}`, release && `release ${release}`]
                  .filter(Boolean)
                  .join(', ');
                throw new UnsaidError(
                  'usage',
                  `${file}: cannot tell its ${missing.map((m) => String(m).slice(2)).join(', ')}${got ? ` (found ${got})` : ''}: pass ${missing.join(' ')}`,
                );
              }
              const r = await store.addAudit({
                audit,
                bytes,
                vendor: vendor!,
                model: model!,
                release: release!,
                date: date ?? found.date,
                source: file,
              });
              const guessed = (['vendor', 'model', 'release'] as const)
                .filter((k) => o[k] === undefined)
                .map((k) => `${k} from ${found.from[k]}`);
              results.push({ ...r.entry, created: r.created });
              if (o.format === 'text') {
                const head = r.created ? 'added' : 'already stored';
                const when = r.entry.date ? ` (${r.entry.date})` : '';
                await write(
                  `${head} #${r.id} ${ref(r.entry)}${when} ${file} score ${r.entry.score}%${guessed.length ? `  [${guessed.join(', ')}]` : ''}\n`,
                );
              }
            } catch (e) {
              if (files.length === 1) throw e;
              const err = e instanceof UnsaidError ? e : new UnsaidError('internal', oneLine(e));
              failures.push(err);
              process.stderr.write(`unsaid: ${oneLine(err)}\n`);
            }
          }
        });
        if (o.format === 'json') await write(JSON.stringify(results, null, 2) + '\n');
        if (failures.length)
          throw new UnsaidError('partialFailure', `${failures.length} of ${n(files.length, 'document')} not added`);
      },
    );

  // --------------------------------------------------------------------------------------- list
  program
    .command('list')
    .description('list stored audits (oldest first)')
    .option('--vendor <name>', 'only this vendor')
    .option('--model <name>', 'only this model')
    .option('--release <name>', 'only this release')
    .option('--limit <n>', 'at most n entries', (v) => {
      if (!/^\d+$/.test(v)) throw new UnsaidError('usage', '--limit must be a whole number');
      return Number(v);
    })
    .addOption(new Option('--format <name>', 'output: table or json').choices(['table', 'json']).default('table'))
    .addOption(dbOption())
    .action(async (o: DbOpts & { vendor?: string; model?: string; release?: string; limit?: number; format: string }) => {
      const entries = await withStore(o, (s) => s.list({ vendor: o.vendor, model: o.model, release: o.release, limit: o.limit }));
      if (o.format === 'json') return write(JSON.stringify(entries, null, 2) + '\n');
      if (entries.length === 0)
        return write('No audits stored. Add some with `unsaid add <file> --vendor … --model … --release …`.\n');
      const rows = [['ID', 'RELEASE', 'DATE', 'SCORE', 'RUBRIC', 'REVIEWS', 'ADDED', 'SOURCE']];
      for (const e of entries) {
        rows.push([
          String(e.id),
          ref(e),
          e.date ?? '',
          `${e.score}%`,
          `${e.rubricId}@${e.rubricVersion}`,
          String(e.reviews),
          e.createdAt.slice(0, 16).replace('T', ' '),
          e.source,
        ]);
      }
      return write(table(rows));
    });

  // --------------------------------------------------------------------------------------- show
  program
    .command('show')
    .description('print a stored audit (human reviews applied, machine status beside them)')
    .argument('<audit>', 'an audit id, or vendor/model@release (its latest audit)')
    .option('-f, --format <name>', 'stylish, json, jsonl, markdown, html, or a path to a formatter module', 'stylish')
    .option('--machine', 'the machine audit as stored, without reviews')
    .option('-r, --rubric <file>', "rubric file for titles and rescoring (default: the built-in one, when it is the audit's)")
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--color', 'colour the terminal report')
    .option('--no-color', 'never colour the report')
    .addOption(dbOption())
    .action(
      async (
        auditRef: string,
        o: DbOpts & { format: string; machine?: boolean; rubric?: string; output?: string; color?: boolean },
      ) => {
        const { loadFormatter } = await import('../../report/index.js');
        const formatter = await loadFormatter(o.format);
        const stored = await withStore(o, (s) => s.get(auditRef));
        const { audit, rubric } = o.machine
          ? { audit: stored.machine, rubric: await rubricFor(stored.machine, o.rubric) }
          : await rescored(stored, o.rubric);
        const out = output(o.output);
        try {
          const color = wantColor(o.color, out.isFile);
          let text = formatter([audit], { color, ...(rubric ? { rubric } : {}) });
          const history = o.machine ? [] : stored.reviewHistory;
          if (o.format === 'stylish') {
            const head = `#${stored.id} ${ref(stored)}${stored.date ? ` (${stored.date})` : ''} · added ${stored.createdAt} · rubric ${stored.rubricId}@${stored.rubricVersion} · sha256 ${stored.sha256.slice(0, 12)}\n`;
            text = head + text;
            if (history.length) {
              text += `\nReviews (latest per indicator wins):\n`;
              for (const r of history)
                text += `  ${r.createdAt}  ${r.indicatorId}: ${r.status} by ${r.reviewer}${r.note ? ` — ${oneLine(r.note)}` : ''}\n`;
            }
          } else if (o.format === 'markdown' && history.length) {
            text += `\n## Reviews\n\n| When | Indicator | Status | Reviewer | Note |\n| --- | --- | --- | --- | --- |\n`;
            const esc = (s: string) => oneLine(s).replace(/([\\`*_{}[\]<>|])/g, '\\$1');
            for (const r of history)
              text += `| ${r.createdAt} | \`${r.indicatorId.replace(/`/g, "'")}\` | ${r.status} | ${esc(r.reviewer)} | ${esc(r.note ?? '')} |\n`;
          }
          await out.write(text);
        } finally {
          out.close();
        }
      },
    );

  // --------------------------------------------------------------------------------------- diff
  program
    .command('diff')
    .description('what changed between two audits: indicators, facts, claims')
    .argument('<a>', 'the older audit: id or vendor/model@release')
    .argument('<b>', 'the newer audit: id or vendor/model@release')
    .addOption(new Option('-f, --format <name>', 'output format').choices([...DIFF_FORMATS]).default('stylish'))
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .option('--color', 'colour the terminal report')
    .option('--no-color', 'never colour the report')
    .addOption(dbOption())
    .action(
      async (a: string, b: string, o: DbOpts & { format: (typeof DIFF_FORMATS)[number]; output?: string; color?: boolean }) => {
        const { diffAudits, formatDiff } = await import('../../store/diff.js');
        const [sa, sb] = await withStore(o, async (s) => [await s.get(a), await s.get(b)] as const);
        const [ra, rb] = [await rescored(sa), await rescored(sb)];
        const diff = diffAudits(ra.audit, rb.audit, { a: `#${sa.id} ${ref(sa)}`, b: `#${sb.id} ${ref(sb)}` });
        const out = output(o.output);
        try {
          await out.write(formatDiff(diff, o.format, { color: wantColor(o.color, out.isFile) }));
        } finally {
          out.close();
        }
      },
    );

  // ------------------------------------------------------------------------------------- review
  program
    .command('review')
    .description('record a human review of one indicator of an audit (the machine finding is kept)')
    .argument('<audit>', 'an audit id, or vendor/model@release')
    .argument('<indicator>', 'indicator id, e.g. data.sources')
    .requiredOption('--status <status>', 'disclosed, partial or absent')
    .option('--note <text>', 'why')
    .option('--reviewer <name>', 'who (default: $UNSAID_REVIEWER, else your user name)')
    .addOption(dbOption())
    .action(async (auditRef: string, indicator: string, o: DbOpts & { status: string; note?: string; reviewer?: string }) => {
      const status = parseStatus(o.status);
      const who = reviewerName(o.reviewer);
      const { rec, machine } = await withStore(o, async (s) => {
        const rec = await s.review(auditRef, indicator, { status, note: o.note ?? null, reviewer: who });
        const stored = await s.get(rec.auditId);
        return { rec, machine: stored.machine.indicators.find((f) => f.id === indicator)?.status };
      });
      await write(
        `reviewed #${rec.auditId} ${rec.indicatorId}: ${status} (machine: ${machine ?? '?'}) by ${rec.reviewer} at ${rec.createdAt}\n`,
      );
    });

  // ------------------------------------------------------------------------------------- export
  program
    .command('export')
    .description('write the whole store as JSON Lines (a backup that `unsaid import` restores exactly)')
    .option('-o, --output <file>', 'write to this file instead of stdout')
    .addOption(dbOption())
    .action(async (o: DbOpts & { output?: string }) => {
      const out = output(o.output);
      try {
        await withStore(o, async (s) => {
          for await (const line of s.exportJsonl()) await out.write(line + '\n');
        });
      } finally {
        out.close();
      }
    });

  // ------------------------------------------------------------------------------------- import
  program
    .command('import')
    .description('load a JSON Lines export (all or nothing; into an empty store the ids are kept)')
    .argument('[file]', 'the export file (default: stdin)')
    .addOption(dbOption())
    .action(async (file: string | undefined, o: DbOpts) => {
      const { createReadStream, statSync } = await import('node:fs');
      const { createInterface } = await import('node:readline');
      if (file && file !== '-') {
        try {
          if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
        } catch (e) {
          throw new UnsaidError('unreadable', `${file}: cannot read (${(e as NodeJS.ErrnoException).code ?? oneLine(e)})`);
        }
      }
      // Open the store before reading: readline drops lines emitted before iteration starts.
      const r = await withStore(o, (s) => {
        const input: NodeJS.ReadableStream = file && file !== '-' ? createReadStream(file) : process.stdin;
        return s.importJsonl(createInterface({ input, crlfDelay: Infinity }));
      });
      await write(
        `imported ${n(r.documents, 'document')}, ${n(r.releases, 'release')}, ${n(r.audits, 'audit')}, ${n(r.reviews, 'review')}${r.skipped ? ` (${r.skipped} already present)` : ''}\n`,
      );
    });

  // ------------------------------------------------------------------------------------ reaudit
  program
    .command('reaudit')
    .description('re-run every stored document under the current (or given) rubric and save the new audits')
    .option('-r, --rubric <file>', 'rubric file (default: the built-in rubric)')
    .addOption(dbOption())
    .action(async (o: DbOpts & { rubric?: string }) => {
      const { auditBytes } = await import('../../audit.js');
      const { loadRubric } = await import('../../rubric/index.js');
      const rubric = loadRubric(o.rubric);
      const r = await withStore(o, (s) =>
        s.reaudit((doc) => auditBytes({ bytes: doc.bytes, source: doc.source }, { rubric }), {
          rubric: { id: rubric.id, version: rubric.version },
        }),
      );
      for (const f of r.failed) process.stderr.write(`unsaid: document #${f.documentId} ${f.source}: ${f.error}\n`);
      await write(
        `reaudited ${n(r.documents, 'document')} under ${rubric.id}@${rubric.version}: ${n(r.audited, 'new audit')}, ${r.skipped} already up to date, ${r.failed.length} failed\n`,
      );
      if (r.failed.length)
        throw new UnsaidError('partialFailure', `${r.failed.length} of ${r.documents} documents could not be re-audited`);
    });
}
