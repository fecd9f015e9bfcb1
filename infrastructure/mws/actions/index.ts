/** Every operation of MWS-AND-IPN.md §2.2, by its Action name. */
import { own } from '../../../domain/shared/records.js';
import { BILLING_AGREEMENT_ACTIONS } from './billing-agreement-actions.js';
import type { Action } from './context.js';
import { ORDER_REFERENCE_ACTIONS } from './order-actions.js';
import { TRANSACTION_ACTIONS } from './transaction-actions.js';

export const ACTIONS: Readonly<Record<string, Action<object>>> = { ...BILLING_AGREEMENT_ACTIONS, ...ORDER_REFERENCE_ACTIONS, ...TRANSACTION_ACTIONS };

/** Own properties only: `Action=constructor` or `Action=__proto__` is an unknown action. */
export const actionNamed = (name: string): Action<object> | undefined => own(ACTIONS, name);
