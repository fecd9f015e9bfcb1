// A helper thread of a partitioned build (started by partitioned-build.ts): plain JavaScript that
// loads the TypeScript build through tsx's loader, however the process itself was launched.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../../tsconfig.json', import.meta.url)) });
await import('./build-thread.ts');
