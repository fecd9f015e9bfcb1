/** The targets of issues 7, 11 and 13, each a ratio measured in the same run. */
import { median, ratePerSecond, type Figure } from './stats.js';

export interface Verdict {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean;
}

function find(figures: readonly Figure[], prefix: string): Figure | undefined {
  return figures.find((f) => f.name.startsWith(prefix));
}

export interface LoadFigures {
  readonly shortMs: number;
  readonly longMs: number;
  readonly shortColdMs: number;
  readonly longColdMs: number;
  readonly hugeColdMs: number;
}

export interface AsOfFigures {
  readonly smallMs: number;
  readonly mainMs: number;
  readonly bigMs?: number;
}

export function evaluate(figures: readonly Figure[], load: LoadFigures, asOf?: AsOfFigures): Verdict[] {
  const verdicts: Verdict[] = [];
  const check = (target: string, value: number, limit: number, atLeast: boolean) =>
    verdicts.push({ target, measured: value.toFixed(3), met: atLeast ? value >= limit : value <= limit });
  const replayBase = find(figures, 'replay: baseline');
  const replay = find(figures, 'replay: engine (');
  const big = find(figures, 'replay: engine, 5M');
  if (replayBase && replay) {
    check('rebuild every projection ≥ 0.4 × baseline (stretch 0.6)', ratePerSecond(replay) / ratePerSecond(replayBase), 0.4, true);
    check('replay peak RSS − baseline peak RSS ≤ 64 MB', replay.peakRssMb - replayBase.peakRssMb, 64, false);
  }
  if (replay && big) {
    check('5M replay time ≤ 5.5 × 1M time', median(big.runsMs) / median(replay.runsMs), 5.5, false);
    check('5M replay peak RSS ≤ 1.1 × 1M peak RSS', big.peakRssMb / replay.peakRssMb, 1.1, false);
  }
  const verify = find(figures, 'verify: audit verify (');
  const bigVerify = find(figures, 'verify: audit verify, 5M');
  if (verify && replay) check('audit verify time ≤ 2 × rebuild time (same file)', median(verify.runsMs) / median(replay.runsMs), 2, false);
  if (bigVerify && big) check('audit verify at 5M: time ≤ 2 × rebuild time of the 5M file', median(bigVerify.runsMs) / median(big.runsMs), 2, false);
  if (bigVerify && verify) {
    check('audit verify peak RSS at 5M ≤ 1.1 × at 1M', bigVerify.peakRssMb / verify.peakRssMb, 1.1, false);
    check('audit verify peak RSS at 5M ≤ 400 MB', bigVerify.peakRssMb, 400, false);
  }
  if (asOf) {
    check('audit state --as-of at the main size ≤ 1.5 × at 100,000 events', asOf.mainMs / asOf.smallMs, 1.5, false);
    if (asOf.bigMs !== undefined) check('audit state --as-of at 5M ≤ 1.5 × at 100,000 events', asOf.bigMs / asOf.smallMs, 1.5, false);
  }
  const base = find(figures, 'commands: baseline');
  const one = find(figures, 'commands: engine, one');
  const many = find(figures, 'commands: engine, 64');
  if (base && one) {
    check('commands one at a time ≥ 0.8 × baseline', ratePerSecond(one) / ratePerSecond(base), 0.8, true);
    if (one.latencies && base.latencies) {
      check('command p99 ≤ 1.5 × baseline p99', one.latencies.p99 / base.latencies.p99, 1.5, false);
      check('command p99.9 ≤ 3 × own p99 (no WAL checkpoint on the command path)', one.latencies.p999 / one.latencies.p99, 3, false);
    }
  }
  if (base && many) check('group commit (64 in flight) ≥ 2.5 × baseline per-command durable rate', ratePerSecond(many) / ratePerSecond(base), 2.5, true);
  const followers = find(figures, 'commands: engine, one at a time, every follower');
  if (base && followers) check('commands with every follower on (as npm start) ≥ 0.6 × baseline', ratePerSecond(followers) / ratePerSecond(base), 0.6, true);
  const ownFile = find(figures, 'commands: engine, one at a time, every follower on, projections in their own file');
  if (base && ownFile) check('the same with the projections in a SQLite file of their own (--projections sqlite:<file>) ≥ 0.6 × baseline', ratePerSecond(ownFile) / ratePerSecond(base), 0.6, true);
  check('loading a 1,000-event agreement ≤ 2 × a 50-event one (latest point in memory)', load.longMs / load.shortMs, 2, false);
  check('loading a 1,000-event agreement with nothing in memory (stored snapshot, as after a restart) ≤ 1.5 × a 50-event one', load.longColdMs / load.shortColdMs, 1.5, false);
  check('the same for a 10,000-event agreement ≤ 2 × a 50-event one', load.hugeColdMs / load.shortColdMs, 2, false);
  return verdicts;
}
