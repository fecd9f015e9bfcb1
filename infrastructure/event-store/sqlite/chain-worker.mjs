// The chain check's thread (started by sqlite-tamper-evidence.ts): plain JavaScript that loads
// the TypeScript check through tsx's loader, however the process itself was launched.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./chain-thread.ts');
