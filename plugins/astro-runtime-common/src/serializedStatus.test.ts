import fc from 'fast-check';
import { assess } from './assess';
import { getBundledCatalog } from './catalog';
import { mustMoveToAirflow3 } from './predicates';
import {
  asciiJson,
  serializeStatus,
  withCodeFindings,
} from './serializedStatus';
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
        statusJson: asciiJson(status),
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

describe('asciiJson', () => {
  it('escapes what is not ASCII and parses back to the same value', () => {
    const value = { a: 'Runtime 12 → 13 — “AIR301” 😀', b: ['é', 1, null] };
    const json = asciiJson(value);
    expect(json).toBe(
      '{"a":"Runtime 12 \\u2192 13 \\u2014 \\u201cAIR301\\u201d \\ud83d\\ude00","b":["\\u00e9",1,null]}',
    );
    expect(JSON.parse(json)).toEqual(value);
  });

  it('holds for any JSON value (property)', () => {
    fc.assert(
      fc.property(
        fc.jsonValue({ stringUnit: 'binary' }),
        fc.dictionary(
          fc.string({ unit: 'binary' }),
          fc.string({ unit: 'binary' }),
        ),
        (value, dict) => {
          for (const v of [value, dict]) {
            const json = asciiJson(v);
            expect(json).toMatch(/^[\u0020-\u007f]*$/);
            expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(v)));
            expect(Buffer.byteLength(json, 'utf8')).toBe(json.length);
          }
        },
      ),
    );
  });

  it('a status whose provider changes are written with an arrow is stored as ASCII', () => {
    const s = serializeStatus(
      statusOf('FROM quay.io/astronomer/astro-runtime:11.8.0\n'),
    );
    expect(JSON.stringify(JSON.parse(s.statusJson))).toMatch(/[\u0080-\uffff]/);
    expect(s.statusJson).toMatch(/^[\u0020-\u007f]*$/);
  });
});

describe('withCodeFindings', () => {
  it('gives the same text as stringifying the status with its findings', () => {
    const status = statusOf('FROM quay.io/astronomer/astro-runtime:9.1.0\n');
    expect(withCodeFindings(serializeStatus(status).statusJson, code)).toBe(
      asciiJson({ ...status, code }),
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
          expect(withCodeFindings(asciiJson(obj), findings as never)).toBe(
            asciiJson({ ...obj, code: findings }),
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
