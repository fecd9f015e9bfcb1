/**
 * The JSON API for what has no MWS call: the buyer's widget events (sign-up, consent, payment
 * method, address), the seller's own concepts (plans, pause), and reading agreements, spending
 * and proration lines. Every call is authenticated by a seller's API key and sees that seller's
 * agreements only: another seller's ids are 404, as unknown ones (ids cannot be probed). Input
 * errors are 400 naming the field; rejections carry Amazon's codes.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { BillingEngine } from '../../application/engine.js';
import type { Agreement, BillingAgreementCommand } from '../../domain/billing-agreement/index.js';
import { MARKETPLACE_POLICIES, type Marketplace } from '../../domain/policy.js';
import type { ReleaseEnvironment } from '../../domain/shared/amazon.js';
import { parseAmount, type Currency, type Money } from '../../domain/shared/money.js';
import type { Instant } from '../../domain/shared/time.js';
import { MwsError } from '../mws/errors.js';
import { utcMonthKey } from '../../domain/shared/time.js';
import { dashboardData, timeline } from './dashboard-data.js';
import { AddressBody, BuyerBody, checkJson, CreateAgreementBody, DashboardQuery, MoneyBody, PauseBody, PaymentMethodBody, PlanBody, PlanChangeBody, SpendingQuery, type Checked } from './json-api.dto.js';
import { callerOf, requireApiKey, type JsonAccess } from './json-access.js';
import { agreementJson } from './json-views.js';
import type { ReadViews } from './read-views.js';
import { noteRequest } from './request-notes.js';

type Params = { readonly id: string };
type Build = (id: string, at: Instant, body: unknown) => Checked<BillingAgreementCommand>;

/** The DTO's given fields only (an instance also holds its absent ones, as undefined). */
const defined = <T extends object>(dto: T): T => Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as T;

const invalid = (reply: FastifyReply, field: string, message: string) => reply.code(400).send({ error: 'ValidationError', field, message });

/** A checked MoneyBody as Money; a price finer than its currency's minor unit names the field. */
function priceOf(value: unknown, field: string): Checked<Money> {
  const body = checkJson(MoneyBody, value, field);
  if (!body.ok) return body;
  const parsed = parseAmount(body.value.amount, body.value.currency as Currency);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, field: `${field}.amount`, message: parsed.reason };
}

/** The agreement commands behind POST /v1/billing-agreements/{id}/<step>. */
const STEPS: Readonly<Record<string, Build>> = {
  consent: (billingAgreementId, at) => ({ ok: true, value: { type: 'GiveBuyerConsent', billingAgreementId, at } }),
  'payment-method': (billingAgreementId, at, body) => {
    const checked = checkJson(PaymentMethodBody, body);
    return checked.ok ? { ok: true, value: { type: 'SelectPaymentMethod', billingAgreementId, at, descriptor: checked.value.descriptor } } : checked;
  },
  address: (billingAgreementId, at, body) => {
    const checked = checkJson(AddressBody, body);
    return checked.ok ? { ok: true, value: { type: 'SelectAddress', billingAgreementId, at, destination: defined(checked.value) } } : checked;
  },
  plan: (billingAgreementId, at, body) => {
    const checked = checkJson(PlanBody, body);
    const price = priceOf((body as { price?: unknown } | null)?.price, 'price');
    if (!checked.ok) return checked;
    if (!price.ok) return price;
    return { ok: true, value: { type: 'SelectPlan', billingAgreementId, at, planId: checked.value.planId, price: price.value, anchorDay: checked.value.anchorDay } };
  },
  'plan-change': (billingAgreementId, at, body) => {
    const checked = checkJson(PlanChangeBody, body);
    const price = priceOf((body as { price?: unknown } | null)?.price, 'price');
    if (!checked.ok) return checked;
    if (!price.ok) return price;
    const policy = checked.value.policy as 'days' | 'seconds';
    return { ok: true, value: { type: 'ChangePlan', billingAgreementId, at, planId: checked.value.planId, price: price.value, policy } };
  },
  pause: (billingAgreementId, at, body) => {
    const checked = checkJson(PauseBody, body ?? {});
    const reason = checked.ok && checked.value.reason !== undefined ? { reason: checked.value.reason } : {};
    return checked.ok ? { ok: true, value: { type: 'PauseRecurringCharges', billingAgreementId, at, ...reason } } : checked;
  },
  resume: (billingAgreementId, at) => ({ ok: true, value: { type: 'ResumeRecurringCharges', billingAgreementId, at } }),
};

/** Records one agreement command; the answer is the agreement after it, or the rejection with its status. */
async function run(engine: BillingEngine, request: FastifyRequest, reply: FastifyReply, command: BillingAgreementCommand, status = 200): Promise<FastifyReply> {
  const result = await engine.execute(command, { correlationId: String(request.id), actor: 'buyer', source: 'http' });
  noteRequest(request, { action: command.type, ids: { billingAgreementId: command.billingAgreementId }, outcome: result.kind === 'accepted' ? 'Success' : result.rejection.code });
  if (result.kind === 'rejected') {
    const code = result.rejection.code === 'BillingAgreementAlreadyExists' ? 409 : new MwsError(result.rejection.code, '').status;
    return reply.code(code).send({ error: result.rejection.code, message: result.rejection.message, details: result.rejection.details ?? {} });
  }
  if (status === 201) return reply.code(201).send({ amazonBillingAgreementId: command.billingAgreementId });
  const agreement = await engine.billingAgreement(command.billingAgreementId);
  return reply.send({ events: result.events.map((e) => e.type), agreement: agreement && agreementJson(agreement, await engine.agreementLedger(agreement.id), engine.deps.clock.now()) });
}

