/**
 * `billing-engine audit …`: the auditors' commands, read-only. `history` lists every event of an
 * agreement and its orders with who, when and why; `state` folds them up to an instant or a
 * position; `verify` checks the hash chain and compares the projections with a fresh replay
 * (exit 1 when anything is off, or when the store keeps no chain to verify).
 */
import { Option, type Command } from 'commander';
import type { Cutoff } from '../../../application/audit/state-as-of.js';
import type { Audit } from '../../../application/audit/audit.js';
import type { AuditEntry } from '../../../application/audit/history.js';
import { auditOf } from '../../audit/audit-of.js';
import { countEventsAfter } from '../../event-store/sqlite/counting.js';
import type { OpenedStore } from '../../event-store/open-store.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { instantOption } from '../support/instants.js';
import { toCsv, toJson } from '../support/output.js';
import { createProgressGroup, type ProgressReporter } from '../support/progress.js';
import { processIo, type Io } from '../support/io.js';
import { closeOpened, openForReading } from '../support/stores.js';
import { historyText, stateText, verifyText } from './audit-text.js';

async function withAudit(io: Io, command: Command, body: (audit: Audit, opened: OpenedStore, store: string) => Promise<string>): Promise<void> {
  const { store, projections } = command.optsWithGlobals<GlobalOptions & { projections?: string }>();
  const opened = await openForReading(store, 'events', projections);
  try {
    io.out(await body(auditOf(opened), opened, store));
  } finally {
    await closeOpened(opened);
  }
}

const unknownId = (id: string, store: string): CliError => new CliError(`no billing agreement or order reference '${id}' in ${store}`, EXIT.usage);

const HISTORY_CSV = ['position', 'recorded_at', 'stream_id', 'revision', 'event_id', 'type', 'at', 'actor', 'source', 'command_id', 'correlation_id', 'causation_id'];

const csvRecord = (e: AuditEntry): Record<string, string | number> => ({
  position: e.position,
  recorded_at: e.recordedAt,
  stream_id: e.streamId,
  revision: e.revision,
  event_id: e.eventId,
  type: e.type,
  at: e.at,
  actor: e.actor,
  source: e.source,
  command_id: e.commandId,
  correlation_id: e.correlationId,
  causation_id: e.causationId,
});

function cutoffOf(options: { asOf?: string; atPosition?: string }, opened: OpenedStore): Cutoff {
  if ((options.asOf === undefined) === (options.atPosition === undefined)) throw new CliError('give exactly one of --as-of <instant> and --at-position <position>', EXIT.usage);
  if (options.asOf !== undefined) return { kind: 'instant', instant: options.asOf };
  const position = options.atPosition ?? '';
  try {
    opened.comparePositions?.(position, position);
  } catch {
    throw new CliError(`'${position}' is not a position of this store`, EXIT.usage);
  }
  return { kind: 'position', position };
}

async function verify(io: Io, audit: Audit, opened: OpenedStore, format: string): Promise<string> {
  const total = opened.sqlite === undefined ? undefined : countEventsAfter(opened.sqlite.database, undefined);
  // The chain check and the replay run at once (SQLite: the chain on a thread of its own), then the tables are compared.
  const progress = createProgressGroup(io.err);
  const chain = progress.add('verify chain', total);
  let replay: ProgressReporter | undefined;
  const report = await audit.verify({
    onChainProgress: (checked) => {
      chain.update(checked);
      if (checked === total) chain.stop();
    },
    onReplayProgress: ({ events }) => (replay ??= progress.add('verify projections', total)).update(events),
    onTableCompared: (table, done, of) => {
      // The replay is over once the first table is compared.
      replay?.stop();
      progress.log(`verify compare: ${table} (${done}/${of} tables)\n`);
    },
  });
  progress.stop();
  io.out(format === 'json' ? toJson(report) : verifyText(report));
  if (!report.ok) throw new CliError('verification failed: see the report above', EXIT.failure);
  return '';
}

function historyCommand(audit: Command, io: Io): void {
  audit
    .command('history <id>')
    .description('every event of a billing agreement and its order references (or of one order reference), with time, command, actor, source, correlation and causation')
    .addOption(new Option('--format <format>', "text, csv or json (json includes each event's data)").choices(['text', 'csv', 'json']).default('text'))
    .action((id: string, options: { format: string }, command: Command) =>
      withAudit(io, command, async (a, _opened, store) => {
        const history = await a.history(id);
        if (history === undefined) throw unknownId(id, store);
        if (options.format === 'json') return toJson(history);
        return options.format === 'csv' ? toCsv(history.entries.map(csvRecord), HISTORY_CSV) : historyText(history);
      }),
    );
}

function stateCommand(audit: Command, io: Io): void {
  audit
    .command('state <id>')
    .description('the state of a billing agreement (and its order references) as of an instant or a global position')
    .option('--as-of <instant>', 'ISO-8601 with a zone: events recorded at or before it count', instantOption)
    .option('--at-position <position>', 'events at or before this global position count')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((id: string, options: { asOf?: string; atPosition?: string; format: string }, command: Command) =>
      withAudit(io, command, async (a, opened, store) => {
        const state = await a.stateAsOf(id, cutoffOf(options, opened));
        if (state === undefined) throw unknownId(id, store);
        return options.format === 'json' ? toJson(state) : stateText(state);
      }),
    );
}

export function registerAudit(program: Command, io: Io = processIo): void {
  const audit = program
    .command('audit')
    .description("the auditors' view of the history (read-only)")
    .option('--projections <location>', 'where the projection tables are kept when not beside the events: postgres://… or sqlite:<file> (env BILLING_PROJECTIONS)', process.env['BILLING_PROJECTIONS']);
  historyCommand(audit, io);
  stateCommand(audit, io);
  audit
    .command('verify')
    .description('recompute the hash chain (first broken position) and compare the stored projections with a fresh replay')
    .addOption(new Option('--format <format>', 'text or json').choices(['text', 'json']).default('text'))
    .action((options: { format: string }, command: Command) => withAudit(io, command, (a, opened) => verify(io, a, opened, options.format)));
}
