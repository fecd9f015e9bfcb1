// The WAL checkpointer's thread (started by wal-checkpointer.ts). Plain JavaScript, so that it
// starts without the TypeScript loader, whichever way the process was launched.
//
// Its own connection to the event store's file copies committed pages from the WAL into the
// database file, so that the event loop running commands never does:
// - every `intervalMs` after commits: PASSIVE, which never waits for nor blocks anyone;
// - SQLite starts the WAL over (reusing the file) only when a write transaction begins with
//   every frame already copied, which a checkpoint running beside a steady stream of commits
//   practically never sees: it ends while the next transaction is open. So once the WAL holds
//   `walBytes`, the thread asks the store to hold its appends back for a moment (they queue, the
//   event loop keeps running), copies the last frames, and lets them go. Should that copy stay
//   incomplete (a reader on an old snapshot, another process writing), it asks again only after
//   RETRY_TICKS;
// - after `idleMs` without commits: RESTART, once, which copies every frame and lets the next
//   writer start the WAL over from its beginning. The file keeps its size and its blocks: a WAL
//   that grows again makes every commit's fsync slower while it grows (bursts of 300 commands
//   after a pause: median 0.26–0.36 ms against 0.41–0.45 after a TRUNCATE, which emptied it).
//   With busy_timeout = 0 it gives up at once, as a PASSIVE, if a writer or a reader is in the
//   way, and is tried again at the next tick.
import { statSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const { file, intervalMs, walBytes, idleMs } = workerData;
const database = new Database(file, { fileMustExist: true, timeout: 0 });
database.pragma('busy_timeout = 0');
database.pragma('synchronous = FULL');
const dataVersion = database.prepare('PRAGMA data_version').pluck();
const pageSize = Number(database.pragma('page_size', { simple: true }));

const RETRY_TICKS = 10;

let seenVersion = dataVersion.get();
let lastChange = performance.now();
let behind = true;
let pausing = false;
let ticks = 0;
let pauseAllowedAt = 0;
/** The WAL was copied whole since the last commit (RESTART): nothing to do until the next one. */
let idled = false;

function walSize() {
  try {
    return statSync(`${file}-wal`).size;
  } catch {
    return 0;
  }
}

/** Frames a reader still needs, or a lock in the way, leave the WAL behind: tried again later. */
function checkpoint(mode, afterPause = false) {
  const [result] = database.pragma(`wal_checkpoint(${mode})`);
  behind = result.busy !== 0 || result.log !== result.checkpointed;
  parentPort.postMessage({ kind: 'checkpointed', mode, afterPause, ...result, walSize: walSize() });
  return result;
}

function tick() {
  ticks++;
  const version = dataVersion.get();
  const changed = version !== seenVersion;
  seenVersion = version;
  if (changed) {
    lastChange = performance.now();
    idled = false;
  }
  if (changed || behind) {
    const { log } = checkpoint('PASSIVE');
    if (log * pageSize < walBytes || ticks < pauseAllowedAt) return;
    pausing = true;
    parentPort.postMessage({ kind: 'pause' });
  } else if (performance.now() - lastChange >= idleMs && walSize() > 0 && !idled) {
    checkpoint('RESTART');
    idled = !behind;
  }
}

function reporting(work) {
  try {
    work();
  } catch (error) {
    parentPort.postMessage({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

const timer = setInterval(() => reporting(() => pausing || tick()), intervalMs);

parentPort.on('message', (message) => {
  if (message === 'paused') {
    reporting(() => {
      checkpoint('PASSIVE', true);
      if (behind) pauseAllowedAt = ticks + RETRY_TICKS;
    });
    pausing = false;
    parentPort.postMessage({ kind: 'resume' });
  }
  if (message === 'stop') {
    clearInterval(timer);
    database.close();
    parentPort.close();
  }
});

parentPort.postMessage({ kind: 'ready' });
