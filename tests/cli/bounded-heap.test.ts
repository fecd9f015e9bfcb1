/**
 * Which commands run in a child with a capped heap (infrastructure/cli/bounded-heap.mjs), and
 * that such a command behaves as one run in a single process: its output, its exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BATCH_HEAP_FLAG, heapChosen, isBatchCommand } from '../../infrastructure/cli/bounded-heap.mjs';
import { BIN } from './run-cli.js';

const test = suite('billing-engine: the batch commands in a process with a capped heap');

test('rebuild, replay and audit verify are batch commands wherever the global options stand; the others are not', () => {
  for (const args of [['rebuild'], ['--store', 'sqlite:x.db', 'rebuild', '--json'], ['replay', '--store', 'sqlite:x.db'], ['audit', 'verify'], ['--debug', 'audit', '--store', 'sqlite:x', 'verify']]) {
    assert.ok(isBatchCommand(args), args.join(' '));
  }
  for (const args of [[], ['serve'], ['audit', 'state', 'B01'], ['report', 'rebuild'], ['--store', 'rebuild', 'serve'], ['--', 'rebuild']]) {
    assert.not.ok(isBatchCommand(args), args.join(' '));
  }
});

test('a heap size the caller chose (node flag or NODE_OPTIONS) is kept', () => {
  assert.ok(heapChosen(['--max-old-space-size=300']));
  assert.ok(heapChosen([], '--trace-warnings --max_old_space_size=2048'));
  assert.not.ok(heapChosen(['--import', 'tsx'], '--trace-warnings'));
  assert.match(BATCH_HEAP_FLAG, /^--max-old-space-size=\d+$/);
});

test('a batch command in its child answers as itself: output, exit code, and the error of a store it cannot open', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-heap-'));
  try {
    const file = join(dir, 'billing.db');
    const demo = spawnSync(process.execPath, [BIN, 'demo-data', '--store', `sqlite:${file}`], { encoding: 'utf8' });
    assert.is(demo.status, 0, demo.stderr);
    const rebuilt = spawnSync(process.execPath, [BIN, 'rebuild', '--json', '--store', `sqlite:${file}`], { encoding: 'utf8' });
    assert.is(rebuilt.status, 0, rebuilt.stderr);
    assert.is((JSON.parse(rebuilt.stdout) as { mode: string }).mode, 'rebuild');
    const missing = spawnSync(process.execPath, [BIN, 'audit', 'verify', '--store', `sqlite:${join(dir, 'missing.db')}`], { encoding: 'utf8' });
    assert.is(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /missing\.db/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
