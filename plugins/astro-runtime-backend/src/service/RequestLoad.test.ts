import { EventEmitter } from 'node:events';
import { followRequestLoad, LoadGate, RequestLoad } from './RequestLoad';

/** A request through the middleware; `end('finish' | 'close')` ends it. */
function request(load: RequestLoad) {
  const res = new EventEmitter();
  let nexted = false;
  load.middleware({} as any, res as any, () => {
    nexted = true;
  });
  expect(nexted).toBe(true);
  return { end: (how: 'finish' | 'close' = 'finish') => res.emit(how) };
}

describe('RequestLoad', () => {
  it('counts requests until finish or close (once each), and stays busy for quietMs after the last', () => {
    let t = 0;
    const load = new RequestLoad(100, () => t);
    expect(load.busy).toBe(false);
    const a = request(load);
    const b = request(load);
    expect(load.inFlight).toBe(2);
    expect(load.busy).toBe(true);
    a.end('finish');
    a.end('close'); // a finished response also closes: counted once
    expect(load.inFlight).toBe(1);
    b.end('close'); // an aborted request ends on close alone
    expect(load.inFlight).toBe(0);
    t = 99;
    expect(load.busy).toBe(true);
    t = 100;
    expect(load.busy).toBe(false);
  });

  it('tells its listeners when the load is gone', async () => {
    const load = new RequestLoad(20);
    const quiet = jest.fn();
    load.onQuiet(quiet);
    request(load).end();
    expect(quiet).not.toHaveBeenCalled();
    await new Promise(r => setTimeout(r, 60));
    expect(quiet).toHaveBeenCalledTimes(1);
    expect(load.busy).toBe(false);
  });
});

describe('followRequestLoad', () => {
  it('adaptive: normal while quiet, low from the first request until quietMs after the last', async () => {
    const load = new RequestLoad(20);
    const setPriority = jest.fn();
    const stop = followRequestLoad({ setPriority }, load, 'adaptive');
    expect(setPriority.mock.calls).toEqual([['normal']]);
    const a = request(load);
    const b = request(load); // already busy: no second call
    expect(setPriority.mock.calls).toEqual([['normal'], ['low']]);
    a.end();
    b.end();
    request(load).end(); // within quietMs: still busy
    expect(setPriority.mock.calls).toEqual([['normal'], ['low']]);
    await new Promise(r => setTimeout(r, 60));
    expect(setPriority.mock.calls).toEqual([['normal'], ['low'], ['normal']]);
    stop();
    request(load).end();
    await new Promise(r => setTimeout(r, 60));
    expect(setPriority).toHaveBeenCalledTimes(3);
  });

  it('starts low when a request is already in flight', () => {
    const load = new RequestLoad(20);
    request(load);
    const setPriority = jest.fn();
    followRequestLoad({ setPriority }, load, 'adaptive');
    expect(setPriority.mock.calls).toEqual([['low']]);
  });

  it('low: stays low whatever the load', async () => {
    const load = new RequestLoad(20);
    const setPriority = jest.fn();
    followRequestLoad({ setPriority }, load, 'low');
    request(load).end();
    await new Promise(r => setTimeout(r, 60));
    expect(setPriority.mock.calls).toEqual([['low']]);
  });
});

describe('LoadGate', () => {
  const flush = () => new Promise(r => setImmediate(r));

  it('admits up to max without load, and up to underLoad while requests are served', async () => {
    let t = 0;
    const load = new RequestLoad(50, () => t);
    const gate = new LoadGate({ max: 4, underLoad: 1, load });
    const idle = await Promise.all([1, 2, 3].map(() => gate.acquire()));
    expect(gate.active).toBe(3);
    idle.forEach(release => release());
    expect(gate.active).toBe(0);

    const r = request(load); // busy from now on
    const first = await gate.acquire();
    let second = false;
    const pending = gate.acquire().then(release => {
      second = true;
      return release;
    });
    await flush();
    expect(second).toBe(false);
    first();
    first(); // a second release gives nothing back
    const release2 = await pending;
    expect(second).toBe(true);
    expect(gate.active).toBe(1);

    // the load goes: the waiting ones are admitted up to max
    const more = [gate.acquire(), gate.acquire(), gate.acquire()];
    await flush();
    expect(gate.active).toBe(1);
    r.end();
    t = 1000; // past quietMs
    await new Promise(res => setTimeout(res, 80));
    await Promise.all(more);
    expect(gate.active).toBe(4);
    release2();
  });

  it('rejects a waiting acquire on abort and forgets it', async () => {
    const load = new RequestLoad(1000);
    const gate = new LoadGate({ max: 2, underLoad: 1, load });
    request(load);
    const held = await gate.acquire();
    const controller = new AbortController();
    const waiting = gate.acquire(controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    held();
    expect(gate.active).toBe(0);
    await expect(
      gate.acquire(AbortSignal.abort(new Error('already'))),
    ).rejects.toThrow('already');
  });

  it('never throttles without a load to watch', async () => {
    const gate = new LoadGate({ max: 3, underLoad: 1 });
    await Promise.all([gate.acquire(), gate.acquire(), gate.acquire()]);
    expect(gate.active).toBe(3);
  });
});
