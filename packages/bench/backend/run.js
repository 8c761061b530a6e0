#!/usr/bin/env node
/*
 * Benchmark of the astro-runtime refresh and status route (yarn bench:backend).
 *
 * Runs the plugin's own classes (ProjectLocator, DefaultProjectReader over the
 * real Backstage UrlReader, AstroApiDeploymentProvider, DeploymentResolver,
 * DefaultReleaseCatalogService, DatabaseStatusStore on SQLite or PostgreSQL,
 * RefreshService, StatusService and the express router) against a loopback
 * HTTP server that stands in for the SCM and the Astro API with a fixed
 * latency and etag/304 support. The catalog is an in-memory stand-in.
 *
 * Measures:
 *   1. first refresh of N entities: time / floor, floor = N x latency / concurrency
 *   2. second refresh: share of 304 answers, time / first refresh
 *      (2b: the same with conditional answers served faster than full ones)
 *   3. GET /entities/:kind/:ns/:name/status p50/p99 under autocannon
 *   4. peak RSS during the refreshes
 *   5. fault run: a share of SCM and API calls fail (HTTP 500) or hang (time
 *      out); the refresh must finish, keep every stored status and count errors
 *
 * Options (all optional):
 *   --entities 10000 --latency 20 --concurrency 16 --connections 200
 *   --duration 10 --fault-rate 0.3 --fast-304 2 --pg <connection string>
 *   --skip-fault --skip-http --skip-fast-304 --skip-calibration --json
 *   --profile-http FILE  a V8 CPU profile (.cpuprofile) of this process while
 *     autocannon loads the status route (open it in Chrome DevTools)
 *
 * Two other modes (see codeScan.js and rssScale.js):
 *   --code-scan [--entities 2000 --files-per-entity 20 --file-bytes 4096]
 *     the code scan during a refresh against ruff's raw throughput, an
 *     unchanged second refresh with and without the scan, the status route
 *     while a scan runs (--connections defaults to 10 here); the CPU each
 *     thread kind and process used in each window (Linux);
 *     --profile-refresh FILE  a CPU profile of the main thread in the first
 *     refresh (and FILE-warm in the warm rescan); with --profile-heap
 *     allocations|promoted a sampling heap profile instead (.heapprofile): all
 *     that was allocated, or what outlived the young generation, by site;
 *     --concurrency-under-load N
 *     (default 2, as the plugin's astroRuntime.refresh.concurrencyUnderLoad;
 *     = --concurrency turns it off);
 *     --worker-priority adaptive|low (default adaptive, as the plugin's
 *     astroRuntime.workers.priority)
 *   --rss-scale [--rss-sizes 1000,5000,10000] [--heap-cap MB]
 *     RSS above idle per 1,000 entities at each size (one process per size;
 *     --heap-cap runs each with node --max-old-space-size=MB, the cap an
 *     operator sets for a production backend)
 *
 * Calibration (so numbers from a busy machine can be read): the second
 * refresh's reads through the same UrlReader without the plugin, and a route
 * answering a constant body of the same size in the same express app.
 * ASTRO_RUNTIME_BENCH_PG may carry the PostgreSQL connection string too.
 */
'use strict';

const http = require('http');
const express = require('express');
const knexFactory = require('knex');
const { ConfigReader } = require('@backstage/config');
const { ScmIntegrations } = require('@backstage/integration');
const { UrlReaders } = require('@backstage/backend-defaults/urlReader');

const { sourceDir } = require('../lib/load');

