/**
 * A counter in shared memory that threads take turns from: each call gives the next number no
 * thread has had (0, 1, 2, …), so threads sharing work each take the next piece, and one that
 * runs slow takes fewer.
 */
export function sharedCounter(buffer: SharedArrayBuffer): () => number {
  const cells = new Int32Array(buffer);
  return () => Atomics.add(cells, 0, 1);
}

/** The memory a counter needs. */
export const newCounterBuffer = (): SharedArrayBuffer => new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT);
