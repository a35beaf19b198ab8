/** Where reports go: stdout or an --output file; and the colour decision. */
import { closeSync, openSync, writeSync } from 'node:fs';
import { UnsaidError } from '../errors.js';

export interface Output {
  write(s: string): Promise<void>;
  close(): void;
  isFile: boolean;
}

export function openOutput(path: string | undefined): Output {
  if (!path || path === '-') {
    return {
      isFile: false,
      write(s) {
        if (s === '') return Promise.resolve();
        if (process.stdout.write(s)) return Promise.resolve();
        return new Promise((resolve) => process.stdout.once('drain', () => resolve()));
      },
      close() {},
    };
  }
  let fd: number;
  try {
    fd = openSync(path, 'w');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UnsaidError('unreadable', `cannot write the output file ${path} (${code ?? (err as Error).message})`);
  }
  return {
    isFile: true,
    write(s) {
      try {
        writeSync(fd, s);
      } catch (err) {
        throw new UnsaidError(
          'unreadable',
          `cannot write the output file ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
        );
      }
      return Promise.resolve();
    },
    close() {
      try {
        closeSync(fd);
      } catch {
        /* already closed */
      }
    },
  };
}

/** --color / --no-color, else: colour when writing to a terminal and NO_COLOR is unset. */
export function wantColor(flag: boolean | undefined, toFile: boolean, env: NodeJS.ProcessEnv = process.env): boolean {
  if (flag !== undefined) return flag;
  if (toFile) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '' && env.FORCE_COLOR !== '0') return true;
  return process.stdout.isTTY === true;
}

/** Read all of stdin, up to maxBytes (then UnsaidError('unsupported')). */
export async function readStdin(maxBytes: number): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of process.stdin) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    total += buf.length;
    if (total > maxBytes) {
      process.stdin.destroy();
      throw new UnsaidError('unsupported', `-: stdin is larger than the size limit (${maxBytes} bytes; see --max-bytes)`);
    }
    chunks.push(buf);
  }
  return new Uint8Array(Buffer.concat(chunks, total));
}
