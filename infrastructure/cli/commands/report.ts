/**
 * `billing-engine report …`: the analysts' reports, read from the projection tables of a SQLite
 * file as they are stored (read-only; a note on stderr says when they lag behind the events).
 */
import { monthsUpTo } from '../../../domain/shared/time.js';
import { Option, type Command } from 'commander';
import { DEFAULT_NEAR_LIMIT_PERCENT, isMonth, ProjectionQueries, agreementStatus, prorationLines, spending } from '../../../application/projections/index.js';
import type { MonthlyTotal } from '../../../application/projections/queries.js';
import type { SpendingRow } from '../../../application/projections/index.js';
import { AGREEMENT_STATES } from '../../../domain/billing-agreement/types.js';
import { countEventsAfter } from '../../event-store/sqlite/counting.js';
import { CliError, EXIT, type GlobalOptions } from '../program.js';
import { FORMATS, renderTable, sqlRecord, toCsv, toJson, type Format, type TableColumn } from '../support/output.js';
import { processIo, type Io } from '../support/io.js';
import { openForReading } from '../support/stores.js';
import { parseProjectionLocation, type ProjectionLocation } from '../../config/store-url.js';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.js';
import { AGREEMENT_COLUMNS, PRORATION_COLUMNS, SPENDING_COLUMNS, spendingColumnsWithPictures, spendingFooter, TOTAL_COLUMNS, totalsTrend } from './report-columns.js';

type Records = readonly Record<string, string | number | boolean | null>[];

function month(value: string): string {
  if (!isMonth(value)) throw new CliError(`--month '${value}' is not a month: use YYYY-MM, e.g. 2026-11`, EXIT.usage);
  return value;
}

function percent(value: string): number {
  const n = /^\d{1,3}$/.test(value) ? Number(value) : Number.NaN;
  if (!(n >= 0 && n <= 100)) throw new CliError(`--threshold '${value}' is not a whole percentage 0–100`, EXIT.usage);
  return n;
}

async function withQueries(io: Io, command: Command, body: (queries: ProjectionQueries) => Promise<string>): Promise<void> {
  const { store: events, projections } = command.optsWithGlobals<GlobalOptions & { projections?: string }>();
  const where = projections === undefined ? undefined : projectionLocation(projections);
  if (where?.kind === 'postgres') return withPostgres(io, where.connectionString, body);
  // A SQLite file of projections is read as a store's file is.
  const store = where?.kind === 'sqlite' ? `sqlite:${where.path}` : events;
  const opened = await openForReading(store, 'projections');
  try {
    if (opened.projections === undefined) throw new CliError(`'${store}' keeps no projections`, EXIT.usage);
    if (opened.sqlite !== undefined) {
      const behind = countEventsAfter(opened.sqlite.database, await opened.projections.checkpoint());
      if (behind > 0) io.err.write(`note: the projections are ${behind} events behind the event store; \`billing-engine replay\` brings them up to date\n`);
    }
    io.out(await body(new ProjectionQueries(opened.projections)));
  } finally {
    await opened.store.close();
  }
}

function projectionLocation(text: string): ProjectionLocation {
  try {
    return parseProjectionLocation(text);
  } catch (error) {
    throw new CliError((error as Error).message, EXIT.usage);
  }
}

/** The tables in PostgreSQL, read as they are (no event store needed). */
async function withPostgres(io: Io, connectionString: string, body: (queries: ProjectionQueries) => Promise<string>): Promise<void> {
  const { openPostgresProjections } = await import('../../projections/postgres/postgres-projection-store.js');
  const tables = await openPostgresProjections(connectionString).catch((error: unknown) => {
    throw error instanceof EventStoreUnavailableError ? new CliError(error.message, EXIT.failure) : error;
  });
  try {
    io.out(await body(new ProjectionQueries(tables)));
  } finally {
    await tables.close();
  }
}

function emit<R>(format: Format, rows: readonly R[], columns: readonly TableColumn<R>[], records: () => Records, footer?: readonly string[]): string {
  if (format === 'json') return toJson(records());
  if (format === 'csv') return toCsv(records(), undefined);
  if (rows.length === 0) return '(no rows)\n';
  return renderTable(columns, rows, footer);
}

const snake = (total: MonthlyTotal): Record<string, string | number> =>
  Object.fromEntries(Object.entries(total).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));

const formatOption = (): Option => new Option('--format <format>', 'table, csv or json').choices(FORMATS).default('table');

/** `--pictures` / `--no-pictures`: bars and sparklines in tables; by default on a terminal only. */
function picturesOptions(command: Command): Command {
  return command.option('--pictures', 'bars of the limit and sparklines of the months in the table (default on a terminal)').option('--no-pictures', 'plain table only');
}

const wantsPictures = (io: Io, options: { readonly pictures?: boolean; readonly format: Format }): boolean => options.format === 'table' && (options.pictures ?? io.tty === true);

