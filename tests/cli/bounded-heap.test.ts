/**
 * Which commands run in a child with a capped heap (infrastructure/cli/bounded-heap.mjs), and
 * that such a command behaves as one run in a single process: its output, its exit code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BATCH_HEAP_FLAGS, heapChosen, isBatchCommand } from '../../infrastructure/cli/bounded-heap.mjs';
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
  assert.ok(heapChosen(['--max-semi-space-size=8']), 'a young generation chosen is a choice too');
  assert.equal(BATCH_HEAP_FLAGS.map((flag) => flag.replace(/\d+$/, 'N')), ['--max-old-space-size=N', '--max-semi-space-size=N']);
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

test('a batch command runs in a process with the capped heap; another command, and one whose caller chose a heap size, in the one process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bounded-heap-'));
  try {
    const file = join(dir, 'billing.db');
    assert.is(spawnSync(process.execPath, [BIN, 'demo-data', '--store', `sqlite:${file}`], { encoding: 'utf8' }).status, 0);
    // Every node process of the command notes its flags and heap limit in a file of its own (its
    // main thread only: a rebuild's helper threads run the preload too, under the same pid).
    const notes = join(dir, 'notes');
    const preload = join(dir, 'note-heap.cjs');
    writeFileSync(
      preload,
      `if (require('node:worker_threads').isMainThread) {
         require('node:fs').mkdirSync(${JSON.stringify(notes)}, { recursive: true });
         require('node:fs').writeFileSync(require('node:path').join(${JSON.stringify(notes)}, String(process.pid)),
           JSON.stringify({ execArgv: process.execArgv, limitMb: require('node:v8').getHeapStatistics().heap_size_limit / 1048576 }));
       }`,
    );
    const processes = (args: readonly string[], nodeOptions = ''): { execArgv: string[]; limitMb: number }[] => {
      rmSync(notes, { recursive: true, force: true });
      const run = spawnSync(process.execPath, [BIN, ...args, '--store', `sqlite:${file}`], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${preload} ${nodeOptions}` } });
      assert.is(run.status, 0, run.stderr);
      return readdirSync(notes).map((pid) => JSON.parse(readFileSync(join(notes, pid), 'utf8')) as { execArgv: string[]; limitMb: number });
    };
    const rebuild = processes(['rebuild']);
    assert.is(rebuild.length, 2, 'billing-engine and its child');
    const child = rebuild.find((p) => BATCH_HEAP_FLAGS.every((flag) => p.execArgv.includes(flag)));
    assert.ok(child !== undefined && child.limitMb < 1_200, JSON.stringify(rebuild));
    assert.is(processes(['report', 'agreements']).length, 1);
    const chosen = processes(['rebuild'], '--max-old-space-size=300');
    assert.is(chosen.length, 1);
    assert.ok((chosen[0]?.limitMb ?? 0) < 400);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
