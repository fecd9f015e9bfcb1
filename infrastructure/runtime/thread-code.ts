/**
 * The code of a worker thread as one plain script, bundled by esbuild from the thread's TypeScript
 * entry the first time a process starts such a thread (about 50 ms) and kept in memory: the thread
 * runs it with `eval`. A thread that loaded TypeScript through tsx's loader would start a loader
 * thread of its own: about 30 MB more per thread, measured. better-sqlite3 (a native addon) stays
 * outside the bundle, required from where this process resolves it; a thread's code may not start
 * threads itself (esbuild is refused in it).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const require = createRequire(import.meta.url);

const outside: Plugin = {
  name: 'outside-the-bundle',
  setup(builder) {
    builder.onResolve({ filter: /^better-sqlite3$/ }, () => ({ path: require.resolve('better-sqlite3'), external: true }));
    builder.onResolve({ filter: /^esbuild$/ }, (args) => ({ errors: [{ text: `${args.importer} imports esbuild: a thread's code starts no threads` }] }));
  },
};

/** The heap of a thread that holds one page or one partition's rows at a time: small, and so is its memory. */
export const SMALL_THREAD_HEAP = { maxYoungGenerationSizeMb: 8, maxOldGenerationSizeMb: 64 } as const;

const bundles = new Map<string, Promise<string>>();

/** The script bundled from `entry` (a TypeScript file), for `new Worker(code, { eval: true })`. */
export function threadCode(entry: URL): Promise<string> {
  let bundle = bundles.get(entry.href);
  if (bundle === undefined) {
    bundle = build({ entryPoints: [fileURLToPath(entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent', plugins: [outside] }).then(
      ({ outputFiles }) => outputFiles[0]?.text ?? '',
    );
    bundles.set(entry.href, bundle);
    bundle.catch(() => bundles.delete(entry.href));
  }
  return bundle;
}
