/**
 * Endpoints `billing-engine serve` mounts besides the MWS endpoint, the JSON API and /health.
 * Another adapter (the IPN endpoint) adds its factory to SERVICE_PLUGINS: it gets the running
 * engine and the opened store, and returns a fastify plugin mounted in its own context.
 */
import type { FastifyPluginAsync } from 'fastify';
import type { Logger } from 'pino';
import type { BillingEngine } from '../../application/engine.js';
import type { OpenedStore } from '../event-store/open-store.js';
import { ipnServicePlugin } from '../ipn/service-plugin.js';

export interface ServiceContext {
  readonly engine: BillingEngine;
  readonly opened: OpenedStore;
  readonly dataDir: string;
  /** Whether the service listens on loopback only (a local sandbox). */
  readonly loopback: boolean;
  readonly logger?: Logger;
}

export type ServicePlugin = (context: ServiceContext) => FastifyPluginAsync | Promise<FastifyPluginAsync>;

export const SERVICE_PLUGINS: ServicePlugin[] = [ipnServicePlugin];
