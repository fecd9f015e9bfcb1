/**
 * Test entry point for `npm test`: loads every `tests/**\/*.test.ts` into uvu's queue and
 * runs the queue itself, so that it can count failures (uvu prints none) and treat a test
 * file that fails to load as a failure. Ends with the line `N passed, N failed` and a
 * non-zero exit code on any failure or when no test ran at all.
 *
 * Usage: node --import tsx tests/run.ts [filter]   (filter: substring of the file path)
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

type SuiteRun = () => Promise<[string | true, number, number, number]>;
type QueueEntry = [string | null, ...SuiteRun[]];

const root = resolve(import.meta.dirname);
const filter = process.argv[2] ?? '';

function findTests(dir: string): string[] {
  const found: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts') && path.includes(filter)) found.push(path);
  }
  return found;
}

async function main(): Promise<number> {
  const g = globalThis as unknown as { UVU_DEFER: number; UVU_INDEX: number; UVU_QUEUE: QueueEntry[] };
  g.UVU_DEFER = 1;
  g.UVU_QUEUE = [];
  await import('uvu');

  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const files = findTests(root);
  for (const [index, file] of files.entries()) {
    g.UVU_INDEX = index;
    g.UVU_QUEUE.push([relative(root, file)]);
    try {
      await import(pathToFileURL(file).href);
    } catch (error) {
      failed++;
      console.error(`\n  FAIL  ${relative(root, file)} did not load:\n${(error as Error).stack ?? String(error)}\n`);
    }
  }

  const started = performance.now();
  for (const [name, ...suites] of g.UVU_QUEUE) {
    if (name !== null && suites.length > 0) process.stdout.write(`${name}\n`);
    for (const run of suites) {
      const [errors, ran, skips, total] = await run();
      passed += ran;
      failed += total - ran;
      skipped += skips;
      if (errors !== true) process.stdout.write(`\n${errors}\n`);
    }
  }
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`\n${files.length} test files in ${seconds}s`);
  const skippedNote = skipped > 0 ? `, ${skipped} skipped` : '';
  console.log(`${passed} passed, ${failed} failed${skippedNote}`);
  if (passed + failed === 0) {
    console.error('No test ran: that is a failure.');
    return 1;
  }
  return failed > 0 ? 1 : 0;
}

process.exitCode = await main();