/** The caller's agreement; undefined for an unknown id and for another seller's alike. */
async function ownAgreement(engine: BillingEngine, request: FastifyRequest, id: string): Promise<Agreement | undefined> {
  const agreement = await engine.billingAgreement(id);
  return agreement?.sellerId === callerOf(request).sellerId ? agreement : undefined;
}

const notFound = (reply: FastifyReply, id: string) => reply.code(404).send({ error: 'InvalidBillingAgreementId', message: `billing agreement '${id}' does not exist` });

/** A buyer signed up: a Draft agreement of the key's seller, with an id from the generator unless one is mirrored. */
async function create(engine: BillingEngine, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const body = checkJson(CreateAgreementBody, request.body);
  if (!body.ok) return invalid(reply, body.field, body.message);
  const buyer = checkJson(BuyerBody, (request.body as { buyer?: unknown }).buyer, 'buyer');
  if (!buyer.ok) return invalid(reply, buyer.field, buyer.message);
  const b = body.value;
  const { sellerId } = callerOf(request);
  if (b.sellerId !== undefined && b.sellerId !== sellerId) {
    return reply.code(403).send({ error: 'AccessDenied', message: `this API key acts for seller '${sellerId}', not '${b.sellerId}'` });
  }
  const marketplace = b.marketplace as Marketplace;
  const releaseEnvironment = (b.releaseEnvironment ?? 'Sandbox') as ReleaseEnvironment;
  const id = b.amazonBillingAgreementId ?? engine.deps.ids.billingAgreementId(MARKETPLACE_POLICIES[marketplace].regionCode, releaseEnvironment);
  const { name, email, phone } = buyer.value;
  const command: BillingAgreementCommand = {
    type: 'CreateBillingAgreement',
    billingAgreementId: id,
    at: engine.deps.clock.now(),
    sellerId,
    marketplace,
    releaseEnvironment,
    buyer: { name, email, ...(phone === undefined ? {} : { phone }) },
    ...(b.requiresShipping === undefined ? {} : { requiresShipping: b.requiresShipping }),
  };
  return run(engine, request, reply, command, 201);
}

export function jsonApi(engine: BillingEngine, views: ReadViews, access: JsonAccess) {
  const now = () => engine.deps.clock.now();
  return async function routes(app: FastifyInstance): Promise<void> {
    app.addHook('onRequest', requireApiKey(access));

    app.post('/v1/billing-agreements', (request, reply) => create(engine, request, reply));

    app.post<{ Params: Params & { step: string } }>('/v1/billing-agreements/:id/:step', async (request, reply) => {
      const build = Object.hasOwn(STEPS, request.params.step) ? STEPS[request.params.step] : undefined;
      if (build === undefined) return reply.code(404).send({ error: 'NotFound', message: `no step '${request.params.step}'; steps: ${Object.keys(STEPS).join(', ')}` });
      const command = build(request.params.id, now(), request.body);
      if (!command.ok) return invalid(reply, command.field, command.message);
      if ((await ownAgreement(engine, request, request.params.id)) === undefined) return notFound(reply, request.params.id);
      return run(engine, request, reply, command.value);
    });

    app.get<{ Params: Params }>('/v1/billing-agreements/:id', async (request, reply) => {
      const agreement = await ownAgreement(engine, request, request.params.id);
      return agreement === undefined ? notFound(reply, request.params.id) : reply.send(agreementJson(agreement, await engine.agreementLedger(agreement.id), now()));
    });

    app.get<{ Params: Params }>('/v1/billing-agreements/:id/prorations', async (request, reply) => {
      if ((await ownAgreement(engine, request, request.params.id)) === undefined) return notFound(reply, request.params.id);
      return reply.send({ lines: await views.prorations(request.params.id) });
    });

    app.get<{ Params: Params }>('/v1/billing-agreements/:id/timeline', async (request, reply) => {
      if ((await ownAgreement(engine, request, request.params.id)) === undefined) return notFound(reply, request.params.id);
      return reply.send({ amazonBillingAgreementId: request.params.id, events: await timeline(engine, request.params.id) });
    });

    app.get('/v1/dashboard', async (request, reply) => {
      const query = checkJson(DashboardQuery, request.query ?? {});
      if (!query.ok) return invalid(reply, query.field, query.message);
      return reply.send(await dashboardData(views, callerOf(request).sellerId, query.value.month ?? utcMonthKey(now())));
    });

    app.get('/v1/spending', async (request, reply) => {
      const query = checkJson(SpendingQuery, request.query);
      if (!query.ok) return invalid(reply, query.field, query.message);
      return reply.send({ month: query.value.month, agreements: await views.spending(query.value.month, callerOf(request).sellerId) });
    });
  };
}
