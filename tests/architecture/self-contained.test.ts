/** A clone needs nothing beside it: no test, script or source file reads outside the repository. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';

const test = suite('self-contained repository');
const root = resolve(import.meta.dirname, '..', '..');
const SKIP = new Set(['node_modules', '.git', '.tmp', 'data', 'cache', 'results']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (SKIP.has(name)) return [];
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.(ts|mjs|js|sh|py|json)$/.test(name) || name === 'run' ? [path] : [];
  });
}

/**
 * The paths a file names relative to itself that lead outside the repository: string literals
 * starting with `../`, and `join(import.meta.dirname, '..', …)` with literal segments.
 */
export function pathsOutside(file: string, text: string): string[] {
  const here = dirname(file);
  const literals = [...text.matchAll(/['"`](\.\.\/[^'"`\s]*)['"`]/g)].map((m) => m[1] ?? '');
  const joined = [...text.matchAll(/import\.meta\.dirname\s*,((?:\s*['"][^'"]*['"]\s*,?)+)/g)].map((m) => [...(m[1] ?? '').matchAll(/['"]([^'"]*)['"]/g)].map((s) => s[1]).join('/'));
  return [...new Set([...literals, ...joined])].filter((path) => relative(root, resolve(here, path)).startsWith('..'));
}

test('a path out of the repository is found however it is written; paths inside are not', () => {
  const file = join(root, 'tests', 'ipn', 'envelopes.ts');
  assert.equal(pathsOutside(file, `join(import.meta.dirname, '../../../shared/fixtures/amazon-pay/ipn')`), ['../../../shared/fixtures/amazon-pay/ipn']);
  assert.equal(pathsOutside(file, `join(import.meta.dirname, '..', '..', '..', 'shared', 'fixtures')`), ['../../../shared/fixtures']);
  assert.equal(pathsOutside(file, `import { x } from '../../infrastructure/ipn/sns/envelope.js'; join(import.meta.dirname, '../fixtures/amazon-pay/ipn')`), []);
});

test('no file of tests/, bench/, scripts/, .ci/ or the source layers names a path outside the repository', () => {
  const dirs = ['tests', 'bench', 'scripts', '.ci', 'domain', 'application', 'infrastructure'].map((d) => join(root, d)).filter((d) => statSync(d, { throwIfNoEntry: false })?.isDirectory());
  const offenders = dirs.flatMap(sourceFiles).filter((file) => file !== resolve(import.meta.filename)).flatMap((file) => pathsOutside(file, readFileSync(file, 'utf8')).map((path) => `${relative(root, file)}: ${path}`));
  assert.equal(offenders, []);
});

test('the real Amazon IPN fixtures and their certificate are in the repository', () => {
  const names = readdirSync(join(root, 'tests', 'fixtures', 'amazon-pay', 'ipn')).sort();
  assert.equal(names, ['SimpleNotificationService-d6d679a1d18e95c2f9ffcf11f4f9e198.pem', 'billing-agreement-closed.json', 'order-reference-2.json', 'order-reference.json', 'payment-authorize.json', 'payment-capture.json', 'payment-refund.json']);
});

test.run();
