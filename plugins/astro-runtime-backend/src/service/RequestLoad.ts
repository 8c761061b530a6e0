/*
 * The plugin's own HTTP requests, so that background work gives way to them:
 * the card and the org page are read by people, a refresh can go slower for
 * a moment. The refresh processes at most `underLoad` entities at once while
 * a request is in flight or one ended in the last `quietMs`, and its full
 * concurrency otherwise.
 */
import type { RequestHandler } from 'express';
import type {
  AstroRuntimeWorkerPool,
  AstroRuntimeWorkerPriority,
} from '@backstage-astro/plugin-astro-runtime-node';

/** Requests in flight on the plugin's router (see `middleware`). */
export class RequestLoad {
  #inFlight = 0;
  #lastEnd = -Infinity;
  #timer: ReturnType<typeof setTimeout> | undefined;
  readonly #listeners = new Set<() => void>();
  readonly #busyListeners = new Set<() => void>();

  constructor(
    /** How long after the last request the load counts as gone. */
    readonly quietMs = 100,
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /** Counts each request until its response is finished or its connection closed. */
  readonly middleware: RequestHandler = (_req, res, next) => {
    const wasBusy = this.busy;
    this.#inFlight++;
    if (!wasBusy) {
      for (const listener of [...this.#busyListeners]) listener();
    }
    let ended = false;
    const end = () => {
      if (ended) return;
      ended = true;
      this.#inFlight--;
      this.#lastEnd = this.clock();
      if (this.#inFlight === 0) this.#armQuietTimer();
    };
    res.once('finish', end);
    res.once('close', end);
    next();
  };

  get inFlight(): number {
    return this.#inFlight;
  }

  /** A request is in flight, or one ended less than `quietMs` ago. */
  get busy(): boolean {
    return this.#inFlight > 0 || this.clock() - this.#lastEnd < this.quietMs;
  }

  /** Calls `listener` when a request arrives while the load was gone. */
  onBusy(listener: () => void): () => void {
    this.#busyListeners.add(listener);
    return () => this.#busyListeners.delete(listener);
  }

  /** Calls `listener` when the load is gone (after `quietMs` without requests). */
  onQuiet(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #armQuietTimer() {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      if (this.busy) {
        if (this.#inFlight === 0) this.#armQuietTimer();
        return;
      }
      for (const listener of [...this.#listeners]) listener();
    }, this.quietMs);
    // never keeps the process alive
    this.#timer.unref?.();
  }
}

/**
 * Admission for the refresh's entities: up to `max` at once, or `underLoad`
 * while the plugin's routes are busy. An entity already admitted finishes; a
 * new one waits until there is room.
 */
export class LoadGate {
  #active = 0;
  readonly #waiting: Array<() => void> = [];

  constructor(
    private readonly options: {
      max: number;
      underLoad: number;
      load?: RequestLoad;
    },
  ) {
    options.load?.onQuiet(() => this.#admit());
  }

  get active(): number {
    return this.#active;
  }

  #limit(): number {
    const { max, underLoad, load } = this.options;
    return load?.busy ? Math.min(max, underLoad) : max;
  }

  #admit() {
    while (this.#waiting.length && this.#active < this.#limit()) {
      this.#active++;
      this.#waiting.shift()!();
    }
  }

  /** Waits for room; the returned function gives it back (once). */
  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    if (this.#waiting.length === 0 && this.#active < this.#limit()) {
      this.#active++;
    } else {
      await new Promise<void>((resolve, reject) => {
        let onAbort = () => {};
        const admit = () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        };
        onAbort = () => {
          const i = this.#waiting.indexOf(admit);
          if (i >= 0) this.#waiting.splice(i, 1);
          reject(signal!.reason ?? new Error('aborted'));
        };
        signal?.addEventListener('abort', onAbort, { once: true });
        this.#waiting.push(admit);
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#active--;
      this.#admit();
    };
  }
}

/**
 * Keeps the worker threads' priority in step with the plugin's requests
 * (`astroRuntime.workers.priority`). `adaptive`: the backend's own priority
 * while the routes are quiet, so a refresh scans at full speed when nobody
 * waits, and low from the moment a request arrives until `quietMs` after
 * the last. `low`: low always. Returns a function that stops following.
 */
export function followRequestLoad(
  workers: Pick<AstroRuntimeWorkerPool, 'setPriority'>,
  load: RequestLoad,
  policy: 'adaptive' | 'low',
): () => void {
  const set = (priority: AstroRuntimeWorkerPriority) =>
    workers.setPriority(priority);
  if (policy === 'low') {
    set('low');
    return () => {};
  }
  set(load.busy ? 'low' : 'normal');
  const offBusy = load.onBusy(() => set('low'));
  const offQuiet = load.onQuiet(() => set('normal'));
  return () => {
    offBusy();
    offQuiet();
  };
}
