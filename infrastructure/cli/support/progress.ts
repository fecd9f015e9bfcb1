/**
 * Progress of long runs (replay, rebuild, verify) on stderr: a bar with events/s and ETA on a
 * terminal (cli-progress), plain lines at most once a second otherwise (logs, CI, pipes).
 */
import { Presets, SingleBar } from 'cli-progress';

export interface ProgressReporter {
  /** `done` events of `total` (total unknown: undefined). */
  update(done: number): void;
  stop(): void;
}

export interface ProgressStream {
  readonly isTTY?: boolean;
  write(text: string): unknown;
}

const rate = (done: number, startedAt: number, now: number): number => Math.round((done * 1000) / Math.max(1, now - startedAt));
const grouped = (n: number): string => n.toLocaleString('en-US');

function etaSeconds(done: number, total: number, perSecond: number): number {
  return perSecond === 0 ? 0 : Math.ceil((total - done) / perSecond);
}

/** "rebuild: 5,000/20,000 events (25%), 41,000 events/s, ETA 1s" */
export function progressLine(label: string, done: number, total: number | undefined, perSecond: number): string {
  if (total === undefined || total === 0) return `${label}: ${grouped(done)} events, ${grouped(perSecond)} events/s`;
  const percent = Math.floor((done * 100) / total);
  return `${label}: ${grouped(done)}/${grouped(total)} events (${percent}%), ${grouped(perSecond)} events/s, ETA ${etaSeconds(done, total, perSecond)}s`;
}

class PlainProgress implements ProgressReporter {
  readonly #startedAt = Date.now();
  /** The first line comes after one interval: a short run prints only its final line. */
  #lastLine = this.#startedAt;
  #done = 0;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly stream: ProgressStream,
    private readonly intervalMs: number,
  ) {}

  update(done: number): void {
    this.#done = done;
    const now = Date.now();
    if (now - this.#lastLine < this.intervalMs) return;
    this.#lastLine = now;
    this.#print(now);
  }

  stop(): void {
    this.#print(Date.now());
  }

  #print(now: number): void {
    this.stream.write(`${progressLine(this.label, this.#done, this.total, rate(this.#done, this.#startedAt, now))}\n`);
  }
}

class BarProgress implements ProgressReporter {
  readonly #bar: SingleBar;
  readonly #startedAt = Date.now();

  constructor(label: string, total: number, stream: ProgressStream) {
    this.#bar = new SingleBar(
      {
        format: `${label} |{bar}| {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted}`,
        hideCursor: true,
        stream: stream as NodeJS.WritableStream,
        gracefulExit: true,
      },
      Presets.shades_classic,
    );
    this.#bar.start(total, 0, { speed: '0' });
  }

  update(done: number): void {
    this.#bar.update(done, { speed: grouped(rate(done, this.#startedAt, Date.now())) });
  }

  stop(): void {
    this.#bar.stop();
  }
}

export function createProgress(label: string, total: number | undefined, stream: ProgressStream = process.stderr, intervalMs = 1000): ProgressReporter {
  if (stream.isTTY === true && total !== undefined && total > 0) return new BarProgress(label, total, stream);
  return new PlainProgress(label, total, stream, intervalMs);
}
