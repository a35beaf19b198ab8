/**
 * The `unsaid` command line. Only commander is loaded up front; each command loads its own code when
 * it runs (the audit path for audit/claims; undici, piscina, cli-progress only when a batch or a URL
 * needs them; the store commands only when one of them is asked for), so a single audit starts fast.
 *
 * Every user-caused failure ends as `unsaid: <one line>` on stderr and its exit code (src/errors.ts);
 * a bug ends as one line and code 70. UNSAID_DEBUG=1 adds the stack.
 */
import { Command, CommanderError, Option } from './commander.js';
import { ExitCode, UnsaidError, oneLine } from '../errors.js';
import { VERSION } from '../version.js';
import { parseCount, parseDuration, parseJobs, parseLang, parseScore, parseSize } from './options.js';
import type { AuditCliOptions, Mode } from './commands/audit.js';

const OWN_COMMANDS = new Set(['audit', 'claims', 'rubric']);

const EXIT_HELP = `
Exit codes:
  0   ok
  1   --fail-under missed, or --fail-on-unsubstantiated found a claim
  2   usage error
  3   input missing or unreadable
  4   input empty, binary or unsupported
  5   URL refused (private, loopback or metadata address; not http/https)
  6   fetch failed (network, timeout, too large, too many redirects, HTTP error)
  7   rubric file invalid
  8   store error
  9   some documents of a batch failed (the rest were audited)
  70  internal error (a bug in unsaid)
`;

function addAuditOptions(cmd: Command, mode: Mode): Command {
  return cmd
    .option(
      '-f, --format <name>',
      mode === 'claims'
        ? 'output format: stylish, json or jsonl'
        : 'output format: stylish, json, jsonl, markdown, html, or a path to a formatter module',
      'stylish',
    )
    .option('-r, --rubric <file>', 'audit against this rubric file instead of the default one')
    .option('--fail-under <score>', 'exit 1 when a document scores below this percentage (0-100)', parseScore)
    .option('--fail-on-unsubstantiated', 'exit 1 when a document makes an unsubstantiated claim')
    .option('-o, --output <file>', 'write the report to this file instead of stdout')
    .option('--color', 'colour the terminal report (default: when stdout is a terminal and NO_COLOR is unset)')
    .option('--no-color', 'never colour the report')
    .option('-j, --jobs <n>', 'documents audited in parallel (default: the number of cores)', parseJobs)
    .option('--allow-private', 'allow URLs on private, loopback and link-local addresses')
    .option('--max-bytes <size>', 'largest input read, e.g. 10MB (default: 10MB for URLs, 100MB for files and stdin)', parseSize)
    .option('--timeout <duration>', 'time limit of a URL fetch, e.g. 20s (default 20s)', parseDuration)
    .option('--max-chars <n>', 'characters of text audited per document, e.g. 4M; a longer text is audited up to there and marked truncated (default 4M)', parseCount)
    .addOption(new Option('--lang <lang>', "language of the report (default: the document's)").argParser(parseLang));
}

function firstLine(s: string): string {
  return (
    s
      .replace(/^error:\s*/i, '')
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? s.trim()
  );
}

