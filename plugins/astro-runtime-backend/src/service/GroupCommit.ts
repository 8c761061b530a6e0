/**
 * Group commit for the refresh's status writes.
 *
 * A write goes to the store as soon as the store is free, together with every
 * write that arrived while the previous transaction ran (at most `maxBatch`
 * per transaction). Under load the batches grow by themselves; at idle a
 * status reaches the store a tick after it is assessed.
 *
 * Why not "wait for a full batch": a status then reached the store (and the
 * card) only after 199 others had been assessed, and every status of the
 * batch stayed on the heap until the batch was written. With group commit a
 * status is stored one transaction after it is assessed, and the batch size
 * follows the store's speed instead of a constant.
 */
export interface GroupCommit<T> {
  /** Queues one write; it is sent with the next transaction. */
  add(item: T): void;
  /** Resolves when every queued write has been sent (or failed). */
  flush(): Promise<void>;
}

export interface GroupCommitOptions<T> {
  /** Writes one batch in one transaction. */
  write(batch: T[]): Promise<void>;
  /** A failed batch: its writes are reported and dropped (the last good status stays). */
  onError(error: unknown, batch: T[]): void;
  /** Most writes per transaction. */
  maxBatch: number;
}

export function groupCommit<T>(options: GroupCommitOptions<T>): GroupCommit<T> {
  const maxBatch = Math.max(1, Math.floor(options.maxBatch));
  let pending: T[] = [];
  let running: Promise<void> | undefined;

  const drain = async () => {
    try {
      while (pending.length > 0) {
        const batch =
          pending.length <= maxBatch ? pending : pending.slice(0, maxBatch);
        pending = pending.length <= maxBatch ? [] : pending.slice(maxBatch);
        try {
          await options.write(batch);
        } catch (e) {
          options.onError(e, batch);
        }
      }
    } finally {
      running = undefined;
    }
  };

  return {
    add(item) {
      pending.push(item);
      if (!running) {
        // the writes of the same turn of the event loop go together
        running = new Promise<void>(resolve => setImmediate(resolve)).then(
          drain,
        );
      }
    },
    async flush() {
      while (running) {
        await running;
      }
    },
  };
}
