import fc from 'fast-check';
import { assess } from './assess';
import { getBundledCatalog } from './catalog';
import { mustMoveToAirflow3 } from './predicates';
import { serializeStatus, withCodeFindings } from './serializedStatus';
import type { CodeStatus } from './code/types';
import type { RuntimeStatus } from './types';

const NOW = new Date('2026-12-02T00:00:00Z');

function statusOf(dockerfile: string): RuntimeStatus {
  return assess({
    project: { dockerfile },
    deployments: [],
    catalog: getBundledCatalog(),
    now: NOW,
  });
}

const code: CodeStatus = {
  findings: [],
  totals: {},
  scanned: { files: 1, bytes: 10 },
  skipped: [],
  scannedAt: '2026-12-01T00:00:00.000Z',
} as unknown as CodeStatus;

describe('serializeStatus', () => {
  it.each([
    ['an Airflow 2 project', 'FROM quay.io/astronomer/astro-runtime:9.1.0\n'],
    ['an Airflow 3 project', 'FROM astrocrpublic.azurecr.io/runtime:3.1-1\n'],
    ['a floating tag', 'FROM quay.io/astronomer/astro-runtime:12.1\n'],
    ['not Astro', 'FROM python:3.12\n'],
  ])(
    '%s: the JSON is the status and the fields are decided from it',
    (_, d) => {
      const status = statusOf(d);
      const s = serializeStatus(status);
      expect(JSON.parse(s.statusJson)).toEqual(
        JSON.parse(JSON.stringify(status)),
      );
      expect(s).toEqual({
        statusJson: JSON.stringify(status),
        state: status.state,
        severity: status.severity,
        line: status.runtime?.line,
        repoVersion: status.runtime?.version,
        mustMoveToAirflow3: mustMoveToAirflow3(status),
        assessedAt: status.assessedAt,
      });
    },
  );

  it('leaves a code field out of the JSON', () => {
    const status = {
      ...statusOf('FROM quay.io/astronomer/astro-runtime:9.1.0\n'),
      code,
    };
    expect(JSON.parse(serializeStatus(status).statusJson).code).toBeUndefined();
  });
});

describe('withCodeFindings', () => {
  it('gives the same text as stringifying the status with its findings', () => {
    const status = statusOf('FROM quay.io/astronomer/astro-runtime:9.1.0\n');
    expect(withCodeFindings(serializeStatus(status).statusJson, code)).toBe(
      JSON.stringify({ ...status, code }),
    );
  });

  it('holds for any object (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(
          fc.string().filter(k => k !== 'code' && k !== '__proto__'),
          fc.jsonValue(),
        ),
        fc.jsonValue(),
        (obj, findings) => {
          expect(withCodeFindings(JSON.stringify(obj), findings as never)).toBe(
            JSON.stringify({ ...obj, code: findings }),
          );
        },
      ),
    );
  });

  it.each(['[]', '"x"', '', 'null'])(
    'refuses %j, which is no JSON object',
    json => {
      expect(() => withCodeFindings(json, code)).toThrow(TypeError);
    },
  );
});
