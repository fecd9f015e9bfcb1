/**
 * fast-check settings for every property suite: at least 200 runs (FC_RUNS raises it);
 * FC_SEED (and FC_PATH) replay a failure exactly: fast-check prints both when a property fails.
 */
import fc from 'fast-check';

const runs = Math.max(200, Number(process.env['FC_RUNS'] ?? 200) || 200);

export function propertyOptions<Ts>(): fc.Parameters<Ts> {
  const seed = process.env['FC_SEED'];
  const path = process.env['FC_PATH'];
  return {
    numRuns: runs,
    ...(seed === undefined ? {} : { seed: Number(seed) }),
    ...(path === undefined ? {} : { path }),
  };
}

export const PROPERTY_RUNS = runs;

/** fc.assert with the project's settings. */
export function check<Ts>(property: fc.IProperty<Ts> | fc.IAsyncProperty<Ts>): void | Promise<void> {
  return fc.assert(property as fc.IProperty<Ts>, propertyOptions<Ts>());
}
