/** FIFO admission: at most `size` tasks are with the threads (running or queued there) at once. */
export class Slots {
  #free: number;
  readonly #waiting: Array<{ admit(): void; reject(e: Error): void }> = [];

  constructor(size: number) {
    this.#free = size;
  }

  get waiting() {
    return this.#waiting.length;
  }

  acquire(signal?: AbortSignal): Promise<void> {
    if (this.#free > 0 && this.#waiting.length === 0) {
      this.#free--;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiting = this.#waiting;
      let detach = () => {};
      const entry = {
        admit: () => {
          detach();
          resolve();
        },
        reject: (e: Error) => {
          detach();
          reject(e);
        },
      };
      if (signal) {
        const onAbort = () => {
          const i = waiting.indexOf(entry);
          if (i >= 0) waiting.splice(i, 1);
          reject(signal.reason);
        };
        signal.addEventListener('abort', onAbort, { once: true });
        detach = () => signal.removeEventListener('abort', onAbort);
      }
      this.#waiting.push(entry);
    });
  }

  release() {
    const next = this.#waiting.shift();
    if (next) {
      next.admit();
    } else {
      this.#free++;
    }
  }

  rejectAll(e: Error) {
    for (const entry of this.#waiting.splice(0)) entry.reject(e);
  }
}