const src = sourceDir('backend');
const { DatabaseStatusStore } = require(`${src}/service/StatusStore.ts`);
const {
  AnnotationProjectLocator,
} = require(`${src}/service/ProjectLocator.ts`);
const { DefaultProjectReader } = require(`${src}/service/ProjectReader.ts`);
const {
  AstroApiDeploymentProvider,
} = require(`${src}/service/AstroApiDeploymentProvider.ts`);
const {
  ConfigDeploymentProvider,
} = require(`${src}/service/ConfigDeploymentProvider.ts`);
const { DeploymentResolver } = require(`${src}/service/DeploymentResolver.ts`);
const {
  DefaultReleaseCatalogService,
} = require(`${src}/service/ReleaseCatalogService.ts`);
const { RefreshService } = require(`${src}/service/RefreshService.ts`);
const { StatusService } = require(`${src}/service/StatusService.ts`);
const { createRouter } = require(`${src}/router.ts`);
const {
  PushEventHandler,
  PUSH_TOPICS,
} = require(`${src}/service/PushEvents.ts`);
const { DefaultEventsService } = require('@backstage/plugin-events-node');
const {
  createAstroRuntimeWorkerPool,
  defaultWorkerThreads,
} = require('@backstage-astro/plugin-astro-runtime-node');
const {
  MemoryCatalog,
  quietLogger,
  serviceCredentials,
  userCredentials,
  mb,
  fmt,
  startStandIn,
  startLoadGenerator,
  measure,
  startProfile,
} = require('./harness');

/* ------------------------------------------------------------------ */
/* options */

