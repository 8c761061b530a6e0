/*
 * What the backend bench's parts share: in-memory stand-ins for the catalog,
 * auth and logger, the forked SCM stand-in, and wall/CPU/RSS measurement.
 */
'use strict';

const { fork } = require('child_process');
const path = require('path');

/* ------------------------------------------------------------------ */
/* in-memory stand-ins for the catalog, auth and logger */

class MemoryCatalog {
  constructor(entities) {
    this.entities = entities;
    this.byRef = new Map(
      entities.map(e => [`component:default/${e.metadata.name}`, e]),
    );
  }
  async queryEntities(request) {
    const offset = request && request.cursor ? Number(request.cursor) : 0;
    const limit = (request && request.limit) || 1000;
    const items = this.entities.slice(offset, offset + limit);
    const next =
      offset + limit < this.entities.length
        ? String(offset + limit)
        : undefined;
    return {
      items,
      totalItems: this.entities.length,
      pageInfo: next ? { nextCursor: next } : {},
    };
  }
  async getEntityByRef(ref) {
    return this.byRef.get(String(ref).toLowerCase());
  }
  async getEntitiesByRefs(request) {
    return {
      items: request.entityRefs.map(r => this.byRef.get(r.toLowerCase())),
    };
  }
}

function quietLogger(counter = { warn: 0, error: 0 }) {
  const logger = {
    counter,
    debug() {},
    info() {},
    warn() {
      counter.warn++;
    },
    error() {
      counter.error++;
    },
    child() {
      return logger;
    },
  };
  return logger;
}

const serviceCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'service', subject: 'plugin:astro-runtime' },
};
const userCredentials = {
  $$type: '@backstage/BackstageCredentials',
  principal: { type: 'user', userEntityRef: 'user:default/bench' },
};

/* ------------------------------------------------------------------ */

function rssSampler() {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, process.memoryUsage.rss());
    },
  };
}

const mb = bytes => Math.round(bytes / 1024 / 1024);
const fmt = (n, d = 2) => Number(n).toFixed(d);

/**
 * Forks `script` (a bench process that answers `{ id, cmd }` messages) and
 * returns a request/response channel to it, with what it said when ready.
 */
async function forkChannel(script) {
  const child = fork(path.join(__dirname, script), [], {
    stdio: 'inherit',
  });
  // a forked process never outlives the bench, also when the bench fails
  process.on('exit', () => child.kill());
  let seq = 0;
  const pending = new Map();
  const ready = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', msg => {
      if (msg.ready) {
        resolve(msg);
        return;
      }
      const p = pending.get(msg.id);
      if (p) {
        pending.delete(msg.id);
        if (msg.error) p.reject(new Error(msg.error));
        else p.resolve(msg.result);
      }
    });
  });
  const call = (cmd, extra = {}) =>
    new Promise((resolve, reject) => {
      const id = ++seq;
      pending.set(id, { resolve, reject });
      child.send({ id, cmd, ...extra });
    });
  return { ready, call, child };
}

/** Forks the SCM and Astro API stand-in (standin.js). */
async function startStandIn() {
  const { ready, call, child } = await forkChannel('standin.js');
  return { port: ready.port, call, child };
}

/**
 * Forks the load generator (loadgen.js): `load(options)` runs autocannon
 * against the status route from its own process.
 */
async function startLoadGenerator() {
  const { call, child } = await forkChannel('loadgen.js');
  return { load: options => call('autocannon', options), child };
}

/** Runs fn, measuring wall time, this process's CPU time and peak RSS. */
async function measure(fn) {
  const sampler = rssSampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const value = await fn();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  return {
    value,
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    peakRss: sampler.stop(),
  };
}

/**
 * CPU time (ms) so far of this process's threads, by kind: the main thread,
 * the worker pool's (they name themselves `astro-runtime`) and the
 * rest (V8's GC helpers, libuv's thread pool); and of the other processes
 * `pids` (the stand-in). Linux only (/proc): undefined elsewhere.
 */
