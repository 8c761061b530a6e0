import { createLimiter } from './limiter';

describe('createLimiter', () => {
  it('runs at most N at once and all of them', async () => {
    const limit = createLimiter(3);
    let active = 0;
    let peak = 0;
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        limit(async () => {
          active++;
          peak = Math.max(peak, active);
          await new Promise(r => setTimeout(r, 5 + (i % 3)));
          active--;
          return i;
        }),
      ),
    );
    expect(peak).toBe(3);
    expect(results).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  it('keeps going after failures (sync and async)', async () => {
    const limit = createLimiter(1);
    const outcomes = await Promise.allSettled([
      limit(async () => {
        throw new Error('a');
      }),
      limit(() => {
        throw new Error('b');
      }),
      limit(async () => 'c'),
    ]);
    expect(outcomes.map(o => o.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect(limit.active).toBe(0);
  });

  it('rejects a bad concurrency', () => {
    expect(() => createLimiter(0)).toThrow();
  });
});
