/**
 * `billing-engine ipn replay <file|dir>`: archived notifications through the same flow as
 * `POST /ipn` (signature verified, no freshness window), after applying what a crash left
 * pending. Idempotent: a notification already stored changes nothing (an unmatched one is
 * tried again, its object may exist by now). Returns how many were refused.
 * `billing-engine ipn retry`: the inbox's unmatched (and pending) notifications applied again.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createBillingEngine } from '../../composition/create-billing-engine.js';
import { createIpnReceiver, type IpnOutcome } from '../../ipn/receiver.js';
import { CliError } from '../program.js';
import type { CliOutput } from '../support/io.js';
import { toJson } from '../support/output.js';

async function notificationFiles(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => undefined);
  if (info === undefined) throw new CliError(`no file or directory at '${path}'`);
  if (info.isFile()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(
    entries.sort((a, b) => (a.name < b.name ? -1 : 1)).map((e) => (e.isDirectory() ? notificationFiles(join(path, e.name)) : e.name.endsWith('.json') ? [join(path, e.name)] : [])),
  );
  return nested.flat();
}

function describe(outcome: IpnOutcome): string {
  if (outcome.kind === 'refused') return `refused (${outcome.status}): ${outcome.reason}`;
  const { status, detail } = outcome.entry;
  const again = outcome.duplicate ? ' (stored before)' : '';
  return outcome.failure === undefined ? `${status}${again}: ${detail ?? ''}` : `stored, not applied: ${outcome.failure}`;
}

export async function replayNotifications(store: string, path: string, certDir: string | undefined, out: CliOutput, json = false): Promise<number> {
  const files = await notificationFiles(path);
  const engine = await createBillingEngine({ store });
  try {
    const receiver = createIpnReceiver({ engine, ...(certDir === undefined || certDir === '' ? {} : { certDir }), maxAgeSeconds: 0 });
    const resumed = await receiver.resume();
    const say = (text: string) => (json ? undefined : out.write(text));
    if (resumed.settled.length > 0) say(`applied ${resumed.settled.length} notification(s) left pending\n`);
    for (const { key, reason } of resumed.failed) say(`${key}: still pending, applying failed again: ${reason}\n`);
    const counts = new Map<string, number>();
    const results: { file: string; status: string; key?: string; detail?: string; reason?: string; duplicate?: boolean }[] = [];
    for (const file of files) {
      const outcome = await receiver.accept(await readFile(file, 'utf8'), { checkFreshness: false });
      const key = outcome.kind === 'refused' ? 'refused' : outcome.entry.status;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      results.push(outcome.kind === 'refused' ? { file, status: 'refused', reason: outcome.reason } : { file, status: key, key: outcome.entry.key, duplicate: outcome.duplicate, ...(outcome.entry.detail === undefined ? {} : { detail: outcome.entry.detail }) });
      say(`${file}: ${describe(outcome)}\n`);
    }
    const summary = [...counts].map(([status, n]) => `${n} ${status}`).join(', ');
    say(`${files.length} file(s)${summary === '' ? '' : `: ${summary}`}\n`);
    if (json) out.write(toJson({ resumed: resumed.settled.length, failedAgain: resumed.failed, files: results, counts: Object.fromEntries(counts) }));
    return counts.get('refused') ?? 0;
  } finally {
    await engine.close();
  }
}

export async function retryInbox(store: string, out: CliOutput, json = false): Promise<void> {
  const engine = await createBillingEngine({ store });
  try {
    const { settled, failed } = await createIpnReceiver({ engine }).retryUnmatched();
    if (json) return void out.write(toJson({ settled: settled.map(({ body: _body, ...entry }) => entry), failed }));
    for (const entry of settled) out.write(`${entry.key}: ${entry.status}: ${entry.detail ?? ''}\n`);
    for (const { key, reason } of failed) out.write(`${key}: failed again: ${reason}\n`);
    const applied = settled.filter((e) => e.status === 'applied' || e.status === 'unchanged').length;
    out.write(`${settled.length + failed.length} notification(s) tried again: ${applied} applied, ${settled.length - applied} still unmatched or ignored, ${failed.length} failed\n`);
  } finally {
    await engine.close();
  }
}
