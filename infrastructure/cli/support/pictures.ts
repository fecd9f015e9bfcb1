/**
 * Text pictures for a terminal: a bar of how much of a limit is used, and a sparkline of a series.
 * Pure functions of their numbers; commands draw them only on a TTY (CSV and JSON stay plain).
 */

const EIGHTHS = ['', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];

/** `used` of `limit` as a bar `width` cells wide, in eighths of a cell; over the limit it is full and ends with `!`. */
export function usageBar(used: number, limit: number, width = 20): string {
  if (!(limit > 0) || !Number.isFinite(used)) return ' '.repeat(width);
  const share = Math.max(0, used) / limit;
  const eighths = Math.round(Math.min(1, share) * width * 8);
  const full = Math.floor(eighths / 8);
  const drawn = `${'█'.repeat(full)}${EIGHTHS[eighths % 8] ?? ''}`;
  const bar = `${drawn}${'·'.repeat(Math.max(0, width - [...drawn].length))}`;
  return share > 1 ? `${bar.slice(0, -1)}!` : bar;
}

const TICKS = ['▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** One tick per value, scaled from 0 to the largest; an empty series is empty, all zeros are the lowest tick. */
export function sparkline(values: readonly number[]): string {
  const top = Math.max(0, ...values);
  return values.map((v) => (top === 0 ? TICKS[0] : TICKS[Math.min(7, Math.round((Math.max(0, v) / top) * 7))])).join('');
}
