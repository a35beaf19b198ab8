/**
 * `unsaid audit <inputs...>` and `unsaid claims <inputs...>`: expand the inputs, audit each document
 * (in this thread, or in a worker pool for a batch), print the report in input order, report each
 * failure as one line and carry on, then decide the exit code:
 *   one input that failed → its own code (3, 4, 5, 6, 70); several with any failure → 9;
 *   a missed --fail-under or --fail-on-unsubstantiated → 1; else 0.
 */
import type { Audit } from '../../types.js';
import type { Rubric } from '../../rubric/types.js';
import type { Formatter } from '../../report/options.js';
import { ExitCode, UnsaidError } from '../../errors.js';
import { loadRubric } from '../../rubric/index.js';
import { expandInputs } from '../../batch/expand.js';
import { runBatch, defaultJobs } from '../../batch/pool.js';
import { DEFAULT_FILE_MAX_BYTES, type TaskResult } from '../../batch/task.js';
import { createProgress, progressWanted } from '../../batch/progress.js';
import { StatsCollector, formatSummary } from '../../batch/summary.js';
import { openOutput, readStdin, wantColor } from '../output.js';
import { tuneBatchHeap } from '../heap.js';

export interface AuditCliOptions {
  format: string;
  rubric?: string;
  failUnder?: number;
  failOnUnsubstantiated?: boolean;
  output?: string;
  color?: boolean;
  jobs?: number;
  allowPrivate?: boolean;
  maxBytes?: number;
  maxChars?: number;
  timeout?: number;
  lang?: 'en' | 'zh';
}

export type Mode = 'audit' | 'claims';

const debug = () => process.env.UNSAID_DEBUG === '1';

export async function runAudit(inputs: string[], o: AuditCliOptions, mode: Mode): Promise<number> {
  const t0 = performance.now();
  const format = o.format;

  // Everything that can fail on the command line fails before any document is read.
  let formatter: Formatter | undefined;
  let claims: typeof import('../claims-format.js') | undefined;
  if (mode === 'claims') {
    claims = await import('../claims-format.js');
    if (!(claims.CLAIMS_FORMATS as readonly string[]).includes(format)) {
      throw new UnsaidError(
        'usage',
        `unknown format "${format}" for claims (expected one of: ${claims.CLAIMS_FORMATS.join(', ')})`,
      );
    }
  } else if (format === 'json' || format === 'jsonl') {
    // The same functions as formatters.json/jsonl of report/index.js, without loading every formatter.
    const m = await import('../../report/json.js');
    formatter = format === 'json' ? m.json : m.jsonl;
  } else {
    const { loadFormatter } = await import('../../report/index.js');
    formatter = await loadFormatter(format);
  }
  const rubric: Rubric = loadRubric(o.rubric);

  const entries = expandInputs(inputs);
  const total = entries.length;
  const multi = total > 1;

  let stdinBytes: Uint8Array | undefined;
  if (entries.some((e) => 'item' in e && e.item.kind === 'stdin')) {
    try {
      stdinBytes = await readStdin(o.maxBytes ?? DEFAULT_FILE_MAX_BYTES);
    } catch (err) {
      if (!multi || !(err instanceof UnsaidError)) throw err;
      // Reported as the failure of the `-` entry below.
      const i = entries.findIndex((e) => 'item' in e && e.item.kind === 'stdin');
      entries[i] = { failure: { source: '-', error: err } };
    }
  }

  const out = openOutput(o.output);
  const color = wantColor(o.color, out.isFile);
  const jsonish = format === 'json' || format === 'jsonl';
  // Streamed per document, in input order: stylish, JSON Lines, and the claims formats. The rest
  // (markdown, html, a user formatter, json of a single document) is formatted once at the end.
  const streamed = mode === 'claims' || format === 'stylish' || format === 'jsonl' || (format === 'json' && multi);
  const collected: Audit[] = [];
  const docText = new Map<string, string>();
  const stats = new StatsCollector();
  const progress = await createProgress(entries.filter((e) => 'item' in e).length, progressWanted(total));
  let firstOut = true;
  let belowThreshold = false;
  let unsubstantiated = false;
  let lastFailure: TaskResult | undefined;

  const emit = async (r: TaskResult) => {
    stats.add(r);
    if (!r.ok) {
      lastFailure = r;
      progress.log(`unsaid: ${r.message}`);
      if (debug() && r.stack) progress.log(r.stack);
      return;
    }
    const a = r.audit;
    if (o.failUnder !== undefined && a.score.percent < o.failUnder) belowThreshold = true;
    if (o.failOnUnsubstantiated && a.claims.some((c) => c.verdict === 'unsubstantiated')) unsubstantiated = true;
    if (claims) {
      const s =
        format === 'stylish'
          ? claims.claimsStylish(a, { color, text: r.text, lang: o.lang })
          : claims.claimsJson(a, format === 'json' && !multi);
      await out.write(format === 'stylish' && !firstOut ? `\n${s}` : s);
      firstOut = false;
      return;
    }
    const f = formatter as Formatter;
    if (streamed) {
      const name = format === 'json' ? 'jsonl' : format;
      const fn = name === 'jsonl' ? (await import('../../report/json.js')).jsonl : f;
      const text = r.text !== undefined ? new Map([[a.document.source, r.text]]) : undefined;
      const s = fn([a], { color, rubric, lang: o.lang, ...(text ? { docText: text } : {}) });
      await out.write(format === 'stylish' && !firstOut ? `\n${s}` : s);
      firstOut = false;
    } else {
      collected.push(a);
      if (r.text !== undefined) docText.set(a.document.source, r.text);
    }
  };

  const jobs = o.jobs ?? defaultJobs();
  if (jobs > 1) tuneBatchHeap();
  try {
    await runBatch(entries, {
      jobs,
      stdinBytes,
      task: {
        rubricPath: o.rubric,
        allowPrivate: o.allowPrivate,
        maxBytes: o.maxBytes,
        maxChars: o.maxChars,
        timeoutMs: o.timeout,
        lang: o.lang,
        wantText: !jsonish,
      },
      onSettled: (r) => progress.tick(r.source),
      onResult: (_i, r) => emit(r),
    });
    progress.stop();
    if (!streamed && collected.length > 0) {
      await out.write((formatter as Formatter)(collected, { color, rubric, lang: o.lang, ...(docText.size ? { docText } : {}) }));
    }
  } finally {
    progress.stop();
    out.close();
  }

  const s = stats.result(performance.now() - t0);
  if (multi && format === 'stylish') {
    const useColor = o.color ?? (process.stderr.isTTY === true && !process.env.NO_COLOR);
    const dim = useColor ? (await import('picocolors')).default.dim : (x: string) => x;
    process.stderr.write(`\n${formatSummary(s, dim)}`);
  }

  if (s.failed > 0) {
    if (!multi && lastFailure && !lastFailure.ok) return lastFailure.code;
    return ExitCode.partialFailure;
  }
  if (belowThreshold || unsubstantiated) return ExitCode.threshold;
  return ExitCode.ok;
}
