import {
  assess,
  AstroRuntimeError,
  getBundledCatalog,
  parseDockerfile,
  pinProviders,
  serializeStatus,
  upgradeDockerfile,
} from '@backstage-astro/plugin-astro-runtime-common';
import { createAstroRuntimeWorkerPool } from './createAstroRuntimeWorkerPool';
import fs from 'node:fs';
import os from 'node:os';
import {
  DEFAULT_WORKER_MAX_HEAP_MB,
  DEFAULT_WORKER_MAX_YOUNG_HEAP_MB,
  defaultWorkerThreads,
  WORKER_NICE_INCREMENT,
} from './poolOptions';
import { AstroRuntimeWorkerError } from './errors';
import type { AstroRuntimeWorkerPool } from './types';

jest.setTimeout(60_000);

const NOW = new Date('2026-03-01T00:00:00Z');
const catalog = getBundledCatalog();
const DOCKERFILE = 'FROM quay.io/astronomer/astro-runtime:12.4.0\n';

const pools: AstroRuntimeWorkerPool[] = [];
/** Thread priorities and names are Linux's (/proc, per-thread setpriority). */
const linux = process.platform === 'linux';
function pool(options: Parameters<typeof createAstroRuntimeWorkerPool>[0]) {
  const p = createAstroRuntimeWorkerPool({ enableTestTasks: true, ...options });
  pools.push(p);
  return p;
}
afterAll(async () => {
  await Promise.all(pools.map(p => p.destroy()));
});

async function rejection(promise: Promise<unknown>): Promise<any> {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
}

describe('createAstroRuntimeWorkerPool', () => {
  const shared = () => pool({ maxThreads: 2 });
  let p: AstroRuntimeWorkerPool;
  beforeAll(() => {
    p = shared();
  });

  it('answers exactly what the direct calls answer', async () => {
    const input = {
      project: { dockerfile: DOCKERFILE, requirementsTxt: '' },
      deployments: [{ id: 'd1', astroRuntimeVersion: '13.0.0' }],
      catalog,
      now: NOW,
    };
    await expect(p.assess(input)).resolves.toEqual(assess(input));
    // a second call sends the catalog by key: same answer
    await expect(p.assess(input)).resolves.toEqual(assess(input));
    // serialized in the thread: the same JSON and fields as on this side
    await expect(p.assessSerialized(input)).resolves.toEqual(
      serializeStatus(assess(input)),
    );
    await expect(p.parseDockerfile(DOCKERFILE)).resolves.toEqual(
      parseDockerfile(DOCKERFILE),
    );
    await expect(
      p.upgradeDockerfile(DOCKERFILE, '13.1.0', catalog),
    ).resolves.toEqual(upgradeDockerfile(DOCKERFILE, '13.1.0', catalog));
    const providers = [
      { name: 'apache-airflow-providers-http', version: '4.1.0' },
    ];
    await expect(
      p.pinProviders('requests==2.0\n', providers, { comment: 'pins' }),
    ).resolves.toEqual(
      pinProviders('requests==2.0\n', providers, { comment: 'pins' }),
    );
  });

  it("answers in the caller's realm (jest runs tests in a vm context)", async () => {
    const result = await p.upgradeDockerfile(DOCKERFILE, '13.1.0', catalog);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.getPrototypeOf(result.notes)).toBe(Array.prototype);
    const bytes = await p.run<Uint8Array>(
      '__test_echo',
      new Uint8Array([1, 2, 3]),
    );
    expect(Array.from(bytes)).toEqual([1, 2, 3]);
  });

  it('rethrows an AstroRuntimeError with its code, message and line', async () => {
    const direct = (() => {
      try {
        upgradeDockerfile(DOCKERFILE, '11.0.0', catalog);
      } catch (e) {
        return e as AstroRuntimeError;
      }
      throw new Error('expected a downgrade to be refused');
    })();
    const e = await rejection(
      p.upgradeDockerfile(DOCKERFILE, '11.0.0', catalog),
    );
    expect(e).toBeInstanceOf(AstroRuntimeError);
    expect(e).toMatchObject({
      name: 'AstroRuntimeError',
      code: 'DOWNGRADE',
      message: direct.message,
    });

    const noImage = 'FROM\n';
    const parsed = await rejection(p.parseDockerfile(noImage));
    expect(parsed).toBeInstanceOf(AstroRuntimeError);
    const directParse = (() => {
      try {
        parseDockerfile(noImage);
      } catch (err) {
        return err as AstroRuntimeError;
      }
      throw new Error('expected FROM without an image to be refused');
    })();
    expect(parsed.code).toBe(directParse.code);
    expect(parsed.line).toBe(directParse.line);
    expect(parsed.line).toBe(1);

    const typed = await rejection(p.parseDockerfile(42 as unknown as string));
    expect(typed).toBeInstanceOf(AstroRuntimeError);
    expect(typed.code).toBe('INVALID_INPUT');
  });

  it('keeps the code of other errors and refuses unknown tasks', async () => {
    const e = await rejection(
      p.run('__test_throw', { message: 'boom', code: 'E_BOOM' }),
    );
    expect(e).toBeInstanceOf(Error);
    expect(e).toMatchObject({ message: 'boom', code: 'E_BOOM' });
    const unknown = await rejection(p.run('rm -rf', {}));
    expect(unknown).toBeInstanceOf(AstroRuntimeWorkerError);
    expect(unknown).toMatchObject({ code: 'unknown-task', task: 'rm -rf' });
  });

  it('keeps the test tasks off unless enabled', async () => {
    const plain = createAstroRuntimeWorkerPool({ maxThreads: 1 });
    pools.push(plain);
    const e = await rejection(plain.run('__test_spin', {}));
    expect(e).toMatchObject({ code: 'unknown-task', task: '__test_spin' });
  });
});

