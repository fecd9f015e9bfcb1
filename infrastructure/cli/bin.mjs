#!/usr/bin/env node
// The `billing-engine` command: runs the TypeScript CLI through tsx's loader. The package's own
// tsconfig is named explicitly (legacy decorators of the DTOs), whatever the working directory.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });
await import('./main.ts');
