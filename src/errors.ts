/**
 * Every failure a user can cause ends in one line on stderr and one of these exit codes.
 * The table is documented in README.md ("Exit codes"); keep the two in step.
 */
export const ExitCode = {
  ok: 0,
  /** --fail-under threshold missed, or --fail-on-unsubstantiated found a claim. */
  threshold: 1,
  /** Bad command line (unknown option, missing argument). */
  usage: 2,
  /** Input missing or unreadable (no such file, permission denied, directory). */
  unreadable: 3,
  /** Input read but not auditable: empty, binary, unknown or corrupt format, no text. */
  unsupported: 4,
  /** URL refused before fetching (SSRF guard: private/loopback/metadata address, bad scheme). */
  refused: 5,
  /** URL fetch failed (network error, timeout, too large, too many redirects, HTTP error). */
  fetchFailed: 6,
  /** Rubric file invalid. */
  rubric: 7,
  /** Store (database) error, or the requested record does not exist. */
  store: 8,
  /** Some files of a batch failed (the rest were audited). */
  partialFailure: 9,
  /** A bug in unsaid. */
  internal: 70,
} as const;

export type ExitCodeName = keyof typeof ExitCode;

/** An expected failure: reported as `unsaid: <message>` and exit code `ExitCode[kind]`. */
export class UnsaidError extends Error {
  readonly kind: ExitCodeName;
  constructor(kind: ExitCodeName, message: string) {
    super(message);
    this.name = 'UnsaidError';
    this.kind = kind;
  }
  get exitCode(): number {
    return ExitCode[this.kind];
  }
}

/** One line, no stack, whatever was thrown. */
export function oneLine(err: unknown): string {
  const msg = err instanceof Error ? err.message : String(err);
  return msg.replace(/\s+/g, ' ').trim().slice(0, 500);
}
