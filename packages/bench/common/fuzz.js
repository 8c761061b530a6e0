#!/usr/bin/env node
/*
 * Fuzz run: N generated inputs (default 100000) through every public function;
 * anything thrown that is not an AstroRuntimeError, any failed upgrade round
 * trip, and any single hostile input taking more than a second of CPU time,
 * is a failure (exit 1). A fifth of the inputs are mutations of the hostile
 * shapes (ARG doubling bombs, long directive lines, continuation floods,
 * stage chains, deep `${...}` nesting, long `#` runs in a freeze file).
 *
 *   yarn fuzz [N] [--seed S]
 */
'use strict';

/* eslint-disable no-console */

const { loadSource } = require('../lib/load');

const load = entry => loadSource('common', entry);

const args = process.argv.slice(2);
const seedIdx = args.indexOf('--seed');
const seed = seedIdx >= 0 ? Number(args[seedIdx + 1]) : Date.now() % 2147483647;
const total = Number(
  args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--seed') ?? 100000,
);

const fc = require('fast-check');

const lib = load('index');
const { dockerfileArb, dockerfileishArb } = load('__testUtils__/arbitraries');
const { hostileInputArb } = load('__testUtils__/hostileDockerfiles');

const catalog = lib.getBundledCatalog();
const now = new Date('2025-06-01T00:00:00Z');
const targets = [
  '13.1.0',
  '3.1-12',
  '12.0.0',
  'junk',
  '3.1',
  '',
  '9.3.0',
  '3.3-2',
];

let inputs = 0;
const typed = {};
function guard(what, input, fn) {
  try {
    return fn();
  } catch (e) {
    if (lib.isAstroRuntimeError(e)) {
      typed[e.code] = (typed[e.code] || 0) + 1;
      return undefined;
    }
    const shown = JSON.stringify(input).slice(0, 500);
    throw new Error(
      `${what} threw a non-AstroRuntimeError for ${shown}: ${
        (e && e.stack) || e
      }`,
    );
  }
}

const start = Date.now();
const structured = Math.floor(total * 0.3);
const hostile = Math.floor(total * 0.2);
const rest = total - structured - hostile;

// 1. Structured Dockerfiles: the upgrade round trip must hold.
fc.assert(
  fc.property(dockerfileArb, g => {
    inputs++;
    const out = lib.upgradeDockerfile(g.text, g.target, catalog);
    const after = lib.parseDockerfile(out.text);
    if (after.kind !== 'astro' || after.runtime.version !== g.target) {
      throw new Error(
        `round trip failed for ${JSON.stringify(g.text)} -> ${g.target}`,
      );
    }
    guard('assess', g.text, () =>
      lib.assess({
        project: { dockerfile: g.text },
        deployments: [],
        catalog,
        now,
      }),
    );
  }),
  { numRuns: structured, seed },
);

// 2. Junk and mutated Dockerfiles, and strings for the other functions.
fc.assert(
  fc.property(
    dockerfileishArb,
    fc.constantFrom(...targets),
    fc.string({ maxLength: 60 }),
    (text, target, s) => {
      inputs++;
      guard('parseDockerfile', text, () => lib.parseDockerfile(text));
      guard('upgradeDockerfile', text, () =>
        lib.upgradeDockerfile(text, target, catalog, { force: true }),
      );
      const status = guard('assess', text, () =>
        lib.assess({
          project: { dockerfile: text },
          deployments: [{ id: 'd', astroRuntimeVersion: s }],
          catalog,
          now,
        }),
      );
      if (!status) throw new Error(`assess threw for ${JSON.stringify(text)}`);
      guard('parseImageReference', s, () => lib.parseImageReference(s));
      guard('parseRuntimeTag', s, () =>
        lib.parseRuntimeTag(s, text.slice(0, 40)),
      );
      guard('compareRuntimeVersions', s, () =>
        lib.compareRuntimeVersions(s, target),
      );
      guard('considerationsFor', s, () =>
        lib.considerationsFor(s, target, catalog),
      );
      guard('pinProviders', text, () =>
        lib.pinProviders(text, [
          { name: 'apache-airflow-providers-x', version: '1.0' },
        ]),
      );
      guard('parseProviderFreeze', text, () => lib.parseProviderFreeze(text));
      guard('parseReleaseFeed', text, () => lib.parseReleaseFeed(text));
    },
  ),
  { numRuns: rest, seed },
);

// 3. Mutated hostile inputs: typed errors only, each within a second of CPU
// time (measured again before failing: a busy machine can stall one run).
const SLOW_MS = 1000;
let slowest = 0;
function cpuMs(fn) {
  const c = process.cpuUsage();
  fn();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}
fc.assert(
  fc.property(hostileInputArb, h => {
    inputs++;
    const run = () => {
      if (h.input === 'freeze') {
        guard('parseProviderFreeze', h.text, () =>
          lib.parseProviderFreeze(h.text),
        );
      } else {
        guard('parseDockerfile', h.text, () => lib.parseDockerfile(h.text));
        guard('upgradeDockerfile', h.text, () =>
          lib.upgradeDockerfile(h.text, '13.1.0', catalog, { force: true }),
        );
      }
    };
    let ms = cpuMs(run);
    if (ms > SLOW_MS) ms = Math.min(ms, cpuMs(run));
    slowest = Math.max(slowest, ms);
    if (ms > SLOW_MS) {
      throw new Error(
        `${h.input} input of ${h.text.length} characters took ${ms.toFixed(
          0,
        )} ms of CPU time: ${JSON.stringify(h.text.slice(0, 200))}`,
      );
    }
  }),
  { numRuns: hostile, seed },
);

const secs = (Date.now() - start) / 1000;
console.log(
  `fuzz: ${inputs} generated inputs (seed ${seed}) in ${secs.toFixed(
    1,
  )}s (${hostile} hostile, slowest ${slowest.toFixed(
    0,
  )} ms CPU); no untyped errors. Typed errors seen: ${JSON.stringify(typed)}`,
);
