#!/usr/bin/env node
/*
 * Fuzz run: N generated inputs (default 100000) through every public function;
 * anything thrown that is not an AstroRuntimeError, and any failed
 * upgrade round trip, is a failure (exit 1).
 *
 *   yarn workspace @backstage-astro/plugin-astro-runtime-common fuzz [N] [--seed S]
 */
'use strict';

/* eslint-disable no-console */

const { load } = require('./load');

const args = process.argv.slice(2);
const seedIdx = args.indexOf('--seed');
const seed = seedIdx >= 0 ? Number(args[seedIdx + 1]) : Date.now() % 2147483647;
const total = Number(
  args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--seed') ?? 100000,
);

const fc = require('fast-check');

const lib = load('index');
const { dockerfileArb, dockerfileishArb } = load('__testUtils__/arbitraries');

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
const rest = total - structured;

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

const secs = (Date.now() - start) / 1000;
console.log(
  `fuzz: ${inputs} generated inputs (seed ${seed}) in ${secs.toFixed(
    1,
  )}s; no untyped errors. Typed errors seen: ${JSON.stringify(typed)}`,
);
