/** Figures of repeated runs: medians, extremes, percentiles, and the table printed at the end. */

export const median = (values: readonly number[]): number => percentile(values, 50);

export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] ?? Number.NaN;
}

export interface Figure {
  readonly name: string;
  /** Wall times of the runs, ms. */
  readonly runsMs: readonly number[];
  /** Items per run (events or commands). */
  readonly items: number;
  readonly peakRssMb: number;
  /** The figure this one is compared with (same run of the harness). */
  readonly baseline?: string;
  readonly latencies?: { readonly p50: number; readonly p99: number; readonly p999: number };
}

export const ratePerSecond = (f: Figure): number => f.items / (median(f.runsMs) / 1000);

export function table(figures: readonly Figure[]): string {
  const byName = new Map(figures.map((f) => [f.name, f]));
  const rows = figures.map((f) => {
    const base = f.baseline === undefined ? undefined : byName.get(f.baseline);
    const ratio = base === undefined ? '' : (ratePerSecond(f) / ratePerSecond(base)).toFixed(3);
    const lat = f.latencies ? `${f.latencies.p50.toFixed(2)} / ${f.latencies.p99.toFixed(2)} / ${f.latencies.p999.toFixed(2)}` : '';
    return [
      f.name,
      median(f.runsMs).toFixed(0),
      `${Math.min(...f.runsMs).toFixed(0)}–${Math.max(...f.runsMs).toFixed(0)}`,
      Math.round(ratePerSecond(f)).toLocaleString('en-US'),
      ratio,
      f.peakRssMb.toFixed(0),
      lat,
    ];
  });
  const header = ['figure', 'median ms', 'min–max ms', 'per second', 'ratio to baseline', 'peak RSS MB', 'latency p50 / p99 / p99.9 ms'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}
