/**
 * A progress bar for batches, on stderr, only when stderr is a terminal and CI is not set
 * (cli-progress is loaded only then). Lines printed while the bar runs go through `log`.
 */
export interface Progress {
  tick(source: string): void;
  /** Print a line to stderr without garbling the bar. */
  log(line: string): void;
  stop(): void;
}

export function progressWanted(total: number, env: NodeJS.ProcessEnv = process.env): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== 'false' && env.CI !== '0';
  return total > 1 && process.stderr.isTTY === true && !ci && env.UNSAID_NO_PROGRESS !== '1';
}

const quiet: Progress = {
  tick() {},
  log(line) {
    process.stderr.write(line.endsWith('\n') ? line : `${line}\n`);
  },
  stop() {},
};

export async function createProgress(total: number, enabled = progressWanted(total)): Promise<Progress> {
  if (!enabled) return quiet;
  const { default: cliProgress } = await import('cli-progress');
  const bar = new cliProgress.SingleBar(
    {
      stream: process.stderr,
      format: ' {bar} {value}/{total} {percentage}% | {eta_formatted} left | {file}',
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 50,
      fps: 10,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { file: '' });
  let done = 0;
  let stopped = false;
  return {
    tick(source) {
      done++;
      const shown = source.length > 40 ? `…${source.slice(-39)}` : source;
      bar.update(done, { file: shown.replace(/[\u0000-\u001f\u007f-\u009f]/g, '') });
    },
    log(line) {
      if (stopped) return quiet.log(line);
      // cli-progress has no log API: clear the bar line, print, and let the next redraw restore it.
      process.stderr.write(`\r\u001b[K${line.endsWith('\n') ? line : `${line}\n`}`);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}