describe('limits', () => {
  it('stops a task over its time limit, replaces the thread and keeps serving', async () => {
    const p = pool({ maxThreads: 1, taskTimeoutMs: 300 });
    const warm = await p.run<{ threadId: number }>('__test_sleep', { ms: 0 });
    const started = Date.now();
    const e = await rejection(p.run('__test_spin', {}));
    expect(e).toBeInstanceOf(AstroRuntimeWorkerError);
    expect(e).toMatchObject({
      code: 'worker-timeout',
      task: '__test_spin',
      limit: 300,
    });
    expect(e.message).toContain('__test_spin');
    expect(e.message).toContain('300 ms');
    expect(Date.now() - started).toBeLessThan(5_000);
    const after = await p.run<{ threadId: number }>('__test_sleep', { ms: 0 });
    expect(after.threadId).not.toBe(warm.threadId);
    await expect(p.parseDockerfile(DOCKERFILE)).resolves.toMatchObject({
      kind: 'astro',
    });
  });

  it('counts the time limit from the moment a task gets a thread', async () => {
    const p = pool({ maxThreads: 1, taskTimeoutMs: 2_000 });
    await p.run('__test_sleep', { ms: 0 });
    // three tasks of 800 ms each on one thread: 2.4 s in all, each under 2 s
    const results = await Promise.all(
      [1, 2, 3].map(() => p.run('__test_sleep', { ms: 800 })),
    );
    expect(results).toHaveLength(3);
  });

  it('fails a task over the heap limit alone; the pool keeps serving', async () => {
    const p = pool({
      maxThreads: 1,
      maxOldGenerationSizeMb: 32,
      taskTimeoutMs: 50_000,
    });
    const e = await rejection(p.run('__test_alloc', {}));
    expect(e).toBeInstanceOf(AstroRuntimeWorkerError);
    expect(e).toMatchObject({
      code: 'resource-limit',
      task: '__test_alloc',
      limit: 32,
    });
    expect(e.message).toContain('32 MB');
    await expect(p.parseDockerfile(DOCKERFILE)).resolves.toMatchObject({
      kind: 'astro',
    });
  });

  it('runs at most maxThreads tasks at once', async () => {
    const p = pool({ maxThreads: 2 });
    const runs = await Promise.all(
      Array.from({ length: 6 }, () =>
        p.run<{ threadId: number; start: number; end: number }>(
          '__test_sleep',
          { ms: 150 },
        ),
      ),
    );
    expect(new Set(runs.map(r => r.threadId)).size).toBeLessThanOrEqual(2);
    // at the moment any task started, at most two (itself included) were running
    for (const r of runs) {
      const atStart = runs.filter(o => o.start <= r.start && r.start < o.end);
      expect(atStart.length).toBeLessThanOrEqual(2);
    }
    const maxAtOnce = Math.max(
      ...runs.map(
        r => runs.filter(o => o.start <= r.start && r.start < o.end).length,
      ),
    );
    expect(maxAtOnce).toBe(2);
  });

  it('rejects running and queued tasks on destroy, and every task after', async () => {
    const p = pool({ maxThreads: 1, taskTimeoutMs: 50_000 });
    await p.run('__test_sleep', { ms: 0 });
    const runningTask = rejection(p.run('__test_spin', {}));
    const queuedTask = rejection(p.parseDockerfile(DOCKERFILE));
    await new Promise(r => setTimeout(r, 100));
    const started = Date.now();
    await p.destroy();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await runningTask).toMatchObject({ code: 'pool-destroyed' });
    expect(await queuedTask).toMatchObject({ code: 'pool-destroyed' });
    expect(await rejection(p.parseDockerfile(DOCKERFILE))).toMatchObject({
      code: 'pool-destroyed',
    });
    await p.destroy();
  });

  it('stops a task when the caller aborts', async () => {
    const p = pool({ maxThreads: 1, taskTimeoutMs: 50_000 });
    const controller = new AbortController();
    const task = rejection(
      p.run('__test_spin', {}, { signal: controller.signal }),
    );
    setTimeout(() => controller.abort(), 100);
    expect(await task).toMatchObject({ code: 'aborted', task: '__test_spin' });
    await expect(p.parseDockerfile(DOCKERFILE)).resolves.toMatchObject({
      kind: 'astro',
    });
  });

  it('runs its threads at a lower scheduling priority than the event loop (Linux)', async () => {
    const own = os.getPriority(0);
    const p = pool({ maxThreads: 1 });
    const { priority } = await p.run<{ priority: number }>(
      '__test_priority',
      {},
    );
    expect(priority).toBe(
      process.platform === 'linux'
        ? Math.min(19, own + WORKER_NICE_INCREMENT)
        : own,
    );
    // the thread of the event loop keeps its own
    expect(os.getPriority(0)).toBe(own);
  });

  it('moves its threads between low and normal priority as asked (Linux)', async () => {
    const own = os.getPriority(0);
    // elsewhere the threads keep the backend's priority
    const low = linux ? Math.min(19, own + WORKER_NICE_INCREMENT) : own;
    const p = pool({ maxThreads: 1 });
    const priority = async () =>
      (await p.run<{ priority: number }>('__test_priority', {})).priority;
    // a thread started while normal is asked for starts at the backend's priority
    p.setPriority('normal');
    expect(await priority()).toBe(own);
    p.setPriority('low');
    expect(await priority()).toBe(low);
    // raising it again needs privilege; without, the thread stays low
    p.setPriority('normal');
    expect(await priority()).toBe(!linux || canRaisePriority(own) ? own : low);
    expect(os.getPriority(0)).toBe(own);
    expect(() => p.setPriority('high' as never)).toThrow(
      "worker priority must be 'low' or 'normal', got high",
    );
  });

  it('names its threads astro-runtime (Linux), leaving the event loop its own name', async () => {
    const comm = () =>
      linux ? fs.readFileSync('/proc/thread-self/comm', 'utf8') : null;
    const own = comm();
    const p = pool({ maxThreads: 1 });
    await expect(p.run('__test_thread_name', {})).resolves.toEqual({
      name: linux ? 'astro-runtime' : null,
    });
    expect(comm()).toBe(own);
  });

  it('starts its threads with the heap limits', async () => {
    const defaults = pool({ maxThreads: 1 });
    await expect(defaults.run('__test_limits', {})).resolves.toMatchObject({
      resourceLimits: {
        maxOldGenerationSizeMb: DEFAULT_WORKER_MAX_HEAP_MB,
        maxYoungGenerationSizeMb: DEFAULT_WORKER_MAX_YOUNG_HEAP_MB,
      },
    });
    const set = pool({
      maxThreads: 1,
      maxOldGenerationSizeMb: 96,
      maxYoungGenerationSizeMb: 12,
    });
    await expect(set.run('__test_limits', {})).resolves.toMatchObject({
      resourceLimits: {
        maxOldGenerationSizeMb: 96,
        maxYoungGenerationSizeMb: 12,
      },
    });
  });

  it('checks its options', () => {
    expect(() =>
      createAstroRuntimeWorkerPool({ maxYoungGenerationSizeMb: -1 }),
    ).toThrow('maxYoungGenerationSizeMb must be a positive number, got -1');
    expect(() => createAstroRuntimeWorkerPool({ taskTimeoutMs: 0 })).toThrow(
      'taskTimeoutMs must be a positive number, got 0',
    );
    expect(defaultWorkerThreads()).toBeGreaterThanOrEqual(1);
    expect(defaultWorkerThreads()).toBeLessThanOrEqual(4);
  });
});

