#!/usr/bin/env node
// The `billing-engine` command: runs the TypeScript CLI through tsx's loader. The package's own
// tsconfig is named explicitly (legacy decorators of the DTOs), whatever the working directory.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';
import { BATCH_HEAP_FLAGS, BOUNDED_HEAP_ENV, heapChosen, isBatchCommand } from './bounded-heap.mjs';

const args = process.argv.slice(2);
const bounded = process.env[BOUNDED_HEAP_ENV] !== undefined;

// Output piped into a reader that stops early (`| head`) ends the command quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

if (!bounded && isBatchCommand(args) && !heapChosen(process.execArgv, process.env.NODE_OPTIONS)) {
  // The batch commands run in a child with a capped heap (bounded-heap.mjs); this process only
  // passes signals on and ends as it ends. Its output goes straight to this one's.
  const child = spawn(process.execPath, [...process.execArgv, ...BATCH_HEAP_FLAGS, fileURLToPath(import.meta.url), ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, [BOUNDED_HEAP_ENV]: '1' },
  });
  child.on('error', (error) => {
    process.stderr.write(`billing-engine: cannot start the command's process: ${error.message}\n`);
    process.exit(1);
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => {
    if (signal === null) process.exit(code ?? 1);
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  });
} else {
  if (bounded && process.channel) {
    // The parent's end of the channel closes when it dies, even by kill -9: this one dies with it,
    // as a command killed in one process would (a rebuild then leaves the old tables).
    process.channel.unref();
    process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  }
  register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
  await import('./main.ts');
}
