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
  const queue: Array<() => void> = [];

  const next = () => {
    if (active >= concurrency) {
      return;
    }
    const run = queue.shift();
    if (run) {
      active++;
      run();
    }
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
      return queue.length;
    },
  });
}