function parseArgs(argv) {
  const o = {
    entities: 10000,
    latency: 20,
    concurrency: 16,
    connections: 200,
    duration: 10,
    faultRate: 0.3,
    fast304: 2,
    pg: process.env.ASTRO_RUNTIME_BENCH_PG,
    skipFault: false,
    skipHttp: false,
    skipFast304: false,
    skipCalibration: false,
    json: false,
    codeScan: false,
    filesPerEntity: 20,
    fileBytes: 4096,
    rssScale: false,
    rssSizes: [1000, 5000, 10000],
    heapCapMb: undefined,
    profileHttp: undefined,
    profileRefresh: undefined,
    profileHeap: undefined,
    concurrencyUnderLoad: 2,
    workerPriority: 'adaptive',
  };
  const given = new Set();
  for (let i = 2; i < argv.length; i++) {
    const a = argv[i];
    given.add(a);
    const next = () => argv[++i];
    switch (a) {
      case '--entities':
        o.entities = Number(next());
        break;
      case '--latency':
        o.latency = Number(next());
        break;
      case '--concurrency':
        o.concurrency = Number(next());
        break;
      case '--connections':
        o.connections = Number(next());
        break;
      case '--duration':
        o.duration = Number(next());
        break;
      case '--fault-rate':
        o.faultRate = Number(next());
        break;
      case '--fast-304':
        o.fast304 = Number(next());
        break;
      case '--pg':
        o.pg = next();
        break;
      case '--skip-fault':
        o.skipFault = true;
        break;
      case '--skip-http':
        o.skipHttp = true;
        break;
      case '--skip-fast-304':
        o.skipFast304 = true;
        break;
      case '--skip-calibration':
        o.skipCalibration = true;
        break;
      case '--json':
        o.json = true;
        break;
      case '--code-scan':
        o.codeScan = true;
        break;
      case '--files-per-entity':
        o.filesPerEntity = Number(next());
        break;
      case '--file-bytes':
        o.fileBytes = Number(next());
        break;
      case '--rss-scale':
        o.rssScale = true;
        break;
      case '--rss-sizes':
        o.rssSizes = next().split(',').map(Number);
        break;
      case '--heap-cap':
        o.heapCapMb = Number(next());
        break;
      case '--profile-http':
        o.profileHttp = next();
        break;
      case '--profile-refresh':
        o.profileRefresh = next();
        break;
      case '--profile-heap':
        o.profileHeap = next();
        if (!['allocations', 'promoted'].includes(o.profileHeap)) {
          throw new Error('--profile-heap takes allocations or promoted');
        }
        break;
      case '--concurrency-under-load':
        o.concurrencyUnderLoad = Number(next());
        break;
      case '--worker-priority':
        o.workerPriority = next();
        if (!['adaptive', 'low'].includes(o.workerPriority)) {
          throw new Error(
            `--worker-priority must be adaptive or low, got ${o.workerPriority}`,
          );
        }
        break;
      case '--worker-young-mb':
        o.workerYoungMb = Number(next());
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  // the code scan's own defaults: 2,000 entities (each with its DAG files)
  // and a moderate status-route load (the ratio is the scan's cost, not
  // saturation's)
  if (o.codeScan && !given.has('--entities')) o.entities = 2000;
  if (o.codeScan && !given.has('--connections')) o.connections = 10;
  if (o.profileHeap && !o.profileRefresh) {
    throw new Error('--profile-heap needs --profile-refresh FILE');
  }
  return o;
}

async function main() {
  const o = parseArgs(process.argv);
  if (o.rssScale) {
    await require('./rssScale').runRssScale(o);
    process.exit(0);
  }
  if (o.codeScan) {
    await require('./codeScan').runCodeScan(o);
    process.exit(0);
  }
  const log = o.json ? () => {} : (...a) => console.log(...a);
  const standIn = await startStandIn();
  const loadGen = await startLoadGenerator();
  await standIn.call('configure', {
    settings: { latency: o.latency, latency304: o.latency },
  });
  const base = `http://127.0.0.1:${standIn.port}`;

  const config = new ConfigReader({
    backend: { reading: { allow: [{ host: `127.0.0.1:${standIn.port}` }] } },
  });
  const logger = quietLogger();
  const knex = o.pg
    ? knexFactory({ client: 'pg', connection: o.pg, pool: { min: 0, max: 10 } })
    : knexFactory({
        client: 'better-sqlite3',
        connection: ':memory:',
        useNullAsDefault: true,
      });
  // every table of the plugin (a fixed list missed the ones later migrations
  // add, and the next run's migrations then failed on them)
  const dropTables = async () => {
    const { rows } = await knex.raw(
      "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename LIKE 'astro\\_runtime\\_%'",
    );
    if (rows.length === 0) return;
    await knex.raw(
      `DROP TABLE IF EXISTS ${rows.map(() => '??').join(', ')} CASCADE`,
      rows.map(r => r.tablename),
    );
  };
  if (o.pg) {
    await dropTables();
  }
  await DatabaseStatusStore.migrate(knex);
  const store = new DatabaseStatusStore(knex);

  const entities = Array.from({ length: o.entities }, (_, i) => ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: `e-${i}`,
      namespace: 'default',
      annotations: {
        'astronomer.io/deployment-id': `dep-${i}`,
        'backstage.io/source-location': `url:${base}/repo-${i}/`,
        'backstage.io/managed-by-location': `url:${base}/repo-${i}/catalog-info.yaml`,
      },
    },
    spec: { type: 'service', owner: `team-${i % 25}`, lifecycle: 'production' },
  }));
  const catalog = new MemoryCatalog(entities);

  const urlReader = UrlReaders.default({ logger, config });
  const integrations = ScmIntegrations.fromConfig(config);
  const releases = new DefaultReleaseCatalogService({
    source: 'bundled',
    url: '',
    refreshMs: 3600_000,
    timeoutMs: 1000,
    store,
    logger,
  });
  const locator = new AnnotationProjectLocator();
  // the worker pool the plugin runs with (plugin.ts: the pool service's
  // threads), so parsing and assessing leave the event loop as they do in a
  // backend; its threads start with the first task, inside the measurement
  const workers = createAstroRuntimeWorkerPool({
    maxThreads: defaultWorkerThreads(),
  });
  const makeRefresh = ({ readTimeoutMs, apiTimeoutMs }) =>
    new RefreshService({
      catalog,
      auth: { getOwnServiceCredentials: async () => serviceCredentials },
      locator,
      reader: new DefaultProjectReader(urlReader, integrations, {
        timeoutMs: readTimeoutMs,
      }),
      resolver: new DeploymentResolver(
        [
          new AstroApiDeploymentProvider({
            baseUrl: `${base}/v1`,
            token: 'bench-token',
            organizationId: 'org-bench',
            timeoutMs: apiTimeoutMs,
            maxRetries: 3,
            backoffMs: 100,
            logger,
          }),
          new ConfigDeploymentProvider([]),
        ],
        { batchSize: 50 },
      ),
      releases,
      store,
      logger,
      concurrency: o.concurrency,
      dockerfileDetection: true,
      workers,
    });
  const refresh = makeRefresh({ readTimeoutMs: 30_000, apiTimeoutMs: 10_000 });

  const floorMs = (o.entities * o.latency) / o.concurrency;
  const results = {
    entities: o.entities,
    latencyMs: o.latency,
    concurrency: o.concurrency,
    floorMs,
    database: o.pg ? 'postgresql' : 'sqlite (in memory)',
    workerThreads: defaultWorkerThreads(),
    node: process.version,
    cpus: require('os').cpus().length,
    loadAverageAtStart: require('os')
      .loadavg()
      .map(x => Number(x.toFixed(2))),
  };
  if (process.env.BENCH_MEMORY_DEBUG && global.gc) {
    global.gc();
    const g = process.memoryUsage();
    log(
      `  before the refresh, after gc: rss ${mb(g.rss)} heapUsed ${mb(
        g.heapUsed,
      )} heapTotal ${mb(g.heapTotal)}`,
    );
  }
  const baseRss = process.memoryUsage().rss;
  let peak = baseRss;

  // 1. first refresh
  log(
    `first refresh of ${o.entities} entities (latency ${
      o.latency
    } ms, concurrency ${o.concurrency}; floor ${fmt(floorMs / 1000)} s) ...`,
  );
  await standIn.call('reset');
  const r1 = await measure(() => refresh.refreshAll());
  peak = Math.max(peak, r1.peakRss);
  const c1 = await standIn.call('counts');
  results.first = {
    ms: Math.round(r1.ms),
    ratioToFloor: r1.ms / floorMs,
    cpuMsPerEntity: r1.cpuMs / o.entities,
    progress: r1.value,
    scm200: c1.counts.ok,
    apiRequests: c1.counts.api,
    peakRequestsInFlight: c1.peakInflight,
  };
  if (process.env.BENCH_MEMORY_DEBUG) {
    const m = process.memoryUsage();
    log(
      `  memory after: rss ${mb(m.rss)} heapUsed ${mb(
        m.heapUsed,
      )} heapTotal ${mb(m.heapTotal)} external ${mb(
        m.external,
      )} arrayBuffers ${mb(m.arrayBuffers)}; peak rss ${mb(r1.peakRss)}`,
    );
    if (global.gc) {
      global.gc();
      const g = process.memoryUsage();
      log(
        `  after gc: rss ${mb(g.rss)} heapUsed ${mb(g.heapUsed)} external ${mb(
          g.external,
        )}`,
      );
    }
  }
  log(
    `  ${fmt(r1.ms / 1000)} s = ${fmt(r1.ms / floorMs)} x floor (CPU ${fmt(
      r1.cpuMs / o.entities,
      3,
    )} ms/entity); ${c1.counts.ok} SCM reads, ${c1.counts.api} API requests, ${
      c1.peakInflight
    } requests in flight at most, errors ${r1.value.errors}`,
  );

  // 2. second refresh, nothing changed
  log('second refresh (nothing changed; 304s at the same latency) ...');
  await standIn.call('reset');
  const r2 = await measure(() => refresh.refreshAll());
  peak = Math.max(peak, r2.peakRss);
  const c2 = (await standIn.call('counts')).counts;
  results.second = {
    ms: Math.round(r2.ms),
    ratioToFirst: r2.ms / r1.ms,
    cpuMsPerEntity: r2.cpuMs / o.entities,
    share304: c2.notModified / Math.max(1, c2.notModified + c2.ok),
    latency304Ms: o.latency,
    progress: r2.value,
  };
  log(
    `  ${fmt(r2.ms / 1000)} s = ${fmt(
      (100 * r2.ms) / r1.ms,
      1,
    )}% of the first (CPU ${fmt(
      r2.cpuMs / o.entities,
      3,
    )} ms/entity); 304 share ${fmt(100 * results.second.share304, 1)}% (${
      c2.notModified
    }/${c2.notModified + c2.ok}); unchanged ${r2.value.unchanged}`,
  );

  // calibration: the same conditional reads through the same Backstage
  // UrlReader, without the plugin (no catalog, assessment or database), at the
  // same number of requests in flight: what this machine needs for the I/O alone
  if (!o.skipCalibration) {
    log(
      "calibration: the second refresh's reads through the UrlReader alone ...",
    );
    const etags = new Map();
    // the first refresh's full reads, shaped like the refresh (entities in
    // flight, both files of an entity at once), learning the etags
    const learn = async i => {
      await Promise.all(
        ['Dockerfile', 'requirements.txt'].map(async file => {
          const res = await urlReader.readUrl(`${base}/repo-${i}/${file}`);
          await res.buffer();
          etags.set(`${i}/${file}`, res.etag);
        }),
      );
    };
    const pool = async (n, width, fn) => {
      let next = 0;
      await Promise.all(
        Array.from({ length: width }, async () => {
          while (next < n) await fn(next++);
        }),
      );
    };
    await standIn.call('reset');
    const rf = await measure(() => pool(o.entities, o.concurrency, learn));
    const cf = await standIn.call('counts');
    results.calibrationFirstReads = {
      ms: Math.round(rf.ms),
      cpuMsPerEntity: rf.cpuMs / o.entities,
      peakRequestsInFlight: cf.peakInflight,
      overHonestFloor:
        rf.ms / ((cf.counts.ok * o.latency) / Math.max(1, cf.peakInflight)),
      firstRefreshOverReadsAlone: r1.ms / rf.ms,
    };
    log(
      `  the first refresh's full reads alone: ${fmt(
        rf.ms / 1000,
      )} s (CPU ${fmt(rf.cpuMs / o.entities, 3)} ms/entity) = ${fmt(
        results.calibrationFirstReads.overHonestFloor,
      )} x their floor; the first refresh took ${fmt(
        r1.ms / rf.ms,
      )} x the reads alone`,
    );
    const rc = await measure(() =>
      pool(o.entities, o.concurrency, async i => {
        await Promise.all(
          ['Dockerfile', 'requirements.txt'].map(file =>
            urlReader
              .readUrl(`${base}/repo-${i}/${file}`, {
                etag: etags.get(`${i}/${file}`),
              })
              .then(
                r => r.buffer(),
                e => {
                  if (e.name !== 'NotModifiedError') throw e;
                },
              ),
          ),
        );
      }),
    );
    results.calibrationReads = {
      ms: Math.round(rc.ms),
      cpuMsPerEntity: rc.cpuMs / o.entities,
      secondRefreshOverReadsAlone: r2.ms / rc.ms,
    };
    log(
      `  ${fmt(rc.ms / 1000)} s (CPU ${fmt(
        rc.cpuMs / o.entities,
        3,
      )} ms/entity): the second refresh took ${fmt(
        r2.ms / rc.ms,
      )} x the reads alone`,
    );
  }

  if (!o.skipFast304) {
    log(
      `second refresh again, 304s answered in ${o.fast304} ms (full reads still ${o.latency} ms) ...`,
    );
    await standIn.call('configure', { settings: { latency304: o.fast304 } });
    await standIn.call('reset');
    const r2b = await measure(() => refresh.refreshAll());
    peak = Math.max(peak, r2b.peakRss);
    const c2b = (await standIn.call('counts')).counts;
    await standIn.call('configure', { settings: { latency304: o.latency } });
    results.secondFast304 = {
      ms: Math.round(r2b.ms),
      ratioToFirst: r2b.ms / r1.ms,
      cpuMsPerEntity: r2b.cpuMs / o.entities,
      share304: c2b.notModified / Math.max(1, c2b.notModified + c2b.ok),
      latency304Ms: o.fast304,
      progress: r2b.value,
    };
    log(
      `  ${fmt(r2b.ms / 1000)} s = ${fmt(
        (100 * r2b.ms) / r1.ms,
        1,
      )}% of the first; 304 share ${fmt(
        100 * results.secondFast304.share304,
        1,
      )}%`,
    );
  }
  results.peakRssMb = mb(peak);
  results.baseRssMb = mb(baseRss);
  log(
    `peak RSS during the refreshes ${mb(peak)} MB (before the first: ${mb(
      baseRss,
    )} MB)`,
  );

  // 3. status route
  if (!o.skipHttp) {
    const statuses = new StatusService({
      catalog,
      store,
      refresh,
      locator,
      logger,
      dockerfileDetection: true,
    });
    const app = express();
    app.use(
      '/api/astro-runtime',
      await createRouter({
        httpAuth: { credentials: async () => userCredentials },
        logger,
        scheduler: { triggerTask: async () => {} },
        statuses,
        refresh,
        releases,
      }),
    );
    // calibration route: a constant body of the same size, no plugin code
    const sample = (await store.getRecord('component:default/e-1')) ?? {};
    const constant = JSON.stringify({
      entityRef: 'component:default/e-1',
      status: JSON.parse(sample.statusJson ?? '{}'),
      stale: false,
    });
    app.get('/baseline/:name/status', (_req, res) => {
      res.status(200).type('application/json').send(constant);
    });
    app.use((err, _req, res, _next) => {
      res
        .status(err.statusCode ?? 500)
        .json({ error: { name: err.name, message: err.message } });
    });
    const api = http.createServer(app);
    api.keepAliveTimeout = 60_000;
    await new Promise(r => api.listen(0, '127.0.0.1', r));
    const apiPort = api.address().port;
    const probe = await fetch(
      `http://127.0.0.1:${apiPort}/api/astro-runtime/entities/component/default/e-1/status`,
    );
    const probeBody = await probe.json();
    if (
      probe.status !== 200 ||
      !probeBody.status ||
      !probeBody.status.runtime
    ) {
      throw new Error(`status route answered ${probe.status}`);
    }
    log(
      `GET /entities/component/default/e-<random>/status: ${o.connections} connections for ${o.duration} s (autocannon in its own process) ...`,
    );
    // both routes are loaded for a few seconds before either is measured:
    // the first route measured would otherwise pay the JIT warm-up of the
    // http, express and router code that both share
    for (const pathPrefix of [
      '/api/astro-runtime/entities/component/default/e-',
      '/baseline/e-',
    ]) {
      await loadGen.load({
        url: `http://127.0.0.1:${apiPort}`,
        connections: o.connections,
        duration: 3,
        entities: o.entities,
        pathPrefix,
      });
    }
    const profiler = o.profileHttp ? await startProfile() : undefined;
    const ac = await loadGen.load({
      url: `http://127.0.0.1:${apiPort}`,
      connections: o.connections,
      duration: o.duration,
      entities: o.entities,
      pathPrefix: '/api/astro-runtime/entities/component/default/e-',
    });
    if (profiler) {
      await profiler.stop(o.profileHttp);
      log(`  CPU profile of the status route window: ${o.profileHttp}`);
    }
    log(
      `calibration: a constant ${constant.length}-byte JSON route in the same express app ...`,
    );
    const base0 = await loadGen.load({
      url: `http://127.0.0.1:${apiPort}`,
      connections: o.connections,
      duration: o.duration,
      entities: o.entities,
      pathPrefix: '/baseline/e-',
    });
    results.calibrationHttp = {
      rps: base0.rps,
      p50Ms: base0.p50,
      p99Ms: base0.p99,
      errors: base0.errors,
    };
    log(`  p50 ${base0.p50} ms, p99 ${base0.p99} ms, ${base0.rps} req/s`);
    results.statusRoute = {
      connections: o.connections,
      requests: ac.requests,
      rps: ac.rps,
      p50Ms: ac.p50,
      p90Ms: ac.p90,
      p99Ms: ac.p99,
      maxMs: ac.max,
      non2xx: ac.non2xx,
      errors: ac.errors,
      bytesPerResponse: Math.round(ac.bytes / Math.max(1, ac.requests)),
    };
    log(
      `  p50 ${ac.p50} ms, p99 ${ac.p99} ms, ${ac.rps} req/s, ${Math.round(
        ac.bytes / Math.max(1, ac.requests),
      )} bytes/response, non-2xx ${ac.non2xx}, errors ${ac.errors}`,
    );
    await new Promise(r => api.close(r));
  }

  // 3b. push to updated status: a push event for one repo whose Dockerfile
  // changed, published on the events service; time until the store has it
  {
    const events = DefaultEventsService.create({ logger });
    const pushes = new PushEventHandler({
      store,
      catalog,
      auth: { getOwnServiceCredentials: async () => serviceCredentials },
      refresh,
      logger,
    });
    await events.subscribe({
      id: 'astro-runtime-push',
      topics: PUSH_TOPICS,
      onEvent: async params => {
        pushes.handle(params).catch(() => undefined);
      },
    });
    const samples = [];
    for (const i of [0, 1, 2, 3, 4]) {
      const entityRef = `component:default/e-${i}`;
      const before = (await store.getRecord(entityRef)).repoVersion;
      await standIn.call('changeOne', { index: i });
      const t0 = performance.now();
      await events.publish({
        topic: 'github',
        eventPayload: {
          ref: 'refs/heads/main',
          after: `bench-${i}-${Date.now()}`,
          repository: { html_url: `${base}/repo-${i}` },
          commits: [{ modified: ['Dockerfile'] }],
        },
        metadata: { 'x-github-event': 'push' },
      });
      for (;;) {
        const rec = await store.getRecord(entityRef);
        if (rec.repoVersion !== before) break;
        if (performance.now() - t0 > 30_000)
          throw new Error(`push for ${entityRef} not handled in 30 s`);
        await new Promise(r => setTimeout(r, 5));
      }
      samples.push(performance.now() - t0);
    }
    samples.sort((a, b) => a - b);
    results.push = {
      samplesMs: samples.map(x => Math.round(x)),
      medianMs: Math.round(samples[2]),
    };
    log(
      `push to updated status (5 pushes, one entity each, SCM latency ${
        o.latency
      } ms): median ${results.push.medianMs} ms (${results.push.samplesMs.join(
        ', ',
      )})`,
    );
  }

  // 4. fault run
  if (!o.skipFault) {
    // a tenth of the repos change, so the run has real reads to do as well
    await standIn.call('change', { entities: o.entities, every: 10 });
    const before = await knex('astro_runtime_status')
      .whereNotNull('status_json')
      .count({ n: '*' });
    await standIn.call('reset');
    await standIn.call('configure', { settings: { faultRate: o.faultRate } });
    log(
      `fault run: ${Math.round(
        o.faultRate * 100,
      )}% of SCM and API calls fail (HTTP 500) or hang; read and API timeouts 300 ms ...`,
    );
    const faulty = makeRefresh({ readTimeoutMs: 300, apiTimeoutMs: 300 });
    const rf = await measure(() => faulty.refreshAll());
    await standIn.call('configure', { settings: { faultRate: 0 } });
    const cf = (await standIn.call('counts')).counts;
    const after = await knex('astro_runtime_status')
      .whereNotNull('status_json')
      .count({ n: '*' });
    const stale = await knex('astro_runtime_status')
      .where('stale', true)
      .count({ n: '*' });
    const pf = rf.value;
    results.fault = {
      ms: Math.round(rf.ms),
      faultRate: o.faultRate,
      progress: pf,
      injected: cf,
      statusesBefore: Number(before[0].n),
      statusesAfter: Number(after[0].n),
      staleAfter: Number(stale[0].n),
    };
    log(
      `  finished in ${fmt(rf.ms / 1000)} s: ${pf.done}/${pf.total} done, ${
        pf.errors
      } entities failed (kept, marked stale: ${
        results.fault.staleAfter
      }); stored statuses ${results.fault.statusesBefore} -> ${
        results.fault.statusesAfter
      }; injected ${cf.failed + cf.apiFailed} failures and ${cf.hung} hangs`,
    );
  }

  // the table, each row a ratio measured in this run
  const honestFloorMs =
    ((results.first.scm200 + results.first.apiRequests) * o.latency) /
    Math.max(1, results.first.peakRequestsInFlight);
  results.first.honestFloorMs = Math.round(honestFloorMs);
  const table = {
    statusRouteP99Ratio: results.statusRoute
      ? results.statusRoute.p99Ms / Math.max(1, results.calibrationHttp.p99Ms)
      : undefined,
    rssAboveIdleMB: results.peakRssMb - results.baseRssMb,
    rssPer1000EntitiesMB:
      ((results.peakRssMb - results.baseRssMb) * 1000) / o.entities,
    firstRefreshFloorRatio: r1.ms / honestFloorMs,
    // for reading the row above: the same full reads through the UrlReader
    // alone, over the same floor (what the framework's reader costs here)
    firstReadsAloneFloorRatio: results.calibrationFirstReads
      ? results.calibrationFirstReads.overHonestFloor
      : undefined,
    secondRefreshCalibrationRatio: results.calibrationReads
      ? results.calibrationReads.secondRefreshOverReadsAlone
      : undefined,
    pushToStatusMs: results.push.medianMs,
  };
  Object.assign(results, table);
  const rows = [
    [
      'status route p99 / constant route p99',
      table.statusRouteP99Ratio,
      '<= 1.5',
      v => v <= 1.5,
    ],
    ['peak RSS above idle (MB)', table.rssAboveIdleMB, '<= 100', v => v <= 100],
    [
      'first refresh / honest floor',
      table.firstRefreshFloorRatio,
      '<= 1.25',
      v => v <= 1.25,
    ],
    [
      "(reference) the first refresh's reads through the UrlReader alone / the same floor",
      table.firstReadsAloneFloorRatio,
      '',
      () => true,
    ],
    [
      'second refresh / UrlReader-only calibration',
      table.secondRefreshCalibrationRatio,
      '<= 1.1',
      v => v <= 1.1,
    ],
    [
      'push to updated status (ms, median)',
      table.pushToStatusMs,
      '< 2000',
      v => v < 2000,
    ],
  ];
  if (!o.json) {
    log('\n| measurement | this run | goal | |');
    log('|---|---|---|---|');
    for (const [name, value, goal, ok] of rows) {
      let verdict = '';
      if (value !== undefined && goal) verdict = ok(value) ? 'met' : 'missed';
      log(
        `| ${name} | ${
          value === undefined ? 'skipped' : fmt(value)
        } | ${goal} | ${verdict} |`,
      );
    }
    log(
      `honest floor: ${results.first.scm200} SCM reads + ${
        results.first.apiRequests
      } API requests x ${o.latency} ms / ${
        results.first.peakRequestsInFlight
      } in flight = ${fmt(
        honestFloorMs / 1000,
      )} s; RSS per 1,000 entities ${fmt(table.rssPer1000EntitiesMB, 1)} MB`,
    );
  }

  const goals = {
    'first refresh <= 1.25 x floor': results.first.ratioToFloor <= 1.25,
    'second refresh >= 95% 304s': results.second.share304 >= 0.95,
    'second refresh <= 10% of the first (304s at full latency)':
      results.second.ratioToFirst <= 0.1,
    ...(results.secondFast304
      ? {
          [`second refresh <= 10% of the first (304s in ${o.fast304} ms)`]:
            results.secondFast304.ratioToFirst <= 0.1,
        }
      : {}),
    ...(results.statusRoute
      ? {
          'status route p99 <= 1.5 x the constant route p99':
            table.statusRouteP99Ratio <= 1.5,
        }
      : {}),
    'peak RSS < 400 MB': results.peakRssMb < 400,
    'peak RSS <= 100 MB above idle': table.rssAboveIdleMB <= 100,
    'push to updated status < 2 s': table.pushToStatusMs < 2000,
    ...(results.fault
      ? {
          'fault run: finishes, no stored status lost, errors counted':
            results.fault.progress.done === results.fault.progress.total &&
            results.fault.statusesAfter >= results.fault.statusesBefore &&
            results.fault.progress.errors > 0 &&
            results.fault.staleAfter <= results.fault.progress.errors,
        }
      : {}),
  };
  results.goals = goals;
  results.loadAverageAtEnd = require('os')
    .loadavg()
    .map(x => Number(x.toFixed(2)));
  if (o.json) {
    console.log(JSON.stringify(results, null, 2));
  } else {
    log(
      `\nload average at start ${results.loadAverageAtStart.join(
        ' ',
      )}, at end ${results.loadAverageAtEnd.join(' ')} (${results.cpus} CPUs)`,
    );
    log('goals:');
    for (const [k, v] of Object.entries(goals))
      log(`  ${v ? 'PASS' : 'MISS'}  ${k}`);
  }
  if (o.pg) {
    await dropTables();
  }
  await workers.destroy();
  await knex.destroy();
  await standIn.call('stop').catch(() => undefined);
  process.exit(0);
}

main().catch(e => {
  console.error(e);
  process.exit(1);
});
