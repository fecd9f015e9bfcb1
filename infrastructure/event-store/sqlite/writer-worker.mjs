// The writer thread's entry (started by writer-client.ts): plain JavaScript that loads the
// TypeScript writer through tsx's loader, however the process itself was launched.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./writer-thread.ts');
