/**
 * Every rejection code a decider can return has at least one example test that expects it:
 * the codes are read from the error unions, the expectations from the example tests.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('rejection codes');
const root = resolve(import.meta.dirname, '..', '..');

function codesOf(errorsFile: string): string[] {
  const text = readFileSync(join(root, errorsFile), 'utf8');
  return [...text.matchAll(/\|\s*'([A-Za-z]+)'/g)].map((m) => m[1] ?? '');
}

function expectedIn(dir: string): Set<string> {
  const found = new Set<string>();
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    if (!name.endsWith('.test.ts')) continue;
    for (const m of readFileSync(join(dir, name), 'utf8').matchAll(/rejects\('([A-Za-z]+)'\)/g)) found.add(m[1] ?? '');
  }
  return found;
}

for (const [aggregate, errorsFile] of [
  ['billing agreement', 'domain/billing-agreement/errors.ts'],
  ['order reference', 'domain/order-reference/errors.ts'],
  ['reference id', 'domain/reference-id/errors.ts'],
] as const) {
  test(`every ${aggregate} rejection code has an example test`, () => {
    const codes = codesOf(errorsFile);
    assert.ok(codes.length >= 2, `read the codes of ${errorsFile}`);
    const tested = expectedIn(join(root, 'tests', 'domain', aggregate.replaceAll(' ', '-')));
    assert.equal(codes.filter((code) => !tested.has(code)), []);
  });
}

test.run();
