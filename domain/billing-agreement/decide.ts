/** decide(command, state): one small function per command, in the files named by their concern. */
import { assertNever, type Decider } from '../shared/decision.js';
import type { BillingAgreementCommand } from './commands.js';
import { authorize, createOneTimeOrder, recordOutcome, validate } from './decide-charges.js';
import { recordAddressUpdate, recordPaymentMethodUpdate, recordStatus } from './decide-facts.js';
import { changePlan, close, expireStaleDraft, pause, resume, selectPlan } from './decide-lifecycle.js';
import { changeMonthlyLimit, confirm, create, giveConsent, reportConstraint, selectAddress, selectPaymentMethod, setDetails } from './decide-setup.js';
import type { BillingAgreementErrorCode } from './errors.js';
import type { BillingAgreementEvent } from './events.js';
import type { AgreementDecision } from './guards.js';
import { evolve, initialState, type BillingAgreementState } from './state.js';

export function decide(command: BillingAgreementCommand, state: BillingAgreementState): AgreementDecision {
  switch (command.type) {
    case 'CreateBillingAgreement':
      return create(command, state);
    case 'SetBillingAgreementDetails':
      return setDetails(command, state);
    case 'GiveBuyerConsent':
      return giveConsent(command, state);
    case 'SelectPaymentMethod':
      return selectPaymentMethod(command, state);
    case 'SelectAddress':
      return selectAddress(command, state);
    case 'ConfirmBillingAgreement':
      return confirm(command, state);
    case 'ReportConstraint':
      return reportConstraint(command, state);
    case 'ValidateBillingAgreement':
      return validate(command, state);
    case 'AuthorizeOnBillingAgreement':
      return authorize(command, state);
    case 'RecordAuthorizationOutcome':
      return recordOutcome(command, state);
    case 'CreateOneTimeOrder':
      return createOneTimeOrder(command, state);
    case 'CloseBillingAgreement':
      return close(command, state);
    case 'ExpireStaleDraft':
      return expireStaleDraft(command, state);
    case 'PauseRecurringCharges':
      return pause(command, state);
    case 'ResumeRecurringCharges':
      return resume(command, state);
    case 'SelectPlan':
      return selectPlan(command, state);
    case 'ChangePlan':
      return changePlan(command, state);
    case 'ChangeMonthlyLimit':
      return changeMonthlyLimit(command, state);
    case 'RecordBillingAgreementStatus':
      return recordStatus(command, state);
    case 'RecordPaymentMethodUpdate':
      return recordPaymentMethodUpdate(command, state);
    case 'RecordAddressUpdate':
      return recordAddressUpdate(command, state);
    default:
      return assertNever(command);
  }
}

export const billingAgreementDecider: Decider<BillingAgreementCommand, BillingAgreementEvent, BillingAgreementState, BillingAgreementErrorCode> = {
  initialState,
  decide,
  evolve,
};