/** Build the program; `setCode` receives each action's exit code. */
export function buildProgram(setCode: (code: number) => void): Command {
  const program = new Command('unsaid');
  program
    .description('Audit what an AI model release document discloses, what it leaves out, and which of its claims can be checked.')
    .version(VERSION, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => process.stdout.write(s),
      writeErr: (s) => process.stderr.write(s),
      outputError: (s, write) => write(`unsaid: ${firstLine(s)}\n`),
    })
    .addHelpText('after', EXIT_HELP);

  const run = (mode: Mode) => async (inputs: string[], options: AuditCliOptions) => {
    const { runAudit } = await import('./commands/audit.js');
    setCode(await runAudit(inputs, options, mode));
  };

  addAuditOptions(
    program
      .command('audit')
      .description('audit documents: files, directories, globs, @list files, - (stdin) or URLs')
      .argument('<inputs...>', 'documents to audit'),
    'audit',
  ).action(run('audit'));

  addAuditOptions(
    program
      .command('claims')
      .description('list only the claims of documents, with their verdicts')
      .argument('<inputs...>', 'documents to read'),
    'claims',
  ).action(run('claims'));

  const rubric = program.command('rubric').description('show the default rubric or check a rubric file');
  rubric
    .command('show')
    .description('print the indicators of the default rubric (or of a rubric file): ids, titles, weights')
    .argument('[file]', 'a rubric file instead of the default rubric')
    .option('--json', 'print JSON')
    .addOption(new Option('--lang <lang>', 'language of the titles').argParser(parseLang))
    .action(async (file: string | undefined, opts: { json?: boolean; lang?: 'en' | 'zh' }) => {
      const { showRubric } = await import('./commands/rubric.js');
      const { loadRubric } = await import('../rubric/index.js');
      process.stdout.write(showRubric(loadRubric(file), opts));
      setCode(ExitCode.ok);
    });
  rubric
    .command('check')
    .description('validate a rubric file (exit 7 with the first problem when it is invalid)')
    .argument('<file>', 'the rubric file (YAML or JSON)')
    .action(async (file: string) => {
      const { checkRubric } = await import('./commands/rubric.js');
      process.stdout.write(checkRubric(file));
      setCode(ExitCode.ok);
    });

  return program;
}

/** The first word that is not an option: the command asked for. */
function commandWord(args: string[]): string | undefined {
  return args.find((a) => !a.startsWith('-'));
}

/** Register the store commands (src/cli/commands/store.ts) when that module exists. */
async function registerStore(program: Command): Promise<void> {
  const spec = './commands/store.js';
  let mod: { registerStoreCommands?: (p: Command) => void | Promise<void> };
  try {
    mod = (await import(spec)) as typeof mod;
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if ((e.code === 'ERR_MODULE_NOT_FOUND' || e.code === 'MODULE_NOT_FOUND') && /commands[\\/]store/.test(e.message)) return;
    throw err;
  }
  if (typeof mod.registerStoreCommands === 'function') await mod.registerStoreCommands(program);
}

function report(err: unknown): number {
  if (err instanceof CommanderError) {
    // Commander printed its own message (help, version, or a one-line error through outputError).
    return err.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
  }
  if (err instanceof UnsaidError) {
    process.stderr.write(`unsaid: ${oneLine(err)}\n`);
    if (process.env.UNSAID_DEBUG === '1' && err.stack) process.stderr.write(`${err.stack}\n`);
    return err.exitCode;
  }
  process.stderr.write(`unsaid: internal error: ${oneLine(err)}\n`);
  if (process.env.UNSAID_DEBUG === '1' && err instanceof Error && err.stack) process.stderr.write(`${err.stack}\n`);
  return ExitCode.internal;
}

/** Run the CLI and return the exit code (does not exit). `argv` as process.argv: [node, script, ...args]. */
export async function run(argv: string[]): Promise<number> {
  let code: number = ExitCode.ok;
  try {
    const program = buildProgram((c) => {
      code = c;
    });
    const word = commandWord(argv.slice(2));
    if (word === undefined || !OWN_COMMANDS.has(word)) await registerStore(program);
    await program.parseAsync(argv);
  } catch (err) {
    code = report(err);
  }
  return code;
}

let pipeGuard = false;

/** Library warnings (e.g. a YAML warning about a document's front matter) are not the user's business. */
export function quietWarnings(): void {
  process.removeAllListeners('warning');
  process.on('warning', (w) => {
    if (process.env.UNSAID_DEBUG === '1') process.stderr.write(`unsaid: warning: ${oneLine(w)}\n`);
  });
}

export async function main(argv: string[]): Promise<void> {
  if (!pipeGuard) {
    pipeGuard = true;
    quietWarnings();
    // `unsaid audit … | head`: a closed pipe is not an error.
    process.stdout.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      process.stderr.write(`unsaid: cannot write to stdout (${err.code ?? err.message})\n`);
      process.exit(ExitCode.internal);
    });
  }
  process.exitCode = await run(argv);
}
