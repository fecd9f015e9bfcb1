/**
 * Who may call the JSON API: per-seller API keys, recorded as events in one stream of their own
 * (`ApiKeys-registry`) in the same store as the history, so every engine process on that store
 * sees the same keys, and creating or revoking one is part of the audited record. Only a hash of
 * each key's secret is stored; the secret is shown once, when the key is created.
 */
import type { Actor, EventStore, NewEvent, Source } from '../ports/event-store.js';
import { WrongExpectedRevisionError } from '../ports/event-store.js';

export const API_KEYS_STREAM = 'ApiKeys-registry';

/** How a key came to be: `keys create` (an operator), or the sandbox key `serve` generates for local use. */
export type ApiKeyOrigin = 'operator' | 'sandbox';

export interface ApiKeyRecord {
  /** Public part of the key (shown in listings and logs): 12 lower-case hex digits. */
  readonly keyId: string;
  /** The seller the key acts for; it sees and changes nothing of any other seller. */
  readonly sellerId: string;
  readonly label: string;
  readonly origin: ApiKeyOrigin;
  /** SHA-256 of the secret, lower-case hex. */
  readonly secretHash: string;
  readonly createdAt: string;
  readonly revokedAt?: string;
}

type ApiKeyEvent =
  | { readonly type: 'ApiKeyCreated'; readonly data: Omit<ApiKeyRecord, 'revokedAt'> }
  | { readonly type: 'ApiKeyRevoked'; readonly data: { readonly keyId: string; readonly revokedAt: string } };

export class UnknownApiKeyError extends Error {
  constructor(readonly keyId: string) {
    super(`no API key '${keyId}'`);
    this.name = 'UnknownApiKeyError';
  }
}

const text = (value: unknown): value is string => typeof value === 'string';

function decode(type: string, data: unknown): ApiKeyEvent | undefined {
  const d = (typeof data === 'object' && data !== null ? data : {}) as Record<string, unknown>;
  if (type === 'ApiKeyCreated' && [d['keyId'], d['sellerId'], d['label'], d['secretHash'], d['createdAt']].every(text) && (d['origin'] === 'operator' || d['origin'] === 'sandbox')) {
    return { type, data: d as unknown as Omit<ApiKeyRecord, 'revokedAt'> };
  }
  if (type === 'ApiKeyRevoked' && text(d['keyId']) && text(d['revokedAt'])) return { type, data: { keyId: d['keyId'], revokedAt: d['revokedAt'] } };
  return undefined;
}

/** The keys as the registry stream says, kept in memory and brought up to date with `refresh()`. */
export class ApiKeyRegistry {
  private readonly keys = new Map<string, ApiKeyRecord>();
  /** Revision of the last registry event folded in; -1 before the first. */
  private revision = -1;

  constructor(
    private readonly store: EventStore,
    private readonly source: { readonly actor: Actor; readonly source: Source } = { actor: 'operator', source: 'cli' },
  ) {}

  /** Folds in what other processes appended since the last refresh. */
  async refresh(): Promise<void> {
    for await (const stored of this.store.readStream(API_KEYS_STREAM, { fromRevision: this.revision + 1 })) {
      const event = decode(stored.type, stored.data);
      if (event === undefined) throw new Error(`${API_KEYS_STREAM} revision ${stored.revision}: not an API key event (${stored.type})`);
      if (event.type === 'ApiKeyCreated') this.keys.set(event.data.keyId, event.data);
      else {
        const key = this.keys.get(event.data.keyId);
        if (key !== undefined && key.revokedAt === undefined) this.keys.set(key.keyId, { ...key, revokedAt: event.data.revokedAt });
      }
      this.revision = stored.revision;
    }
  }

  /** The key as last refreshed (revoked ones included). */
  get(keyId: string): ApiKeyRecord | undefined {
    return this.keys.get(keyId);
  }

  /** Every key, oldest first; `sellerId` narrows to one seller's. */
  list(sellerId?: string): readonly ApiKeyRecord[] {
    return [...this.keys.values()].filter((k) => sellerId === undefined || k.sellerId === sellerId).sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.keyId.localeCompare(b.keyId));
  }

  /** Records a new key (its secret's hash only). A key id already recorded is left as it is. */
  async create(key: Omit<ApiKeyRecord, 'revokedAt'>): Promise<ApiKeyRecord> {
    return this.appendUnless(() => this.keys.get(key.keyId), { type: 'ApiKeyCreated', data: key }, key.createdAt);
  }

  /** Revokes a key for good; revoking it again changes nothing. */
  async revoke(keyId: string, at: string): Promise<ApiKeyRecord> {
    await this.refresh();
    if (!this.keys.has(keyId)) throw new UnknownApiKeyError(keyId);
    return this.appendUnless(() => (this.keys.get(keyId)?.revokedAt === undefined ? undefined : this.keys.get(keyId)), { type: 'ApiKeyRevoked', data: { keyId, revokedAt: at } }, at);
  }

  /** Appends `event` at the registry's revision unless `done()` finds it already in effect; retried when another process appended first. */
  private async appendUnless(done: () => ApiKeyRecord | undefined, event: ApiKeyEvent, at: string): Promise<ApiKeyRecord> {
    for (let attempt = 0; ; attempt++) {
      await this.refresh();
      const existing = done();
      if (existing !== undefined) return existing;
      const newEvent: NewEvent = {
        eventId: `${API_KEYS_STREAM}/${event.type}/${event.data.keyId}`,
        type: event.type,
        data: event.data,
        metadata: { commandId: `${event.type}-${event.data.keyId}`, correlationId: event.data.keyId, causationId: event.data.keyId, ...this.source, recordedAt: at },
      };
      try {
        await this.store.append(API_KEYS_STREAM, [newEvent], this.revision < 0 ? 'no_stream' : this.revision);
      } catch (error) {
        if (error instanceof WrongExpectedRevisionError && attempt < 10) continue;
        throw error;
      }
      await this.refresh();
      const recorded = this.keys.get(event.data.keyId);
      if (recorded === undefined) throw new Error(`API key '${event.data.keyId}' was appended but is not in the registry`);
      return recorded;
    }
  }
}
