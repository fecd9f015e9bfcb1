/** The IPN endpoint as `billing-engine serve` mounts it, configured from the environment (see config.ts). */
import type { ServicePlugin } from '../http/service-plugins.js';
import { ipnConfigFromEnv } from './config.js';
import { ipnPlugin } from './ipn-plugin.js';
import { createIpnReceiver } from './receiver.js';

export function ipnServicePluginFrom(env: Readonly<Record<string, string | undefined>>): ServicePlugin {
  return ({ engine }) => {
    const { certDir, maxAgeSeconds, path } = ipnConfigFromEnv(env);
    return ipnPlugin({ receiver: createIpnReceiver({ engine, maxAgeSeconds, ...(certDir === undefined ? {} : { certDir }) }), path });
  };
}

export const ipnServicePlugin: ServicePlugin = (context) => ipnServicePluginFrom(process.env)(context);
