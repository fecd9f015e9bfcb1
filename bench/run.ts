/**
 * `npm run bench [-- --quick] [-- --five-million]`: generates (or reuses) a realistic history,
 * then measures every figure of issue 7 next to a baseline measured in the same run, each run in
 * a fresh process, and reports medians, extremes, rates, ratios and peak RSS.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { billingAgreements } from '../application/aggregates/billing-agreement.js';
import { BATCH_HEAP_FLAGS } from '../infrastructure/cli/bounded-heap.mjs';
import { DEFAULT_SNAPSHOT_EVERY } from '../infrastructure/composition/create-billing-engine.js';
import { MIGRATIONS } from '../infrastructure/event-store/sqlite/schema.js';
import { median, percentile, table, type Figure } from './stats.js';
import { evaluate } from './targets.js';

const root = resolve(import.meta.dirname);
const options = new Command('bench')
  .option('--quick', 'development size: 100,000 events, fewer commands')
  .option('--events <n>', 'events in the generated history', (v) => Number(v))
  .option('--five-million', 'also replay a 5,000,000-event history (growth and memory)')
  .option('--runs <n>', 'runs per figure (at least 3)', (v) => Math.max(3, Number(v)), 3)
  .option('--commands <n>', 'commands per command run', (v) => Number(v))
  .option('--command-runs <n>', 'runs per command figure (at least 3; each is about a second)', (v) => Math.max(3, Number(v)), 5)
  .option('--seed <n>', 'seed of the generated history', (v) => Number(v), 1)
  .parse(process.argv)
  .opts<{ quick?: boolean; events?: number; fiveMillion?: boolean; runs: number; commands?: number; commandRuns: number; seed: number }>();

const events = options.events ?? (options.quick ? 100_000 : 1_000_000);
const commands = options.commands ?? (options.quick ? 300 : 1_000);
const scratch = join(root, 'cache', 'scratch');

/** `nodeFlags`: those of the process the measured code runs in (the CLI's batch commands: bounded-heap.mjs). */
function worker(task: Record<string, unknown>, nodeFlags: readonly string[] = []): Record<string, unknown> & { ms: number; maxRssMb: number } {
  const child = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', join(root, 'worker.ts'), JSON.stringify(task)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 * 1024 * 1024 });
  const line = child.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (child.status !== 0 || line === undefined) throw new Error(`bench task ${String(task['task'])} failed (exit ${child.status})`);
  return JSON.parse(line.slice('RESULT '.length)) as Record<string, unknown> & { ms: number; maxRssMb: number };
}

/** The generated history for a size, made once and kept in bench/cache/ (keyed by its parameters). */
function history(size: number): string {
  mkdirSync(join(root, 'cache'), { recursive: true });
  // `running`: an engine ran on it after it was generated (followers caught up, snapshots of this version and interval; bench/tasks/generate.ts).
  const file = join(root, 'cache', `history-${size}-seed${options.seed}-schema${MIGRATIONS.length}-running-v${billingAgreements.snapshotVersion}-every${DEFAULT_SNAPSHOT_EVERY}.db`);
  if (!existsSync(file)) {
    process.stderr.write(`generating ${size.toLocaleString('en-US')} events into ${file}\n`);
    worker({ task: 'generate', file: `${file}.partial`, events: size, seed: options.seed });
    copyFileSync(`${file}.partial`, file);
    rmSync(`${file}.partial`, { force: true });
  }
  return file;
}

/** A private copy, for runs that write (the baseline's rows must not meet the engine's). */
function copyOf(file: string, name: string): string {
  mkdirSync(scratch, { recursive: true });
  const copy = join(scratch, name);
  rmSync(copy, { force: true });
  copyFileSync(file, copy);
  return copy;
}

interface FigureSpec {
  readonly name: string;
  readonly task: () => Record<string, unknown>;
  readonly items: number;
  readonly baseline?: string;
}

type RunResult = { ms: number; maxRssMb: number; latencies?: number[]; loopMs?: number };

/**
 * Every figure of the group `runs` times, in rounds: one run of each figure, then the
 * next round. On a shared machine slow minutes then fall on every figure alike, not on whichever
 * figure was running (a figure's runs one after another put a slow spell all on one side of a ratio).
 */
