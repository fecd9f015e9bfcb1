/** The IPN endpoint as `billing-engine serve` mounts it, configured from the environment (see config.ts). */
import type { ServicePlugin } from '../http/service-plugins.js';
import { ipnConfigFromEnv } from './config.js';
import { ipnPlugin } from './ipn-plugin.js';
import { createIpnReceiver } from './receiver.js';
import { sandboxSigner } from './sandbox-signer.js';

export function ipnServicePluginFrom(env: Readonly<Record<string, string | undefined>>): ServicePlugin {
  return ({ engine, dataDir, loopback }) => {
    const { certDir, maxAgeSeconds, path, sandbox } = ipnConfigFromEnv(env);
    // Sandbox IPNs (the local signer trusted) on loopback unless IPN_SANDBOX says otherwise.
    const sandboxCertificate = (sandbox ?? loopback) ? sandboxSigner(dataDir).certificate : undefined;
    const receiver = createIpnReceiver({ engine, maxAgeSeconds, ...(certDir === undefined ? {} : { certDir }), ...(sandboxCertificate === undefined ? {} : { sandboxCertificate }) });
    return ipnPlugin({ receiver, path });
  };
}

export const ipnServicePlugin: ServicePlugin = (context) => ipnServicePluginFrom(process.env)(context);
