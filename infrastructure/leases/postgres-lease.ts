/**
 * The followers' lease as a PostgreSQL session advisory lock on a connection of its own: held
 * while that connection lives, released by PostgreSQL the moment it ends (the holder stopped,
 * crashed or was killed: its socket closes), so another engine process takes it at its next try.
 */
import pg from 'pg';
import type { Lease } from '../../application/ports/lease.js';

export class PostgresLease implements Lease {
  #client: pg.Client | undefined;
  #held = false;

  constructor(
    private readonly connectionString: string,
    readonly name: string = 'billing-engine:followers',
  ) {}

  async tryAcquire(): Promise<boolean> {
    if (this.#held && (await this.stillHeld())) return true;
    const client = await this.#connection();
    const result = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [this.name]);
    this.#held = result.rows[0]?.locked === true;
    return this.#held;
  }

  async stillHeld(): Promise<boolean> {
    if (!this.#held || this.#client === undefined) return false;
    try {
      // A session lock lasts as long as its session: a connection that still answers still holds it.
      await this.#client.query('SELECT 1');
    } catch {
      // The connection is gone, and the lock with it.
      this.#drop();
    }
    return this.#held;
  }

  async release(): Promise<void> {
    const client = this.#client;
    this.#drop();
    await client?.end().catch(() => undefined);
  }

  async #connection(): Promise<pg.Client> {
    if (this.#client !== undefined) return this.#client;
    const client = new pg.Client({ connectionString: this.connectionString });
    // A lost connection is noticed by stillHeld(); the error must not end the process.
    client.on('error', () => this.#drop());
    await client.connect();
    this.#client = client;
    return client;
  }

  #drop(): void {
    this.#client = undefined;
    this.#held = false;
  }
}