describe('a thread holds its next task', () => {
  /** A logger that keeps what it is told. */
  function recordingLogger() {
    const lines: Array<[string, string]> = [];
    const logger: any = {
      child: () => logger,
      ...Object.fromEntries(
        ['error', 'warn', 'info', 'debug'].map(level => [
          level,
          (message: string) => lines.push([level, message]),
        ]),
      ),
    };
    return { logger, lines };
  }
  type Sleep = { threadId: number; start: number; end: number };

  it('starts the queued task without waiting for the event loop', async () => {
    const p = pool({ maxThreads: 1 });
    await p.run('__test_sleep', { ms: 0 });
    const first = p.run<Sleep>('__test_sleep', { ms: 200 });
    const second = p.run<Sleep>('__test_sleep', { ms: 0 });
    // both are with the thread once the first has started
    await new Promise(r => setTimeout(r, 100));
    // this event loop is blocked past the end of the first task
    const blockedUntil = Date.now() + 1_000;
    while (Date.now() < blockedUntil) {
      // busy
    }
    const [a, b] = await Promise.all([first, second]);
    expect(b.threadId).toBe(a.threadId);
    // the thread started the second task while this loop was blocked
    expect(b.start - a.end).toBeLessThan(500);
    expect(b.start).toBeLessThan(blockedUntil);
  });

  it('answers a task before its thread starts the next one', async () => {
    // a thread still starting up: it gets both tasks at once
    const p = pool({ maxThreads: 1 });
    const first = p.run<Sleep>('__test_sleep', { ms: 100 });
    const second = p.run<Sleep>('__test_sleep', { ms: 800 });
    const a = await first;
    const answeredAt = Date.now();
    const b = await second;
    expect(b.threadId).toBe(a.threadId);
    expect(a.end).toBeLessThanOrEqual(b.start);
    // the first answer did not wait for the second task to end
    expect(answeredAt).toBeLessThan(b.end);
  });

  it.each([
    {
      what: 'over its time limit',
      options: { taskTimeoutMs: 300 },
      hostile: '__test_spin',
      input: {},
      code: 'worker-timeout',
    },
    {
      what: 'over the heap limit',
      options: { maxOldGenerationSizeMb: 32, taskTimeoutMs: 50_000 },
      hostile: '__test_alloc',
      input: {},
      code: 'resource-limit',
    },
    {
      what: 'crashing its thread',
      options: { taskTimeoutMs: 50_000 },
      hostile: '__test_exit',
      input: { code: 3 },
      code: 'worker-crashed',
    },
  ])(
    'fails a task $what alone: the task queued behind it on its thread is sent again',
    async ({ options, hostile, input, code }) => {
      const { logger, lines } = recordingLogger();
      const p = pool({ maxThreads: 1, logger, ...options });
      const warm = await p.run<Sleep>('__test_sleep', { ms: 0 });
      const a = rejection(p.run(hostile, input));
      const b = p.run<Sleep>('__test_sleep', { ms: 0 });
      expect(await a).toMatchObject({ code, task: hostile });
      const after = await b;
      expect(after.threadId).not.toBe(warm.threadId);
      // b was with the stopped thread, and sent again without blame
      expect(lines).toContainEqual([
        'debug',
        expect.stringMatching(/__test_sleep .*sending it again/),
      ]);
      const warned = lines.filter(([level]) => level !== 'debug');
      expect(warned).toHaveLength(1);
      expect(warned[0][1]).toContain(hostile);
    },
  );

  it('sends again the task queued behind one its caller aborts', async () => {
    const { logger, lines } = recordingLogger();
    const p = pool({ maxThreads: 1, taskTimeoutMs: 50_000, logger });
    const warm = await p.run<Sleep>('__test_sleep', { ms: 0 });
    const controller = new AbortController();
    const a = rejection(
      p.run('__test_spin', {}, { signal: controller.signal }),
    );
    const b = p.run<Sleep>('__test_sleep', { ms: 0 });
    await new Promise(r => setTimeout(r, 100));
    controller.abort();
    expect(await a).toMatchObject({ code: 'aborted', task: '__test_spin' });
    expect((await b).threadId).not.toBe(warm.threadId);
    expect(lines).toContainEqual([
      'debug',
      expect.stringMatching(/__test_sleep .*sending it again/),
    ]);
    expect(lines.filter(([level]) => level !== 'debug')).toEqual([]);
  });

  it('answers an abort of a queued task at once and skips it, without stopping the task before it', async () => {
    const p = pool({ maxThreads: 1, taskTimeoutMs: 50_000 });
    await p.run('__test_sleep', { ms: 0 });
    const running = p.run<Sleep>('__test_sleep', { ms: 600 });
    const controller = new AbortController();
    const queued = rejection(
      p.run('__test_spin', {}, { signal: controller.signal }),
    );
    await new Promise(r => setTimeout(r, 100));
    const aborted = Date.now();
    controller.abort();
    expect(await queued).toMatchObject({
      code: 'aborted',
      task: '__test_spin',
    });
    expect(Date.now() - aborted).toBeLessThan(400);
    const first = await running;
    // the spin was skipped: the same thread serves the next task
    const next = await p.run<Sleep>('__test_sleep', { ms: 0 });
    expect(next.threadId).toBe(first.threadId);
  });

  it('sends each thread a catalog it has not seen, with tasks queued on it', async () => {
    const p = pool({ maxThreads: 1 });
    // a catalog with a key no thread has seen
    const fresh = { ...catalog, releases: [...catalog.releases] };
    const inputs = ['12.4.0', '13.0.0', '11.2.0', '12.1.1'].map(v => ({
      project: { dockerfile: DOCKERFILE, requirementsTxt: '' },
      deployments: [{ id: 'd1', astroRuntimeVersion: v }],
      catalog: fresh,
      now: NOW,
    }));
    const answers = await Promise.all(inputs.map(input => p.assess(input)));
    expect(answers).toEqual(inputs.map(input => assess(input)));
  });
});

/**
 * May this process raise a thread's priority back to `own` (Linux):
 * CAP_SYS_NICE, or an RLIMIT_NICE that allows it?
 */
function canRaisePriority(own: number): boolean {
  const status = fs.readFileSync('/proc/self/status', 'utf8');
  const capEff = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)?.[1];
  const CAP_SYS_NICE = 23n;
  if (capEff && (BigInt(`0x${capEff}`) >> CAP_SYS_NICE) & 1n) return true;
  const limits = fs.readFileSync('/proc/self/limits', 'utf8');
  const rlimitNice = /^Max nice priority\s+(\d+)/m.exec(limits)?.[1];
  return rlimitNice !== undefined && 20 - own <= Number(rlimitNice);
}
