/** Where a command writes: the process's stdout and stderr, or a test's buffers. */
import type { ProgressStream } from './progress.js';

export interface Io {
  /** Results (reports, histories): stdout. */
  readonly out: (text: string) => void;
  /** Notes and progress: stderr. */
  readonly err: ProgressStream;
  /** Whether results go to a terminal (pictures in tables); absent: no. */
  readonly tty?: boolean;
}

export const processIo: Io = { out: (text) => void process.stdout.write(text), err: process.stderr, tty: process.stdout.isTTY === true };

/** Where a command's results go when it needs nothing but a writer: stdout, or a test's buffer. */
export interface CliOutput {
  write(text: string): void;
}

export const stdoutOutput: CliOutput = { write: (text) => void process.stdout.write(text) };
