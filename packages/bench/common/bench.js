#!/usr/bin/env node
/*
 * Benchmarks: Dockerfile parse throughput (MB/s, goal >= 20) and the cost of
 * one assess() call (µs/op, goal < 50).
 *
 *   yarn bench:common
 */
'use strict';

/* eslint-disable no-console */

const os = require('node:os');
const { loadSource } = require('../lib/load');

const load = entry => loadSource('common', entry);

const lib = load('index');

/*
 * Times fn: returns { wall, cpu } in ms per op. CPU time (process.cpuUsage)
 * is reported next to wall-clock time because CI machines and shared
 * workstations are often oversubscribed; on an idle machine both agree.
 */
function time(fn, minMs = 1000) {
  // warm up for half a second: the steady state of a service that assesses
  // many projects (200 calls left assess in V8's baseline tiers)
  const warm = process.hrtime.bigint();
  while (Number(process.hrtime.bigint() - warm) < 500e6) fn();
  let n = 0;
  const cpu0 = process.cpuUsage();
  const start = process.hrtime.bigint();
  let elapsed = 0;
  do {
    for (let i = 0; i < 20; i++) fn();
    n += 20;
    elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  } while (elapsed < minMs);
  const cpu = process.cpuUsage(cpu0);
  return { wall: elapsed / n, cpu: (cpu.user + cpu.system) / 1000 / n };
}

// A typical Astro project Dockerfile.
const typical = [
  '# syntax=quay.io/astronomer/airflow-extensions:latest',
  '# FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:8.6.0',
  'ARG ASTRO_RUNTIME_VERSION=12.1.0',
  'FROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION}',
  '',
  'ENV AIRFLOW__CORE__TEST_CONNECTION=Enabled',
  'USER root',
  'RUN apt-get update \\',
  '    && apt-get install -y --no-install-recommends git \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'USER astro',
  'COPY packages.txt .',
  'RUN <<EOF',
  'pip install --no-cache-dir dbt-core',
  'EOF',
  '',
].join('\n');

// A large Dockerfile (~1 MiB, the size limit): many stages, comments, continuations, heredocs.
const chunk = [
  '# build stage with a long comment line describing what happens here and why it matters',
  'FROM python:3.11-slim AS builder',
  'RUN pip install --upgrade pip \\',
  '    && pip wheel --no-cache-dir --wheel-dir /wheels -r requirements.txt \\',
  '    && echo done',
  'COPY <<EOF /etc/config.ini',
  '[section]',
  'FROM = not an instruction',
  'EOF',
  'ENV A=1 B=2 C=3',
  '',
].join('\n');
let big = 'ARG ASTRO_RUNTIME_VERSION=12.1.0\n';
while (big.length + chunk.length < 1000 * 1024) big += chunk;
big +=
  'FROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION} AS final\n';

const bytes = s => Buffer.byteLength(s, 'utf8');

const msBig = time(() => lib.parseDockerfile(big), 2000);
const msTypical = time(() => lib.parseDockerfile(typical), 1000);
// Index the catalog once, as a service assessing many projects does.
const catalog = lib.indexCatalog(lib.getBundledCatalog());
const now = new Date('2025-06-01T00:00:00Z');
const deployments = [
  { id: 'a', name: 'prod', astroRuntimeVersion: '12.1.0' },
  { id: 'b', name: 'dev', astroRuntimeVersion: '12.4.0' },
];
const msAssess = time(
  () =>
    lib.assess({ project: { dockerfile: typical }, deployments, catalog, now }),
  2000,
);
const msUpgrade = time(
  () => lib.upgradeDockerfile(typical, '13.1.0', catalog),
  1000,
);

// Hostile inputs at the 1 MiB limit: the parse must stay linear and bounded.
const { HOSTILE_SHAPES } = load('__testUtils__/hostileDockerfiles');
const hostile = HOSTILE_SHAPES.map(shape => {
  const text = shape.build(lib.MAX_DOCKERFILE_BYTES);
  const parse =
    shape.input === 'freeze' ? lib.parseProviderFreeze : lib.parseDockerfile;
  const run = () => {
    try {
      parse(text);
    } catch (e) {
      if (!lib.isAstroRuntimeError(e)) throw e;
    }
  };
  // A few warm-up runs, then the best of five (each run is long enough to time alone).
  for (let i = 0; i < 3; i++) run();
  let best = { wall: Infinity, cpu: Infinity };
  for (let i = 0; i < 5; i++) {
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    run();
    const cpu = process.cpuUsage(cpu0);
    const wall = Number(process.hrtime.bigint() - t0) / 1e6;
    best = {
      wall: Math.min(best.wall, wall),
      cpu: Math.min(best.cpu, (cpu.user + cpu.system) / 1000),
    };
  }
  return { name: shape.name, ms: best };
});

const mbps = (b, ms) => b / (1024 * 1024) / (ms / 1000);
const us = ms => `${(ms * 1000).toFixed(1)} µs`;
const lines = [
  `parseDockerfile, 1 MiB file:      ${mbps(bytes(big), msBig.cpu).toFixed(
    1,
  )} MB/s CPU time, ${mbps(bytes(big), msBig.wall).toFixed(
    1,
  )} MB/s wall (goal >= 20 MB/s)`,
  `parseDockerfile, typical project: ${us(msTypical.cpu)} CPU, ${us(
    msTypical.wall,
  )} wall per parse`,
  `assess (typical project, 2 deployments, bundled catalog): ${us(
    msAssess.cpu,
  )} CPU, ${us(msAssess.wall)} wall per op (goal < 50 µs)`,
  `upgradeDockerfile (typical project): ${us(msUpgrade.cpu)} CPU, ${us(
    msUpgrade.wall,
  )} wall per op`,
  'hostile 1 MiB inputs (CPU time per parse):',
  ...hostile.map(
    h =>
      `  ${h.name.padEnd(16)} ${h.ms.cpu.toFixed(
        1,
      )} ms CPU, ${h.ms.wall.toFixed(1)} ms wall`,
  ),
  `(load average ${os.loadavg()[0].toFixed(1)} on ${os.cpus().length} CPUs)`,
];
console.log(lines.join('\n'));
