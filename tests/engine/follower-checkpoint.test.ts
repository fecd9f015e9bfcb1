import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { FollowerCheckpoint } from '../../application/follower-checkpoint.js';
import type { CheckpointStore } from '../../application/ports/checkpoint-store.js';
import type { GlobalPosition } from '../../application/ports/event-store.js';

const test = suite('follower checkpoint');

/** Records every write; a write can be made slow, or fail. */
class RecordingCheckpoints implements CheckpointStore {
  readonly writes: GlobalPosition[] = [];
  /** Delays of the next puts, in ms, one per put. */
  readonly delays: number[] = [];
  failing = false;
  async get(): Promise<GlobalPosition | undefined> {
    return this.writes.at(-1);
  }
  async put(_name: string, position: GlobalPosition): Promise<void> {
    if (this.failing) throw new Error('disk full');
    const delay = this.delays.shift() ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    this.writes.push(position);
  }
}

const errors: Error[] = [];

/** Waits until `condition` holds (timers may run late on a busy machine), at most 5 s. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const checkpointOn = (store: CheckpointStore, options = {}) => new FollowerCheckpoint(store, 'test', (error) => errors.push(error), options);

test('saved once every N handled events, with the newest position', async () => {
  const store = new RecordingCheckpoints();
  const checkpoint = checkpointOn(store, { everyEvents: 3, afterMs: 60_000 });
  for (let p = 1; p <= 7; p++) await checkpoint.handled(String(p));
  assert.equal(store.writes, ['3', '6']);
  await checkpoint.save();
  assert.equal(store.writes, ['3', '6', '7'], 'save() writes what is left');
  await checkpoint.save();
  assert.equal(store.writes, ['3', '6', '7'], 'and nothing when nothing is left');
});

test('saved a while after the first unsaved event, without being asked', async () => {
  const store = new RecordingCheckpoints();
  const checkpoint = checkpointOn(store, { everyEvents: 1_000, afterMs: 30 });
  await checkpoint.handled('1');
  await checkpoint.handled('2');
  assert.equal(store.writes, []);
  await until(() => store.writes.length > 0);
  assert.equal(store.writes, ['2']);
});

test('writes land in order even when one is slow, and a failed write neither stops later ones nor is silent', async () => {
  const store = new RecordingCheckpoints();
  const checkpoint = checkpointOn(store, { everyEvents: 1, afterMs: 60_000 });
  store.delays.push(30, 0);
  await Promise.all([checkpoint.handled('1'), checkpoint.handled('2')]);
  assert.equal(store.writes, ['1', '2']);
  store.failing = true;
  await checkpoint.handled('3').then(() => assert.unreachable('a failed write is reported to the caller'), (error: Error) => assert.match(error.message, /disk full/));
  store.failing = false;
  await checkpoint.handled('4');
  assert.equal(store.writes, ['1', '2', '4']);
  const timed = checkpointOn(store, { everyEvents: 1_000, afterMs: 10 });
  store.failing = true;
  const before = errors.length;
  await timed.handled('5');
  await until(() => errors.length > before);
  assert.match(errors.at(-1)?.message ?? '', /disk full/, 'a timed save that fails is reported');
});

test.run();