function threadCpu(pids = []) {
  const fs = require('fs');
  const tickMs = 10; // USER_HZ is 100 on Linux
  const fields = file => {
    const stat = fs.readFileSync(file, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  };
  let tids;
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const out = {
    main: 0,
    niced: 0,
    other: 0,
    mainWaitMs: 0,
    nicedWaitMs: 0,
    pids: {},
  };
  for (const tid of tids) {
    let f;
    let wait = 0;
    let name = '';
    try {
      f = fields(`/proc/self/task/${tid}/stat`);
      name = fs.readFileSync(`/proc/self/task/${tid}/comm`, 'utf8').trim();
      // schedstat: time on a CPU, time runnable but waiting for one (ns), slices
      wait = Number(
        fs
          .readFileSync(`/proc/self/task/${tid}/schedstat`, 'utf8')
          .split(' ')[1],
      );
    } catch {
      continue; // the thread ended meanwhile
    }
    const ms = (Number(f[11]) + Number(f[12])) * tickMs;
    if (Number(tid) === process.pid) {
      out.main += ms;
      out.mainWaitMs += wait / 1e6;
    } else if (name === 'astro-runtime' || Number(f[16]) > 0) {
      // the pool's threads name themselves (and run niced while low)
      out.niced += ms;
      out.nicedWaitMs += wait / 1e6;
    } else out.other += ms;
  }
  for (const pid of pids) {
    try {
      const f = fields(`/proc/${pid}/stat`);
      out.pids[pid] = (Number(f[11]) + Number(f[12])) * tickMs;
    } catch {
      out.pids[pid] = 0;
    }
  }
  return out;
}

/**
 * Starts counting CPU by thread kind (see threadCpu); `stop(wallMs)` gives
 * each kind's share of one core over the wall time (1 = one core busy).
 */
function cpuShares(pids = {}) {
  const ids = Object.values(pids);
  const before = threadCpu(ids);
  return {
    stop(wallMs) {
      const after = threadCpu(ids);
      if (!before || !after) return undefined;
      const share = ms => Number((ms / wallMs).toFixed(2));
      const out = {
        main: share(after.main - before.main),
        workers: share(after.niced - before.niced),
        otherThreads: share(after.other - before.other),
        // runnable but waiting for a CPU: the event loop, and the worker
        // threads (the nice increment at work)
        mainWaitingForCpu: share(after.mainWaitMs - before.mainWaitMs),
        workersWaitingForCpu: share(after.nicedWaitMs - before.nicedWaitMs),
      };
      for (const [name, pid] of Object.entries(pids)) {
        out[name] = share(after.pids[pid] - before.pids[pid]);
      }
      return out;
    },
  };
}

/**
 * Starts a profile of this thread (`stop(file)` writes it): CPU (the
 * default), or a sampling heap profile (`.heapprofile`, Chrome DevTools'
 * Memory tab) of what was allocated (`allocations`: everything, collected or
 * not) or of what outlived the young generation (`promoted`: objects a
 * scavenge collected are left out), by allocation site.
 */
async function startProfile(kind = 'cpu') {
  const inspector = require('inspector/promises');
  const session = new inspector.Session();
  session.connect();
  if (kind !== 'cpu') {
    await session.post('HeapProfiler.enable');
    await session.post('HeapProfiler.startSampling', {
      samplingInterval: 16384,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: kind === 'allocations',
    });
    return {
      async stop(file) {
        const { profile } = await session.post('HeapProfiler.stopSampling');
        require('fs').writeFileSync(file, JSON.stringify(profile));
        session.disconnect();
      },
    };
  }
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = await session.post('Profiler.stop');
      require('fs').writeFileSync(file, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

module.exports = {
  cpuShares,
  startProfile,
  MemoryCatalog,
  quietLogger,
  serviceCredentials,
  userCredentials,
  rssSampler,
  mb,
  fmt,
  startStandIn,
  startLoadGenerator,
  measure,
};
