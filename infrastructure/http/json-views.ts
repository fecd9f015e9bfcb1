/** How the JSON API shows money and agreements: amounts as Amazon's decimal strings, never floats. */
import { constraintsOf, remainingBalance, type Agreement, type AgreementLedger } from '../../domain/billing-agreement/index.js';
import { formatAmount, isCurrency, money, parseAmount, type Money } from '../../domain/shared/money.js';
import type { Instant } from '../../domain/shared/time.js';

export interface MoneyJson {
  readonly amount: string;
  readonly currency: string;
}

export const moneyJson = (m: Money): MoneyJson => ({ amount: formatAmount(m), currency: m.currency });

/** The other way: a JSON amount as Money (minor units), undefined when it is not one. */
export function moneyOfJson(m: MoneyJson): Money | undefined {
  const parsed = isCurrency(m.currency) ? parseAmount(m.amount, m.currency) : undefined;
  return parsed?.ok === true ? parsed.value : undefined;
}

/** The agreement as the JSON API shows it; its authorizations are the full ledger's (every one it ever had, oldest first). */
export function agreementJson(a: Agreement, ledger: AgreementLedger, now: Instant): Record<string, unknown> {
  return {
    amazonBillingAgreementId: a.id,
    sellerId: a.sellerId,
    marketplace: a.marketplace,
    releaseEnvironment: a.releaseEnvironment,
    status: a.status,
    buyer: a.buyer,
    consent: a.consent,
    paymentMethod: a.paymentMethod ?? null,
    pendingPaymentMethod: a.pendingPaymentMethod ?? null,
    address: a.address ?? null,
    pendingAddress: a.pendingAddress ?? null,
    constraints: constraintsOf(a),
    monthlyLimit: moneyJson(a.monthlyLimit),
    remainingBalance: moneyJson(money(remainingBalance(a, now), a.monthlyLimit.currency)),
    paused: a.paused,
    plan: a.plan === undefined ? null : { planId: a.plan.planId, price: moneyJson(a.plan.price), anchorDay: a.plan.anchorDay, timeZone: a.plan.timeZone },
    carriedCredit: moneyJson(a.carriedCredit),
    authorizations: Object.values(ledger.authorizations).map((auth) => ({
      authorizationReferenceId: auth.authorizationReferenceId,
      amazonAuthorizationId: auth.authorizationId,
      amazonOrderReferenceId: auth.orderReferenceId,
      amount: moneyJson(auth.amount),
      chargeType: auth.chargeType,
      state: auth.state,
      requestedAt: auth.requestedAt,
    })),
    oneTimeOrderIds: a.oneTimeOrderIds,
    createdAt: a.createdAt,
  };
}
