// The long batch commands (`rebuild`, `replay`, `audit verify`) run in a child process of
// `billing-engine` whose V8 heap is capped (BATCH_HEAP_FLAGS). Their live data is small and
// bounded (a few tens of MB, whatever the history's size), but with the default limit of a large
// machine (4 GB on 24 GB) V8 sizes the young generation at its largest and lets the old one fill
// with dead rows for long stretches between collections: a 1M-event rebuild peaked at 252 MB,
// with the cap at 201 MB, in the same time; a young generation of 4 MB semi-spaces instead of
// V8's 16 takes 25-30 MB more off (157 MB against 185) for about 10 % more time (the bench's
// rounds: 11.2-12.6 s against 9.6-11.7 s in a plain process; with 2 MB the rebuild was 25 %
// slower): the peak stays well inside its target (raw read + 64 MB). README Performance. Plain JavaScript: bin.mjs decides
// before the TypeScript loader starts. An explicit heap flag of the caller's (in NODE_OPTIONS or
// on node's command line) is left as it is, in this process.

/**
 * The old generation capped at 1 GB: far above what the batch commands hold, so only V8's sizing
 * changes, never the outcome; the young one at 4 MB a semi-space.
 */
export const BATCH_HEAP_FLAGS = Object.freeze(['--max-old-space-size=1024', '--max-semi-space-size=4']);

/** Set in the child's environment: it is the bounded process, and ends when its parent does. */
export const BOUNDED_HEAP_ENV = 'BILLING_ENGINE_BOUNDED_HEAP';

/** Global options that take a value as the next argument. */
const GLOBAL_WITH_VALUE = new Set(['--store']);

/** The command words of `args` (the arguments after the script), options and their values left out. */
function commandWords(args) {
  const words = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--') break;
    if (GLOBAL_WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith('-')) words.push(arg);
  }
  return words;
}

/** True for `rebuild`, `replay` and `audit verify`, wherever the global options stand. */
export function isBatchCommand(args) {
  const [first, second] = commandWords(args);
  return first === 'rebuild' || first === 'replay' || (first === 'audit' && second === 'verify');
}

/** Whether the caller chose a heap size already (of either generation). */
export function heapChosen(execArgv, nodeOptions = '') {
  return [...execArgv, ...nodeOptions.split(/\s+/)].some((flag) => /^--max[-_](old|semi)[-_]space[-_]size(=|$)/.test(flag));
}
