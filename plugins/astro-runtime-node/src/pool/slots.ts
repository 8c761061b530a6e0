interface Waiter {
  admit(): void;
  reject(e: Error): void;
}

/**
 * Admission to the threads: at most `size` tasks are with the threads
 * (running or queued there) at once, and of those at most `bulkSize` bulk
 * tasks (the code scan's batches). Quick tasks (an assessment, a parse) are
 * admitted before waiting bulk ones, and the slots bulk tasks may not take
 * are theirs: an entity's assessment waits behind the batches already on a
 * thread, not behind every batch of the refresh. Each class is admitted in
 * arrival order.
 */
export class Slots {
  #inUse = 0;
  #bulkInUse = 0;
  readonly #quick: Waiter[] = [];
  readonly #bulk: Waiter[] = [];

  constructor(readonly size: number, readonly bulkSize: number = size) {}

  get waiting() {
    return this.#quick.length + this.#bulk.length;
  }

  #room(bulk: boolean): boolean {
    return (
      this.#inUse < this.size && (!bulk || this.#bulkInUse < this.bulkSize)
    );
  }

  #take(bulk: boolean): () => void {
    this.#inUse++;
    if (bulk) this.#bulkInUse++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#inUse--;
      if (bulk) this.#bulkInUse--;
      this.#admit();
    };
  }

  #admit() {
    while (this.#quick.length && this.#room(false)) {
      this.#quick.shift()!.admit();
    }
    while (!this.#quick.length && this.#bulk.length && this.#room(true)) {
      this.#bulk.shift()!.admit();
    }
  }

  /** Waits for a slot; resolves to the function that gives it back (once). */
  acquire(signal?: AbortSignal, bulk = false): Promise<() => void> {
    const queue = bulk ? this.#bulk : this.#quick;
    const ahead = bulk ? this.waiting : this.#quick.length;
    if (ahead === 0 && this.#room(bulk)) {
      return Promise.resolve(this.#take(bulk));
    }
    return new Promise<() => void>((resolve, reject) => {
      let detach = () => {};
      const entry: Waiter = {
        admit: () => {
          detach();
          resolve(this.#take(bulk));
        },
        reject: (e: Error) => {
          detach();
          reject(e);
        },
      };
      if (signal) {
        const onAbort = () => {
          const i = queue.indexOf(entry);
          if (i >= 0) queue.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        detach = () => signal.removeEventListener('abort', onAbort);
      }
      queue.push(entry);
    });
  }

  rejectAll(e: Error) {
    for (const entry of [...this.#quick.splice(0), ...this.#bulk.splice(0)]) {
      entry.reject(e);
    }
  }
}
