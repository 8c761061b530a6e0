/**
 * A tiny promise semaphore: at most `concurrency` functions run at once, in
 * call order. (p-limit v4+ is ESM-only, which the backend's CommonJS build
 * cannot load.)
 */
export function createLimiter(concurrency: number) {
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`concurrency must be a positive integer, got ${concurrency}`);
  }
  let active = 0;
  // a FIFO with a moving head: shift() is O(n) on large queues
  let queue: Array<(() => void) | undefined> = [];
  let head = 0;

  const next = () => {
    if (active >= concurrency || head >= queue.length) {
      return;
    }
    const run = queue[head];
    queue[head++] = undefined;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    active++;
    run!();
  };

  const limit = <T>(fn: () => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push(() => {
        let result: Promise<T>;
        try {
          result = Promise.resolve(fn());
        } catch (e) {
          result = Promise.reject(e);
        }
        result.then(resolve, reject).finally(() => {
          active--;
          next();
        });
      });
      next();
    });

  return Object.assign(limit, {
    get active() {
      return active;
    },
    get pending() {
      return queue.length - head;
    },
  });
}
