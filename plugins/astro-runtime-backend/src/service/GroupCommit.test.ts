import { groupCommit } from './GroupCommit';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('groupCommit', () => {
  it('sends a write without waiting for a batch to fill', async () => {
    const batches: number[][] = [];
    const writer = groupCommit<number>({
      write: async batch => {
        batches.push(batch);
      },
      onError: () => {},
      maxBatch: 200,
    });
    writer.add(1);
    await new Promise(r => setImmediate(r));
    await new Promise(r => setImmediate(r));
    expect(batches).toEqual([[1]]);
    await writer.flush();
  });

  it('groups the writes that arrive while a transaction runs, one transaction at a time, in order', async () => {
    const gates: Array<() => void> = [];
    const batches: number[][] = [];
    let inFlight = 0;
    let maxInFlight = 0;
    const writer = groupCommit<number>({
      write: async batch => {
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        batches.push(batch);
        const gate = deferred();
        gates.push(gate.resolve);
        await gate.promise;
        inFlight--;
      },
      onError: () => {},
      maxBatch: 3,
    });
    writer.add(1);
    await new Promise(r => setImmediate(r));
    for (let i = 2; i <= 8; i++) writer.add(i);
    const flushed = writer.flush();
    while (batches.length < 4) {
      await new Promise(r => setImmediate(r));
      gates.shift()?.();
    }
    gates.forEach(g => g());
    await flushed;
    expect(batches).toEqual([[1], [2, 3, 4], [5, 6, 7], [8]]);
    expect(maxInFlight).toBe(1);
  });

  it('reports a failed batch and goes on with the next', async () => {
    const failed: number[][] = [];
    const written: number[][] = [];
    const writer = groupCommit<number>({
      write: async batch => {
        if (batch.includes(2)) throw new Error('disk full');
        written.push(batch);
      },
      onError: (e, batch) => {
        expect(String(e)).toContain('disk full');
        failed.push(batch);
      },
      maxBatch: 1,
    });
    [1, 2, 3].forEach(i => writer.add(i));
    await writer.flush();
    expect(failed).toEqual([[2]]);
    expect(written).toEqual([[1], [3]]);
  });

  it('flush waits for writes added while it waits', async () => {
    const written: number[] = [];
    const writer = groupCommit<number>({
      write: async batch => {
        await new Promise(r => setTimeout(r, 5));
        written.push(...batch);
        if (batch.includes(1)) writer.add(99);
      },
      onError: () => {},
      maxBatch: 10,
    });
    writer.add(1);
    await writer.flush();
    expect(written).toEqual([1, 99]);
    await writer.flush();
  });
});
