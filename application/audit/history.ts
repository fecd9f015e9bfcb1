/**
 * The history of one billing agreement and its order references, or of one order reference:
 * every event in the store's global order, with who recorded it, when, and why.
 */
import type { BillingAgreementEvent } from '../../domain/billing-agreement/index.js';
import type { JsonValue } from '../../domain/shared/decision.js';
import { billingAgreements } from '../aggregates/billing-agreement.js';
import { orderReferences } from '../aggregates/order-reference.js';
import { decodeEvent } from '../event-codec.js';
import type { Actor, EventStore, GlobalPosition, Source, StoredEvent } from '../ports/event-store.js';
import type { ComparePositions } from '../ports/position-order.js';

export type SubjectKind = 'BillingAgreement' | 'OrderReference';

export interface AuditEntry {
  readonly position: GlobalPosition;
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  /** The engine time of the decision (the command's `at`). */
  readonly at: string;
  /** When the store recorded it. */
  readonly recordedAt: string;
  readonly commandId: string;
  readonly actor: Actor;
  readonly source: Source;
  readonly correlationId: string;
  readonly causationId: string;
  readonly data: JsonValue;
}

export interface History {
  readonly kind: SubjectKind;
  readonly id: string;
  /** For an agreement: its order references, in the order they appear. */
  readonly orderReferenceIds: readonly string[];
  readonly entries: readonly AuditEntry[];
}

export async function readStream(store: EventStore, streamId: string): Promise<StoredEvent[]> {
  const events: StoredEvent[] = [];
  for await (const event of store.readStream(streamId)) events.push(event);
  return events;
}

/** The order references an agreement's history names (its charges' implicit orders and one-time orders), first seen first. */
export function childOrderIds(agreementEvents: readonly StoredEvent[]): string[] {
  const ids = new Set<string>();
  for (const stored of agreementEvents) {
    const event = decodeEvent<BillingAgreementEvent>(billingAgreements, stored);
    if (event.type === 'AuthorizationRequested' || event.type === 'OneTimeOrderCreated') ids.add(event.orderReferenceId);
  }
  return [...ids];
}

function entryOf(stored: StoredEvent): AuditEntry {
  const { metadata } = stored;
  const at = (stored.data as { at?: unknown } | null)?.at;
  return {
    position: stored.position,
    streamId: stored.streamId,
    revision: stored.revision,
    eventId: stored.eventId,
    type: stored.type,
    at: typeof at === 'string' ? at : '',
    recordedAt: metadata.recordedAt,
    commandId: metadata.commandId,
    actor: metadata.actor,
    source: metadata.source,
    correlationId: metadata.correlationId,
    causationId: metadata.causationId,
    data: stored.data,
  };
}

/** Undefined when no stream of that id exists. */
export async function history(store: EventStore, compare: ComparePositions, id: string): Promise<History | undefined> {
  const agreement = await readStream(store, billingAgreements.streamId(id));
  if (agreement.length > 0) {
    const orderReferenceIds = childOrderIds(agreement);
    const orders = await Promise.all(orderReferenceIds.map((orderId) => readStream(store, orderReferences.streamId(orderId))));
    const all = [...agreement, ...orders.flat()].sort((a, b) => compare(a.position, b.position));
    return { kind: 'BillingAgreement', id, orderReferenceIds, entries: all.map(entryOf) };
  }
  const order = await readStream(store, orderReferences.streamId(id));
  if (order.length === 0) return undefined;
  return { kind: 'OrderReference', id, orderReferenceIds: [], entries: order.map(entryOf) };
}