function rounds(specs: readonly FigureSpec[], runs = options.runs): Figure[] {
  const results = specs.map((): RunResult[] => []);
  for (let round = 1; round <= runs; round++) {
    specs.forEach((spec, i) => {
      process.stderr.write(`  ${spec.name}: run ${round}/${runs}\n`);
      results[i]?.push(spec.task() as RunResult);
    });
  }
  return specs.map(({ name, items, baseline }, i) => {
    const runs = results[i] ?? [];
    const latencies = runs.flatMap((r) => r.latencies ?? []);
    return {
      name,
      runsMs: runs.map((r) => r.loopMs ?? r.ms),
      items,
      peakRssMb: Math.max(...runs.map((r) => r.maxRssMb)),
      ...(baseline === undefined ? {} : { baseline }),
      ...(latencies.length ? { latencies: { p50: percentile(latencies, 50), p99: percentile(latencies, 99), p999: percentile(latencies, 99.9) } } : {}),
    };
  });
}

const figures: Figure[] = [];
const main = history(events);
// Rebuild and verify run as `billing-engine rebuild` / `audit verify` run them, in a process with a
// capped heap (bounded-heap.mjs); the baseline's raw read runs under the same flags.
const batch = (task: Record<string, unknown>) => worker(task, BATCH_HEAP_FLAGS);
const RAW_READ = 'replay: baseline (raw iteration + JSON.parse)';
const REBUILD = 'replay: engine (rebuild every projection)';
figures.push(
  ...rounds([
    { name: RAW_READ, task: () => batch({ task: 'replay-baseline', file: main }), items: events },
    { name: REBUILD, task: () => batch({ task: 'replay-engine', file: main }), items: events, baseline: RAW_READ },
    // The same rebuild on one thread (the default shares the partitions between two on two cores).
    { name: 'replay: engine, one thread', task: () => batch({ task: 'replay-engine', file: main, threads: 1 }), items: events, baseline: RAW_READ },
    // The same rebuild in a plain node process (the default heap limit of this machine): what the cap changes.
    { name: 'replay: engine, default node heap', task: () => worker({ task: 'replay-engine', file: main }), items: events, baseline: RAW_READ },
    { name: 'verify: audit verify (chain, replay, ordered comparison)', task: () => batch({ task: 'verify', file: main }), items: events, baseline: REBUILD },
  ]),
);
if (options.fiveMillion) {
  const big = history(5_000_000);
  figures.push(
    ...rounds([
      { name: 'replay: engine, 5M events', task: () => batch({ task: 'replay-engine', file: big }), items: 5_000_000, baseline: RAW_READ },
      { name: 'verify: audit verify, 5M events', task: () => batch({ task: 'verify', file: big }), items: 5_000_000, baseline: 'replay: engine, 5M events' },
    ]),
  );
}
const small = history(Math.min(events, 100_000));
/**
 * `audit state --as-of` of one agreement: the median time, the first 5 of each process left out
 * (warm-up); the sizes in rounds, as the figures (a 2 ms measure moves with the machine's load).
 */
