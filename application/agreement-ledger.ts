/**
 * The full ledger of one agreement (domain/billing-agreement/ledger.ts), folded from its stream:
 * what the bounded state no longer keeps (authorizations settled long ago, past months' windows)
 * for the views and the rare request that needs it. Linear in that agreement's history, never
 * on the path of an ordinary command.
 */
import { evolveLedger, emptyLedger, LEDGER_EVENT_TYPES, type AgreementLedger, type BillingAgreementEvent } from '../domain/billing-agreement/index.js';
import { billingAgreements } from './aggregates/billing-agreement.js';
import { decodeEvent } from './event-codec.js';
import { readStreamPages, type EventStore } from './ports/event-store.js';

export async function readAgreementLedger(store: EventStore, billingAgreementId: string): Promise<AgreementLedger> {
  let ledger = emptyLedger;
  for await (const page of readStreamPages(store, billingAgreements.streamId(billingAgreementId))) {
    for (const stored of page) {
      if (LEDGER_EVENT_TYPES.has(stored.type as BillingAgreementEvent['type'])) ledger = evolveLedger(ledger, decodeEvent<BillingAgreementEvent>(billingAgreements, stored));
    }
  }
  return ledger;
}
