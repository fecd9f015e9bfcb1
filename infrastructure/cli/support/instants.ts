/** Instants given on the command line: ISO-8601 with an explicit zone, turned into UTC. */
import type { Instant } from '../../../domain/shared/time.js';
import { CliError, EXIT } from '../program.js';

const PATTERN = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(Z|[+-]\d{2}:\d{2})$/;

/** "2026-03-31T23:59:59+09:00" → "2026-03-31T14:59:59.000Z"; undefined for anything else. */
export function parseInstant(text: string): Instant | undefined {
  const m = PATTERN.exec(text.trim());
  if (m === null || Number(m[1]) < 1970) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1, 7).map((part) => Number(part ?? '0'));
  // ".5" is 500 ms.
  const ms = Number((m[7] ?? '0').padEnd(3, '0'));
  const zone = m[8] ?? 'Z';
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms);
  const check = new Date(wall);
  // Refuse dates that Date would roll over (Feb 30, hour 24, minute 60).
  if (check.getUTCFullYear() !== year || check.getUTCMonth() + 1 !== month || check.getUTCDate() !== day || check.getUTCHours() !== hour || check.getUTCMinutes() !== minute || check.getUTCSeconds() !== second) {
    return undefined;
  }
  const offsetMinutes = zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  if (Math.abs(offsetMinutes) > 14 * 60) return undefined;
  return new Date(wall - offsetMinutes * 60_000).toISOString();
}

export function instantOption(value: string): Instant {
  const instant = parseInstant(value);
  if (instant === undefined) {
    throw new CliError(`'${value}' is not an instant: use ISO-8601 with a zone, e.g. 2026-03-31T23:59:59+09:00 or 2026-03-31T14:59:59Z`, EXIT.usage);
  }
  return instant;
}
