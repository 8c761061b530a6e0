/*
 * Memory scaling part of the backend bench (`yarn bench:backend --rss-scale`):
 * for each size of `--rss-sizes` (default 1,000, 5,000 and 10,000 entities)
 * a fresh bench process runs the first and the unchanged second refresh
 * (no status-route load, fault run or calibration) and reports its peak RSS
 * above the idle process; printed as MB per 1,000 entities at each size.
 */
'use strict';

const { execFile } = require('child_process');
const os = require('os');
const path = require('path');
const { fmt } = require('./harness');

function runOnce(o, entities) {
  const args = [
    path.join(__dirname, 'run.js'),
    '--entities',
    String(entities),
    '--latency',
    String(o.latency),
    '--concurrency',
    String(o.concurrency),
    '--skip-fault',
    '--skip-http',
    '--skip-fast-304',
    '--skip-calibration',
    '--json',
    ...(o.pg ? ['--pg', o.pg] : []),
  ];
  const node = o.heapCapMb ? [`--max-old-space-size=${o.heapCapMb}`] : [];
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [...node, ...args],
      { maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) {
          reject(
            new Error(`${entities} entities: ${error.message}\n${stderr}`),
          );
          return;
        }
        resolve(JSON.parse(stdout));
      },
    );
  });
}

async function runRssScale(o) {
  const log = o.json ? () => {} : (...a) => console.log(...a);
  const loadAverageAtStart = os.loadavg().map(x => Number(x.toFixed(2)));
  const sizes = [];
  for (const entities of o.rssSizes) {
    log(
      `${entities} entities: first and second refresh in a fresh process ...`,
    );
    const run = await runOnce(o, entities);
    const above = run.peakRssMb - run.baseRssMb;
    sizes.push({
      entities,
      idleRssMb: run.baseRssMb,
      peakRssMb: run.peakRssMb,
      rssAboveIdleMb: above,
      mbPer1000Entities: (above * 1000) / entities,
      firstRefreshMs: run.first.ms,
    });
    log(
      `  idle ${run.baseRssMb} MB, peak ${
        run.peakRssMb
      } MB: ${above} MB above idle = ${fmt(
        (above * 1000) / entities,
        1,
      )} MB per 1,000 entities`,
    );
  }
  const result = {
    rssScale: {
      latencyMs: o.latency,
      concurrency: o.concurrency,
      database: o.pg ? 'postgresql' : 'sqlite (in memory)',
      heapCapMb: o.heapCapMb ?? null,
      // what each further 1,000 entities added, from one size to the next
      // (the first size's figure includes what does not grow with entities:
      // the worker thread, V8's young generation, the pool)
      marginalMbPer1000: sizes.slice(1).map((s, i) => ({
        from: sizes[i].entities,
        to: s.entities,
        mbPer1000Entities:
          ((s.rssAboveIdleMb - sizes[i].rssAboveIdleMb) * 1000) /
          (s.entities - sizes[i].entities),
      })),
      node: process.version,
      loadAverageAtStart,
      loadAverageAtEnd: os.loadavg().map(x => Number(x.toFixed(2))),
      sizes,
    },
  };
  if (o.json) {
    console.log(JSON.stringify(result, null, 2));
    return;
  }
  log(
    '\n| entities | idle RSS | peak RSS | above idle | MB per 1,000 entities |',
  );
  log('|---|---|---|---|---|');
  for (const s of sizes) {
    log(
      `| ${s.entities} | ${s.idleRssMb} MB | ${s.peakRssMb} MB | ${
        s.rssAboveIdleMb
      } MB | **${fmt(s.mbPer1000Entities, 1)}** |`,
    );
  }
  for (const m of result.rssScale.marginalMbPer1000) {
    log(
      `from ${m.from} to ${m.to} entities: ${fmt(
        m.mbPer1000Entities,
        1,
      )} MB per further 1,000 entities`,
    );
  }
  if (o.heapCapMb) {
    log(`(node --max-old-space-size=${o.heapCapMb})`);
  }
}

module.exports = { runRssScale };
