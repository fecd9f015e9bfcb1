import {
  BILLING_AGREEMENT_EVENT_TYPES,
  billingAgreementDecider,
  type BillingAgreementCommand,
  type BillingAgreementErrorCode,
  type BillingAgreementEvent,
  type BillingAgreementState,
} from '../../domain/billing-agreement/index.js';
import type { AggregateDefinition } from '../aggregate.js';

export const BILLING_AGREEMENT_STREAM_PREFIX = 'BillingAgreement-';

export const billingAgreements: AggregateDefinition<BillingAgreementCommand, BillingAgreementEvent, BillingAgreementState, BillingAgreementErrorCode> = {
  name: 'BillingAgreement',
  decider: billingAgreementDecider,
  streamId: (id) => `${BILLING_AGREEMENT_STREAM_PREFIX}${id}`,
  idOf: (command) => command.billingAgreementId,
  eventTypes: new Set(BILLING_AGREEMENT_EVENT_TYPES),
  /** 2: the state keeps a bounded part of the ledger (pending and recently settled authorizations, live windows); 3: up to four windows before pruning; 4: four settled authorizations kept, not 16. */
  snapshotVersion: 4,
};
