/**
 * The projection thread (projection-thread.ts starts it): a read-only connection to the event
 * store's file, one to the projections' own file, and a ProjectionRunner between them. It follows
 * every commit of any connection to the events (`PRAGMA data_version`, looked at every
 * `followDelayMs`: one catch-up, one commit of rows and checkpoint per delay at most) and catches
 * up when a query asks. Outcomes go back as plain data.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PROJECTIONS, ProjectionRunner } from '../../../application/projections/index.js';
import { openSqliteEventStore } from '../../event-store/sqlite/sqlite-event-store.js';
import { SqliteProjectionStore } from './sqlite-projection-store.js';

export interface ToFollowThread {
  /** The event store's file. */
  readonly file: string;
  /** The projections' own file. */
  readonly projections: string;
  readonly followDelayMs: number;
}

export type ToThreadMessage = { readonly kind: 'catchUp'; readonly id: number } | { readonly kind: 'stop' };

export type FromThreadMessage =
  /** The first catch-up is over (`error`: why it failed); following has begun. */
  | { readonly kind: 'ready'; readonly error?: string }
  | { readonly kind: 'caughtUp'; readonly id: number; readonly error?: string }
  /** How the last catch-up while following ended, when that changed: `error` when it failed. */
  | { readonly kind: 'following'; readonly error?: string }
  /** The thread could not open the files. */
  | { readonly kind: 'failed'; readonly message: string };

const send = (message: FromThreadMessage): void => parentPort?.postMessage(message);
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

async function main(task: ToFollowThread): Promise<void> {
  const events = await openSqliteEventStore(task.file, { readonly: true });
  const own = await openSqliteEventStore(task.projections).catch(async (error: unknown) => {
    await events.close();
    throw error;
  });
  const target = new SqliteProjectionStore(own.database, undefined, { owner: own });
  const runner = new ProjectionRunner(events, target, PROJECTIONS);
  const dataVersion = events.database.prepare<[], number>('PRAGMA data_version').pluck();
  let seen = dataVersion.get();
  let failing: string | undefined;
  const outcome = (work: Promise<unknown>): Promise<string | undefined> =>
    work.then(
      () => undefined,
      (error: unknown) => messageOf(error),
    );
  /** Catch-ups under way (following, or asked for): the thread ends after them. */
  const running = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    running.add(work);
    void work.finally(() => running.delete(work)).catch(() => undefined);
    return work;
  };
  let following = false;
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  parentPort?.on('message', (message: ToThreadMessage) => {
    if (message.kind === 'catchUp') {
      void track(outcome(runner.catchUp())).then((error) => send(error === undefined ? { kind: 'caughtUp', id: message.id } : { kind: 'caughtUp', id: message.id, error }));
      return;
    }
    stopping = true;
    clearInterval(timer);
    void (async () => {
      await Promise.allSettled([...running]);
      await events.close();
      await target.close();
      parentPort?.close();
    })();
  });
  failing = await track(outcome(runner.catchUp()));
  send(failing === undefined ? { kind: 'ready' } : { kind: 'ready', error: failing });
  if (stopping) return;
  timer = setInterval(() => {
    if (following) return;
    const version = dataVersion.get();
    if (version === seen) return;
    seen = version;
    following = true;
    void track(outcome(runner.catchUp())).then((error) => {
      following = false;
      if (error !== failing) send(error === undefined ? { kind: 'following' } : { kind: 'following', error });
      failing = error;
    });
  }, task.followDelayMs);
}

main(workerData as ToFollowThread).catch((error: unknown) => {
  send({ kind: 'failed', message: messageOf(error) });
  parentPort?.close();
});
