export { billingPeriodContaining, type BillingPeriod } from './billing-period.js';
export {
  PRORATION_POLICIES,
  prorate,
  prorationFraction,
  segmentFraction,
  type Proration,
  type ProrationInput,
  type ProrationPolicy,
} from './prorate.js';
