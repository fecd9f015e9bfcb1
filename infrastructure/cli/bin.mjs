#!/usr/bin/env node
// The `billing-engine` command: runs the TypeScript CLI through tsx's loader. The package's own
// tsconfig is named explicitly (legacy decorators of the DTOs), whatever the working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// Output piped into a reader that stops early (`| head`) ends the command quietly, as other tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./main.ts');
