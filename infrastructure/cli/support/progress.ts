/**
 * Progress of long runs (replay, rebuild, verify) on stderr: a bar with events/s and ETA on a
 * terminal (cli-progress), plain lines at most once a second otherwise (logs, CI, pipes).
 */
import { MultiBar, Presets } from 'cli-progress';

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
  #lastUpdate = this.#startedAt;
  #done = 0;
  #stopped = false;

  constructor(
    private readonly label: string,
    private readonly total: number | undefined,
    private readonly stream: ProgressStream,
    private readonly intervalMs: number,
  ) {}

  update(done: number): void {
    this.#done = done;
    const now = Date.now();
    this.#lastUpdate = now;
    if (now - this.#lastLine < this.intervalMs) return;
    this.#lastLine = now;
    this.#print(now);
  }

  /** The final line, once: its rate is that of the run up to its last update (a phase may end before the others). */
  stop(): void {
    if (this.#stopped) return;
    this.#stopped = true;
    this.#print(this.#lastUpdate);
  }

  #print(now: number): void {
    this.stream.write(`${progressLine(this.label, this.#done, this.total, rate(this.#done, this.#startedAt, now))}\n`);
  }
}

/** Phases running at once (the chain check beside the replay of `audit verify`), each with its own progress. */
export interface ProgressGroup {
  add(label: string, total: number | undefined): ProgressReporter;
  /** A line above the bars (on a terminal), or among the progress lines. */
  log(line: string): void;
  /** Ends every phase's progress (one that ended already, by its own `stop`, is left as it is). */
  stop(): void;
}

const BAR_FORMAT = (label: string): string => `${label} |{bar}| {percentage}% | {value}/{total} events | {speed} events/s | ETA {eta_formatted}`;

/** On a terminal, when every total is known: one bar per phase, redrawn together; otherwise plain lines of each phase, interleaved. */
export function createProgressGroup(stream: ProgressStream = process.stderr, intervalMs = 1000): ProgressGroup {
  const members: ProgressReporter[] = [];
  let bars: MultiBar | undefined;
  return {
    add(label, total) {
      if (stream.isTTY !== true || total === undefined || total === 0) {
        const plain = new PlainProgress(label, total, stream, intervalMs);
        members.push(plain);
        return plain;
      }
      bars ??= new MultiBar({ hideCursor: true, stream: stream as NodeJS.WritableStream, gracefulExit: true }, Presets.shades_classic);
      const startedAt = Date.now();
      const bar = bars.create(total, 0, { speed: '0' }, { format: BAR_FORMAT(label) });
      return {
        update: (done) => bar.update(done, { speed: grouped(rate(done, startedAt, Date.now())) }),
        stop: () => undefined,
      };
    },
    log(line) {
      if (bars === undefined) stream.write(line);
      else bars.log(line);
    },
    stop() {
      bars?.stop();
      for (const member of members) member.stop();
    },
  };
}

/** One run's progress: a group of one. */
export function createProgress(label: string, total: number | undefined, stream: ProgressStream = process.stderr, intervalMs = 1000): ProgressReporter {
  const group = createProgressGroup(stream, intervalMs);
  const reporter = group.add(label, total);
  return { update: (done) => reporter.update(done), stop: () => group.stop() };
}
