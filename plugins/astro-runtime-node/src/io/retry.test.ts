import { exponentialBackoff, sleep, withRetry } from './retry';

describe('withRetry', () => {
  it('retries until the attempt succeeds, waiting the given delays', async () => {
    const seen: Array<[number, number, string]> = [];
    const attempts: number[] = [];
    const result = await withRetry(
      async n => {
        attempts.push(n);
        if (n < 2) throw new Error(`fail ${n}`);
        return 'ok';
      },
      {
        retries: 3,
        delayMs: retry => retry * 2,
        onRetry: ({ retry, delayMs, error }) =>
          seen.push([retry, delayMs, (error as Error).message]),
      },
    );
    expect(result).toBe('ok');
    expect(attempts).toEqual([0, 1, 2]);
    expect(seen).toEqual([
      [1, 2, 'fail 0'],
      [2, 4, 'fail 1'],
    ]);
  });

  it('throws the last failure when the retries are used up', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async n => {
          calls++;
          throw new Error(`fail ${n}`);
        },
        { retries: 2, delayMs: () => 0 },
      ),
    ).rejects.toThrow('fail 2');
    expect(calls).toBe(3);
  });

  it('does not retry what shouldRetry refuses', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('final');
        },
        { retries: 5, delayMs: () => 0, shouldRetry: () => false },
      ),
    ).rejects.toThrow('final');
    expect(calls).toBe(1);
  });

  it('gives up with what delayMs throws', async () => {
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('busy');
        },
        {
          retries: 5,
          delayMs: () => {
            throw new Error('wait too long');
          },
        },
      ),
    ).rejects.toThrow('wait too long');
    expect(calls).toBe(1);
  });

  it('cuts a wait short when the signal aborts and lets the attempt decide', async () => {
    const controller = new AbortController();
    const started = Date.now();
    await expect(
      withRetry(
        async () => {
          if (controller.signal.aborted) throw new Error('cancelled');
          setTimeout(() => controller.abort(), 10);
          throw new Error('busy');
        },
        { retries: 3, delayMs: () => 60_000, signal: controller.signal },
      ),
    ).rejects.toThrow('cancelled');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('exponentialBackoff', () => {
  it('doubles per retry around the base', () => {
    expect([1, 2, 3].map(exponentialBackoff(100, () => 0.5))).toEqual([
      100, 200, 400,
    ]);
    expect(exponentialBackoff(100, () => 0)(1)).toBe(50);
  });
});

describe('sleep', () => {
  it('rejects at once with the reason of an aborted signal', async () => {
    const reason = new Error('stop');
    await expect(sleep(60_000, AbortSignal.abort(reason))).rejects.toBe(reason);
  });
});