const TREND_MONTHS = 6;

/** The spending rows as a table with pictures: each agreement's authorized amount over the last months. */
async function spendingPictures(q: ProjectionQueries, month: string, rows: readonly SpendingRow[], footer: readonly string[] | undefined): Promise<string> {
  if (rows.length === 0) return '(no rows)\n';
  const months = monthsUpTo(month, TREND_MONTHS);
  const byMonth = await Promise.all(months.map((m) => q.spending(m)));
  const trends = new Map(rows.map((r) => [r.billingAgreementId, byMonth.map((monthRows) => monthRows.find((x) => x.billingAgreementId === r.billingAgreementId)?.authorizedAmount ?? 0)]));
  return renderTable(spendingColumnsWithPictures(trends, months), rows, footer === undefined ? undefined : [...footer, '']);
}

function spendingCommands(report: Command, io: Io): void {
  picturesOptions(report
    .command('spending'))
    .description('spending per billing agreement in one UTC month: limit, authorized, remaining, captured, refunded, declined')
    .requiredOption('--month <YYYY-MM>', 'the UTC month, e.g. 2026-11', month)
    .addOption(formatOption())
    .action((options: { month: string; format: Format; pictures?: boolean }, command: Command) =>
      withQueries(io, command, async (q) => {
        const rows = await q.spending(options.month);
        const footer = spendingFooter(await q.monthlyTotals(options.month));
        if (wantsPictures(io, options)) return spendingPictures(q, options.month, rows, footer);
        return emit(options.format, rows, SPENDING_COLUMNS, () => rows.map((r) => sqlRecord(spending, r)) as Records, footer);
      }),
    );
  picturesOptions(report
    .command('near-limit'))
    .description('billing agreements whose authorized amount in the month reached a share of their monthly limit')
    .requiredOption('--month <YYYY-MM>', 'the UTC month', month)
    .option('--threshold <percent>', 'share of the limit, a whole percentage', percent, DEFAULT_NEAR_LIMIT_PERCENT)
    .addOption(formatOption())
    .action((options: { month: string; threshold: number; format: Format; pictures?: boolean }, command: Command) =>
      withQueries(io, command, async (q) => {
        const rows = await q.nearLimit(options.month, options.threshold);
        if (wantsPictures(io, options)) return spendingPictures(q, options.month, rows, undefined);
        return emit(options.format, rows, SPENDING_COLUMNS, () => rows.map((r) => sqlRecord(spending, r)) as Records);
      }),
    );
  picturesOptions(report
    .command('totals'))
    .description('totals per UTC month and currency: authorized, declined, captured, refunded, revenue')
    .option('--month <YYYY-MM>', 'only this month', month)
    .addOption(formatOption())
    .action((options: { month?: string; format: Format; pictures?: boolean }, command: Command) =>
      withQueries(io, command, async (q) => {
        const rows = await q.monthlyTotals(options.month);
        const table = emit(options.format, rows, TOTAL_COLUMNS, () => rows.map(snake));
        return wantsPictures(io, options) && rows.length > 0 ? `${table}${totalsTrend(rows)}` : table;
      }),
    );
}

function otherCommands(report: Command, io: Io): void {
  report
    .command('proration')
    .description('proration lines of plan changes: credit, charge, net and how it was settled')
    .option('--month <YYYY-MM>', 'plan changes made in this UTC month', month)
    .addOption(formatOption())
    .action((options: { month?: string; format: Format }, command: Command) =>
      withQueries(io, command, async (q) => {
        const rows = await q.proration(options.month);
        return emit(options.format, rows, PRORATION_COLUMNS, () => rows.map((r) => sqlRecord(prorationLines, r)) as Records);
      }),
    );
  report
    .command('agreements')
    .description('billing agreements with their state, constraints, plan and payment method')
    .addOption(new Option('--state <state>', 'only agreements in this state').choices(AGREEMENT_STATES))
    .addOption(formatOption())
    .action((options: { state?: string; format: Format }, command: Command) =>
      withQueries(io, command, async (q) => {
        const rows = await q.agreements(options.state === undefined ? {} : { state: options.state });
        return emit(options.format, rows, AGREEMENT_COLUMNS, () => rows.map((r) => sqlRecord(agreementStatus, r)) as Records);
      }),
    );
}

export function registerReport(program: Command, io: Io = processIo): void {
  const report = program
    .command('report')
    .description('reports from the projections (a SQLite file, read-only; or PostgreSQL with --projections)')
    .option('--projections <location>', 'read the tables in PostgreSQL (postgres://user@host:5432/db) or a SQLite file of projections (sqlite:<file>) (env BILLING_PROJECTIONS)', process.env['BILLING_PROJECTIONS']);
  spendingCommands(report, io);
  otherCommands(report, io);
}
