import { Slots } from './slots';

const flush = () => new Promise(r => setImmediate(r));

/** Acquires and records the order of admission. */
function tracker(slots: Slots) {
  const admitted: string[] = [];
  const releases = new Map<string, () => void>();
  const take = (name: string, bulk = false, signal?: AbortSignal) =>
    slots.acquire(signal, bulk).then(release => {
      admitted.push(name);
      releases.set(name, release);
    });
  return { admitted, take, release: (name: string) => releases.get(name)!() };
}

describe('Slots', () => {
  it('keeps room for quick tasks beside bulk ones, and admits waiting quick tasks first', async () => {
    const slots = new Slots(4, 3);
    const t = tracker(slots);
    for (const name of ['b1', 'b2', 'b3', 'b4', 'b5']) void t.take(name, true);
    await flush();
    expect(t.admitted).toEqual(['b1', 'b2', 'b3']);
    // the fourth slot is not for bulk tasks: a quick one gets it at once
    void t.take('q1');
    await flush();
    expect(t.admitted).toEqual(['b1', 'b2', 'b3', 'q1']);
    // full now: a quick task waits, and goes before the bulk ones waiting longer
    void t.take('q2');
    await flush();
    expect(slots.waiting).toBe(3);
    t.release('b1');
    await flush();
    expect(t.admitted.slice(4)).toEqual(['q2']);
    t.release('q1');
    await flush();
    expect(t.admitted.slice(5)).toEqual(['b4']);
    t.release('b2');
    t.release('b2'); // a second release of the same slot is ignored
    await flush();
    expect(t.admitted.slice(6)).toEqual(['b5']);
    expect(slots.waiting).toBe(0);
  });

  it('admits each class in arrival order, and forgets an aborted wait', async () => {
    const slots = new Slots(1);
    const t = tracker(slots);
    await t.take('first');
    const controller = new AbortController();
    const aborted = t.take('aborted', false, controller.signal);
    void t.take('second');
    controller.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    t.release('first');
    await flush();
    expect(t.admitted).toEqual(['first', 'second']);
  });

  it('rejects every waiting task of both classes', async () => {
    const slots = new Slots(1, 1);
    const t = tracker(slots);
    await t.take('running');
    const waits = [t.take('q'), t.take('b', true)];
    slots.rejectAll(new Error('destroyed'));
    for (const w of waits) await expect(w).rejects.toThrow('destroyed');
  });
});
