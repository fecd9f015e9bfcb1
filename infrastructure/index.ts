/** The library's public surface: `import { createBillingEngine } from 'billing-agreement-engine'`. */
export { createBillingEngine, buildContainer, type BillingEngineOptions } from './composition/create-billing-engine.js';
export { BillingEngine, type EngineCommand, type ExecuteOptions, type ExecuteResult } from '../application/engine.js';
export type { AuthorizeInput, AuthorizeResult } from '../application/authorize-on-billing-agreement.js';
export type { CommandMetadata, HandlerResult } from '../application/command-handler.js';
export { ManualClock, SystemClock } from './runtime/clock.js';
export { RandomIdGenerator, SequentialIdGenerator } from './runtime/ids.js';
export { SandboxPaymentProcessor } from './payments/sandbox-simulator.js';
export { ConfigurationError, parseStoreLocation } from './config/store-url.js';
export type { Agreement, AgreementAuthorization, BillingAgreementCommand, BillingAgreementEvent, BillingAgreementErrorCode } from '../domain/billing-agreement/index.js';
export type { Order, OrderReferenceCommand, OrderReferenceEvent, OrderReferenceErrorCode } from '../domain/order-reference/index.js';
export { money, parseAmount, formatAmount, type Money, type Currency } from '../domain/shared/money.js';
