/**
 * The real PostgreSQL the tests use: `BILLING_TEST_POSTGRES` (`.ci/run` starts a throw-away
 * cluster with scripts/postgres.sh and sets it). Under CI=true a missing server is a failure;
 * elsewhere the caller skips with the reason. Each test gets a schema of its own.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const POSTGRES_URL = process.env['BILLING_TEST_POSTGRES'];

export function postgresMissing(): string | undefined {
  if (POSTGRES_URL !== undefined && POSTGRES_URL !== '') return undefined;
  const reason = 'BILLING_TEST_POSTGRES is not set (eval "$(scripts/postgres.sh start)" starts a server and sets it)';
  if (process.env['CI'] === 'true') throw new Error(`${reason}: under CI=true the PostgreSQL tests must run`);
  return reason;
}

/** A fresh schema: the connection string that uses it, and how to drop it. */
export async function postgresSchema(): Promise<{ readonly url: string; drop(): Promise<void> }> {
  if (POSTGRES_URL === undefined) throw new Error('no PostgreSQL');
  const name = `t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_URL);
  url.searchParams.set('options', `-c search_path=${name}`);
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA ${name} CASCADE`);
      await client.end();
    },
  };
}
