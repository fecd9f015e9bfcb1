import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { checkLayers, formatViolation, type Violation } from './layer-rules.js';

const test = suite('layer rules');
const projectRoot = resolve(import.meta.dirname, '..', '..');

function plant(files: Record<string, string>): Violation[] {
  const root = mkdtempSync(join(tmpdir(), 'layers-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    }
    return checkLayers(root);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

function rulesOf(violations: Violation[]): string[] {
  return violations.map((v) => `${v.file}:${v.rule}`);
}

test('the project itself keeps every layer rule', () => {
  const violations = checkLayers(projectRoot);
  assert.equal(violations.map(formatViolation), []);
});

test('a clean planted tree has no violations', () => {
  const violations = plant({
    'domain/a.ts': "import { b } from './b.js';\nexport const a = b + new Date('2020-01-01T00:00:00Z').getTime();",
    'domain/b.ts': 'export const b = 1;',
    'application/c.ts': "import { a } from '../domain/a.js';\nexport const c = a;",
    'infrastructure/d.ts': "import { readFileSync } from 'node:fs';\nexport const d = Date.now() + readFileSync.length;",
  });
  assert.equal(violations, []);
});

test('domain importing application, infrastructure or any package is a violation', () => {
  const violations = plant({
    'domain/a.ts': "import { x } from '../application/x.js';\nexport const a = x;",
    'domain/b.ts': "import { y } from '../infrastructure/y.js';\nexport const b = y;",
    'domain/c.ts': "import { readFileSync } from 'node:fs';\nexport const c = readFileSync;",
    'domain/d.ts': "export const d = await import('fast-check');",
    'application/x.ts': 'export const x = 1;',
    'infrastructure/y.ts': 'export const y = 1;',
  });
  assert.equal(rulesOf(violations).sort(), [
    'domain/a.ts:layer-import',
    'domain/b.ts:layer-import',
    'domain/c.ts:layer-import',
    'domain/d.ts:layer-import',
  ]);
});

test('application importing infrastructure or a package is a violation', () => {
  const violations = plant({
    'application/a.ts': "import { y } from '../infrastructure/y.js';\nexport const a = y;",
    'application/b.ts': "import 'reflect-metadata';\nexport const b = 1;",
    'infrastructure/y.ts': 'export const y = 1;',
  });
  assert.equal(rulesOf(violations).sort(), ['application/a.ts:layer-import', 'application/b.ts:layer-import']);
});

test('reading the clock or randomness in domain or application is a violation', () => {
  const violations = plant({
    'domain/a.ts': 'export const a = Date.now();',
    'domain/b.ts': 'export const b = new Date();',
    'domain/c.ts': 'export const c = Math.random();',
    'application/d.ts': 'export const d = () => Date();',
    'application/e.ts': 'export const e = () => crypto.randomUUID();',
  });
  assert.equal(rulesOf(violations).sort(), [
    'application/d.ts:pure-layer',
    'application/e.ts:pure-layer',
    'domain/a.ts:pure-layer',
    'domain/b.ts:pure-layer',
    'domain/c.ts:pure-layer',
  ]);
});

test('decorators in domain are a violation', () => {
  const violations = plant({ 'domain/a.ts': 'declare const d: any;\n@d class A {}\nexport { A };' });
  assert.equal(rulesOf(violations), ['domain/a.ts:pure-layer']);
});

test('confined packages are allowed only in their one place', () => {
  const violations = plant({
    'infrastructure/http/server.ts': "import { Container } from 'inversify';\nexport const c = Container;",
    'infrastructure/composition/root.ts': "import 'reflect-metadata';\nimport { Container } from 'inversify';\nexport const c = Container;",
    'infrastructure/mws/authorize.ts': "import { IsString } from 'class-validator';\nexport const v = IsString;",
    'infrastructure/mws/authorize.dto.ts': "import { IsString } from 'class-validator';\nexport const v = IsString;",
    'infrastructure/projections/x.ts': "import { EventStoreDBClient } from '@eventstore/db-client';\nexport const e = EventStoreDBClient;",
    'infrastructure/event-store/eventstoredb/store.ts': "import { EventStoreDBClient } from '@eventstore/db-client';\nexport const e = EventStoreDBClient;",
  });
  assert.equal(rulesOf(violations).sort(), [
    'infrastructure/http/server.ts:confined-package',
    'infrastructure/mws/authorize.ts:confined-package',
    'infrastructure/projections/x.ts:confined-package',
  ]);
});

test.run();
