/**
 * Which event store to use, as one string (flag `--store`, variable `BILLING_STORE`):
 *   sqlite:./data/billing.db   the embedded default: one SQLite file
 *   memory:                    nothing on disk (tests, demos)
 *   esdb://host:2113?tls=false EventStoreDB (also esdb+discover://…)
 */
export type StoreLocation =
  | { readonly kind: 'sqlite'; readonly path: string }
  | { readonly kind: 'memory' }
  | { readonly kind: 'esdb'; readonly connectionString: string };

export const DEFAULT_STORE = 'sqlite:./data/billing.db';

export class ConfigurationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigurationError';
  }
}

export function parseStoreLocation(text: string): StoreLocation {
  const value = text.trim();
  if (value === 'memory:' || value === 'memory') return { kind: 'memory' };
  if (value.startsWith('sqlite:')) {
    const path = value.slice('sqlite:'.length).replace(/^\/\/(?=\/)/, '');
    if (path === '') throw new ConfigurationError(`store '${text}': give the SQLite file after 'sqlite:', e.g. sqlite:./data/billing.db`);
    return { kind: 'sqlite', path };
  }
  if (/^esdb(\+discover)?:\/\/\S+$/.test(value)) return { kind: 'esdb', connectionString: value };
  throw new ConfigurationError(`store '${text}' is not understood: use sqlite:<file>, memory: or esdb://host:port?tls=false`);
}

/**
 * Where the projection tables live, when not beside the events (flag `--projections`, variable
 * `BILLING_PROJECTIONS`): `postgres://user@host:5432/db` (or postgresql://…), or a SQLite file
 * of their own, `sqlite:./data/projections.db` (beside EventStoreDB, say); the same tables and
 * view either way.
 */
export type ProjectionLocation = { readonly kind: 'postgres'; readonly connectionString: string } | { readonly kind: 'sqlite'; readonly path: string };

export function parseProjectionLocation(text: string): ProjectionLocation {
  const value = text.trim();
  if (/^postgres(ql)?:\/\/\S+$/.test(value)) return { kind: 'postgres', connectionString: value };
  if (value.startsWith('sqlite:')) {
    const where = parseStoreLocation(value);
    if (where.kind === 'sqlite') return where;
  }
  throw new ConfigurationError(`projections '${text}' is not understood: use postgres://user@host:5432/database or sqlite:<file> (without it they live beside the events: in the SQLite file, or in memory)`);
}

/** A connection string without its password, for messages and banners. */
export function redactedUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the given URL';
  }
}
