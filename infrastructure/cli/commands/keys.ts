/**
 * `billing-engine keys create --seller <SellerId> [--label <text>] [--json]`,
 * `billing-engine keys list [--seller <SellerId>] [--json]` and `billing-engine keys revoke <keyId>`:
 * the JSON API's keys, kept in the store named by `--store`. A key's secret is printed once, when
 * it is created; the store keeps its hash only, and listings never show it.
 */
import type { Command } from 'commander';
import { ApiKeyRegistry, UnknownApiKeyError, type ApiKeyRecord } from '../../../application/access/api-keys.js';
import { newApiKey, SELLER_ID } from '../../auth/api-key-tokens.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { stdoutOutput, type CliOutput } from '../support/io.js';
import { renderTable, toJson } from '../support/output.js';
import { openForKeys } from '../support/stores.js';

/** What a listing shows of a key: everything but its secret's hash. */
const listed = ({ secretHash: _hash, ...key }: ApiKeyRecord) => ({ ...key, status: key.revokedAt === undefined ? 'active' : 'revoked' });

function sellerOption(seller: string): string {
  if (!SELLER_ID.test(seller)) throw new CliError(`--seller '${seller}': a seller id is 1 to 32 characters of A-Z 0-9 (as Amazon's, e.g. A1SANDBOX0SELLER)`);
  return seller;
}

async function withRegistry<T>(store: string, work: (registry: ApiKeyRegistry) => Promise<T>): Promise<T> {
  const opened = await openForKeys(store);
  try {
    const registry = new ApiKeyRegistry(opened.store);
    await registry.refresh();
    return await work(registry);
  } finally {
    await opened.store.close();
  }
}

export function registerKeysCommands(program: Command, out: CliOutput = stdoutOutput): void {
  const keys = program.command('keys').description("the JSON API's keys: one per seller and use, shown once, revocable");
  keys
    .command('create')
    .description('create an API key for a seller; its token is printed once and never stored')
    .requiredOption('--seller <SellerId>', 'the seller the key acts for (it sees no other seller)')
    .option('--label <text>', 'what the key is for, shown in listings', '')
    .option('--json', 'print {keyId, sellerId, label, createdAt, token} as JSON')
    .action(async (options: { seller: string; label: string; json?: boolean }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      const sellerId = sellerOption(options.seller);
      const { token, record } = newApiKey(sellerId, options.label, 'operator', new Date().toISOString());
      await withRegistry(store, (registry) => registry.create(record));
      if (options.json === true) {
        out.write(toJson({ keyId: record.keyId, sellerId, label: record.label, createdAt: record.createdAt, token }));
        return;
      }
      out.write(
        [
          `API key ${record.keyId} created for seller ${sellerId}${record.label === '' ? '' : ` (${record.label})`}.`,
          `Token (shown this once; the store keeps only its hash):`,
          ``,
          `  ${token}`,
          ``,
          `Send it as "Authorization: Bearer <token>". Revoke it with \`billing-engine keys revoke ${record.keyId} --store ${store}\`.`,
          '',
        ].join('\n'),
      );
    });
  keys
    .command('list')
    .description('list the keys (never their secrets), oldest first')
    .option('--seller <SellerId>', "only this seller's keys")
    .option('--json', 'JSON instead of a table')
    .action(async (options: { seller?: string; json?: boolean }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      const seller = options.seller === undefined ? undefined : sellerOption(options.seller);
      const found = (await withRegistry(store, async (registry) => registry.list(seller))).map(listed);
      if (options.json === true) return void out.write(toJson(found));
      if (found.length === 0) return void out.write(`no API keys${seller === undefined ? '' : ` for seller ${seller}`}: create one with \`billing-engine keys create --seller <SellerId>\`\n`);
      out.write(
        renderTable(
          [
            { header: 'key id', value: (k) => k.keyId },
            { header: 'seller', value: (k) => k.sellerId },
            { header: 'label', value: (k) => k.label },
            { header: 'origin', value: (k) => k.origin },
            { header: 'created', value: (k) => k.createdAt },
            { header: 'status', value: (k) => (k.revokedAt === undefined ? 'active' : `revoked ${k.revokedAt}`) },
          ],
          found,
        ),
      );
    });
  keys
    .command('revoke')
    .description('revoke a key for good: every engine process on the store refuses it within a second')
    .argument('<keyId>', 'the key id (12 hex digits, as `keys list` shows it; the part after bek_ of a token)')
    .option('--json', 'print the revoked key (never its secret) as JSON')
    .action(async (keyId: string, options: { json?: boolean }, command: Command) => {
      const { store } = command.optsWithGlobals<GlobalOptions>();
      if (!/^[0-9a-f]{12}$/.test(keyId)) throw new CliError(`'${keyId}' is not a key id: 12 lower-case hex digits, as \`billing-engine keys list\` shows`);
      const revoked = await withRegistry(store, async (registry) => {
        try {
          return await registry.revoke(keyId, new Date().toISOString());
        } catch (error) {
          if (error instanceof UnknownApiKeyError) throw new CliError(`${error.message} in ${store} (see \`billing-engine keys list\`)`, EXIT.failure);
          throw error;
        }
      });
      out.write(options.json === true ? toJson(listed(revoked)) : `API key ${revoked.keyId} of seller ${revoked.sellerId} revoked at ${revoked.revokedAt ?? '?'}\n`);
    });
}
