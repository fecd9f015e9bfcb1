/** Every projection the engine keeps, and their tables. */
import { agreementStatus, agreementStatusProjection, type AgreementStatusRow } from './agreement-status.js';
import type { Projection } from './projection.js';
import { prorationLines, prorationProjection, type ProrationLineRow } from './proration.js';
import { spending, type SpendingRow } from './spending-tables.js';
import { spendingProjection } from './spending.js';
import type { Table } from './tables.js';

/**
 * The name of the checkpoint kept with the rows. Change it (v1 → v2) whenever a projection's
 * output for the same events changes: every store then rebuilds its projections from zero.
 */
export const PROJECTION_CHECKPOINT = 'projections:v1';

export const PROJECTIONS: readonly Projection[] = [spendingProjection, prorationProjection, agreementStatusProjection];

export const PROJECTION_TABLES: readonly Table[] = PROJECTIONS.flatMap((p) => p.tables);

export { agreementStatus, prorationLines, spending, type AgreementStatusRow, type ProrationLineRow, type SpendingRow };
export { DEFAULT_FOLLOW_DELAY_MS, ProjectionRunner, type CatchUpOptions, type CatchUpResult, type ProjectionFollowing, type Progress, type RunnerOptions } from './runner.js';
export { ProjectionQueries, DEFAULT_NEAR_LIMIT_PERCENT, isMonth, usedPercent, type MonthlyTotal } from './queries.js';
export type { Projection, ProjectionEvent, RowReader } from './projection.js';
export { columnName, type Cell, type ColumnType, type Row, type RowWrite, type Table } from './tables.js';