function asOfMedians(files: readonly string[]): number[] {
  const times = files.map((): number[] => []);
  for (let round = 0; round < options.commandRuns; round++) {
    files.forEach((file, i) => times[i]?.push(...(worker({ task: 'as-of', file, repetitions: 30 }) as unknown as { runs: number[] }).runs.slice(5)));
  }
  return times.map((series) => median(series));
}
const [smallMs = 0, mainMs = 0, bigMs] = asOfMedians([small, main, ...(options.fiveMillion ? [history(5_000_000)] : [])]);
const asOfFigures = { smallMs, mainMs, ...(bigMs === undefined ? {} : { bigMs }) };
const commandTask = (task: string, inFlight: number, followers = false, writerThread = false, projectionsFile = false, bursts?: { size: number; pauseMs: number }) => () => {
  const file = copyOf(small, 'commands.db');
  // A file of projections of its own starts empty: the engine builds it from the history as it starts, before the warm-up.
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}.projections${suffix}`, { force: true });
  return worker({ task, file, commands, inFlight, followers, writerThread, ...(projectionsFile ? { projectionsFile: `${file}.projections` } : {}), ...(bursts ? { bursts } : {}) });
};
/** Bursts after pauses longer than the WAL checkpointer's idle second (wal-checkpoint-worker.mjs). */
const BURSTS = { size: 250, pauseMs: 1_600 };
const RAW_BURSTS = 'commands: baseline, bursts after 1.6 s pauses';
const RAW_LOOP = 'commands: baseline (raw durable loop)';
figures.push(
  ...rounds([
    { name: RAW_LOOP, task: commandTask('commands-baseline', 1), items: commands },
    { name: 'commands: engine, one at a time', task: commandTask('commands-engine', 1), items: commands, baseline: RAW_LOOP },
    { name: 'commands: engine, 64 in flight', task: commandTask('commands-engine', 64), items: commands, baseline: RAW_LOOP },
    { name: 'commands: engine, one at a time, every follower on', task: commandTask('commands-engine', 1, true), items: commands, baseline: RAW_LOOP },
    // The same with the projections in a SQLite file of their own (--projections sqlite:<file>), followed on their own thread.
    { name: 'commands: engine, one at a time, every follower on, projections in their own file', task: commandTask('commands-engine', 1, true, false, true), items: commands, baseline: RAW_LOOP },
    // The writer-thread design of group commit, measured beside the default (group-commit.ts).
    { name: 'commands: engine, one at a time, writer thread', task: commandTask('commands-engine', 1, false, true), items: commands, baseline: RAW_LOOP },
    { name: 'commands: engine, 64 in flight, writer thread', task: commandTask('commands-engine', 64, false, true), items: commands, baseline: RAW_LOOP },
    // Bursts of 250 commands one at a time after pauses (left out of the time): a service that goes quiet and busy again.
    { name: RAW_BURSTS, task: commandTask('commands-baseline', 1, false, false, false, BURSTS), items: commands },
    { name: 'commands: engine, one at a time, bursts after 1.6 s pauses', task: commandTask('commands-engine', 1, false, false, false, BURSTS), items: commands, baseline: RAW_BURSTS },
  ], options.commandRuns),
);
type LoadRun = { shortMs: number[]; longMs: number[]; shortColdMs: number[]; longColdMs: number[]; hugeColdMs: number[] };
const load = Array.from({ length: options.runs }, () => worker({ task: 'load', file: copyOf(small, 'load.db'), repetitions: 30 }) as unknown as LoadRun);
/** The median of each series, the first 5 loads of each run left out (JIT warm-up). */
const loadMedian = (series: (run: LoadRun) => number[]): number => median(load.flatMap((run) => series(run).slice(5)));
const loadFigures = {
  shortMs: loadMedian((l) => l.shortMs),
  longMs: loadMedian((l) => l.longMs),
  shortColdMs: loadMedian((l) => l.shortColdMs),
  longColdMs: loadMedian((l) => l.longColdMs),
  hugeColdMs: loadMedian((l) => l.hugeColdMs),
};
rmSync(scratch, { recursive: true, force: true });

const verdicts = evaluate(figures, loadFigures, asOfFigures);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
const report = { at: new Date().toISOString(), machine, events, commands, runs: options.runs, commandRuns: options.commandRuns, figures, load: loadFigures, asOf: asOfFigures, verdicts };
mkdirSync(join(root, 'results'), { recursive: true });
const out = join(root, 'results', `${report.at.replace(/[:.]/g, '-')}.json`);
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(`\n${machine}; history ${events.toLocaleString('en-US')} events; ${commands} commands per run; ${options.runs} runs of each replay figure, ${options.commandRuns} of each command figure, in rounds\n`);
console.log(table(figures));
console.log(`\nload, latest point in memory: 50-event agreement ${loadFigures.shortMs.toFixed(3)} ms, 1,000-event agreement ${loadFigures.longMs.toFixed(3)} ms (median)`);
console.log(`load, nothing in memory (stored snapshot): 50-event agreement ${loadFigures.shortColdMs.toFixed(3)} ms, 1,000-event agreement ${loadFigures.longColdMs.toFixed(3)} ms (${(loadFigures.longColdMs / loadFigures.shortColdMs).toFixed(2)}×), 10,000-event agreement ${loadFigures.hugeColdMs.toFixed(3)} ms (${(loadFigures.hugeColdMs / loadFigures.shortColdMs).toFixed(2)}×)\n`);
console.log(`audit state --as-of, one agreement: ${asOfFigures.smallMs.toFixed(3)} ms at 100,000 events, ${asOfFigures.mainMs.toFixed(3)} ms at ${events.toLocaleString('en-US')}${asOfFigures.bigMs === undefined ? '' : `, ${asOfFigures.bigMs.toFixed(3)} ms at 5,000,000`} (median)\n`);
for (const v of verdicts) console.log(`${v.met ? 'met   ' : 'MISSED'} ${v.target}: ${v.measured}`);
console.log(`\nreport: ${out}`);
