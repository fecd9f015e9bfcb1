/**
 * Runs work for one key at a time within this process; other processes are met by the event
 * store's optimistic concurrency. The command handler serialises commands per stream with it, and
 * money operations per order (they number their transactions by counting, `…-A000003`, so two
 * concurrent requests on one order must not count at the same moment).
 */
export class KeyedLock {
  private readonly tails = new Map<string, Promise<unknown>>();

  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.catch(() => undefined);
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return next;
  }
}
