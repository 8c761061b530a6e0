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

/** Forks the stand-in process and returns a request/response channel to it. */
async function startStandIn() {
  const child = fork(path.join(__dirname, 'standin.js'), [], {
    stdio: 'inherit',
  });
  // the stand-in never outlives the bench, also when the bench fails
  process.on('exit', () => child.kill());
  let seq = 0;
  const pending = new Map();
  const port = await new Promise((resolve, reject) => {
    child.once('error', reject);
    child.on('message', msg => {
      if (msg.ready) {
        resolve(msg.port);
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
  return { port, call, child };
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

/** Starts V8's CPU profiler in this process; `stop(file)` writes the profile. */
async function startProfile() {
  const inspector = require('inspector/promises');
  const session = new inspector.Session();
  session.connect();
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
  startProfile,
  MemoryCatalog,
  quietLogger,
  serviceCredentials,
  userCredentials,
  rssSampler,
  mb,
  fmt,
  startStandIn,
  measure,
};
