/**
 * Amazon's timestamps in the domain's instant format. Amazon writes `2014-12-02T21:10:26.118Z`,
 * but clients and older notifications also show a lower-case `z`, more than three fractional
 * digits, or an offset; all become the canonical `2014-12-02T21:10:26.118Z` (sub-millisecond
 * digits are dropped, not rounded).
 */
import { fromEpochMs, isInstant, type Instant } from '../../domain/shared/time.js';

const AMAZON_INSTANT = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d+))?([Zz]|[+-]\d{2}:\d{2})$/;

export function normalizeInstant(text: string): Instant | undefined {
  const match = AMAZON_INSTANT.exec(text.trim());
  if (!match) return undefined;
  const [, base = '', fraction = '', zone = 'Z'] = match;
  const utc = zone.toUpperCase() === 'Z';
  const candidate = `${base}.${fraction.slice(0, 3).padEnd(3, '0')}${utc ? 'Z' : zone}`;
  const ms = Date.parse(candidate);
  if (Number.isNaN(ms)) return undefined;
  // Date.parse rolls Feb 30 over into March: refuse dates that are not real.
  if (utc && !isInstant(candidate)) return undefined;
  const instant = fromEpochMs(ms);
  return isInstant(instant) ? instant : undefined;
}
