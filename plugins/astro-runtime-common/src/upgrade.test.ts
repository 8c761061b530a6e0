import { assess } from './assess';
import { getBundledCatalog, parseReleaseFeed } from './catalog';
import { parseDockerfile } from './dockerfile';
import { upgradeDockerfile, upgradeTargets } from './upgrade';

const catalog = getBundledCatalog();
const D = 'b'.repeat(64);

/** Every byte outside the changed region must be equal. */
function diffRegion(
  a: string,
  b: string,
): { prefix: number; aMid: string; bMid: string } {
  let p = 0;
  while (p < a.length && p < b.length && a[p] === b[p]) p++;
  let s = 0;
  while (
    s < a.length - p &&
    s < b.length - p &&
    a[a.length - 1 - s] === b[b.length - 1 - s]
  )
    s++;
  return {
    prefix: p,
    aMid: a.slice(p, a.length - s),
    bMid: b.slice(p, b.length - s),
  };
}

describe('upgradeDockerfile: only the version token changes', () => {
  it.each([
    [
      'plain',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      '13.1.0',
      'FROM quay.io/astronomer/astro-runtime:13.1.0\n',
    ],
    [
      'flags, variants, stage, comment, CRLF',
      '# keep me\r\nFROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:11.2.0-python-3.11-slim AS base\r\nRUN echo 1\r\n',
      '12.1.0',
      '# keep me\r\nFROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:12.1.0-python-3.11-slim AS base\r\nRUN echo 1\r\n',
    ],
    [
      'ARG default',
      'ARG ASTRO_RUNTIME_VERSION=12.1.0\nFROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION}\n',
      '12.4.0',
      'ARG ASTRO_RUNTIME_VERSION=12.4.0\nFROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION}\n',
    ],
    [
      'quoted ARG default',
      'ARG V="12.1.0"\nFROM quay.io/astronomer/astro-runtime:$V\n',
      '12.4.0',
      'ARG V="12.4.0"\nFROM quay.io/astronomer/astro-runtime:$V\n',
    ],
    [
      '${V:-default} in the FROM line',
      'ARG V\nFROM quay.io/astronomer/astro-runtime:${V:-12.1.0}\n',
      '12.4.0',
      'ARG V\nFROM quay.io/astronomer/astro-runtime:${V:-12.4.0}\n',
    ],
    [
      'BOM, continuation, final stage through an alias',
      '\ufeffFROM \\\n  quay.io/astronomer/astro-runtime:9.7.0-base AS one\nFROM one\n',
      '9.17.0',
      '\ufeffFROM \\\n  quay.io/astronomer/astro-runtime:9.17.0-base AS one\nFROM one\n',
    ],
    [
      'digest dropped',
      `FROM quay.io/astronomer/astro-runtime:12.4.0@sha256:${D} AS x\n`,
      '12.6.0',
      'FROM quay.io/astronomer/astro-runtime:12.6.0 AS x\n',
    ],
    [
      'Airflow 3 line within itself',
      'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
      '3.3-2',
      'FROM astrocrpublic.azurecr.io/runtime:3.3-2\n',
    ],
    [
      'pins a floating tag',
      'FROM astrocrpublic.azurecr.io/runtime:3.1\n',
      '3.1-14',
      'FROM astrocrpublic.azurecr.io/runtime:3.1-14\n',
    ],
    [
      'pins latest',
      'FROM quay.io/astronomer/astro-runtime:latest\n',
      '13.1.0',
      'FROM quay.io/astronomer/astro-runtime:13.1.0\n',
    ],
    [
      'adds a tag where there was none',
      'FROM quay.io/astronomer/astro-runtime AS app\n',
      '13.1.0',
      'FROM quay.io/astronomer/astro-runtime:13.1.0 AS app\n',
    ],
    [
      'to Airflow 3: registry and repository switched, python kept',
      'FROM quay.io/astronomer/astro-runtime:13.1.0-python-3.12\n',
      '3.1-12',
      'FROM astrocrpublic.azurecr.io/runtime:3.1-12-python-3.12\n',
    ],
    [
      'to Airflow 3 from Docker Hub name',
      'FROM astronomer/astro-runtime:12.4.0\n',
      '3.0-2',
      'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n',
    ],
    [
      'to Airflow 3 through a mirror: name kept',
      'FROM mirror.example.com/astronomer/astro-runtime:12.4.0\n',
      '3.0-2',
      'FROM mirror.example.com/astronomer/astro-runtime:3.0-2\n',
    ],
    [
      'to Airflow 3 with a Python 3.8 variant: dropped',
      'FROM quay.io/astronomer/astro-runtime:12.4.0-python-3.8-base\n',
      '3.1-12',
      'FROM astrocrpublic.azurecr.io/runtime:3.1-12-base\n',
    ],
    [
      'escape=` Dockerfile',
      '# escape=`\r\nFROM `\r\n  quay.io/astronomer/astro-runtime:12.4.0\r\n',
      '12.5.0',
      '# escape=`\r\nFROM `\r\n  quay.io/astronomer/astro-runtime:12.5.0\r\n',
    ],
  ])('%s', (_name, text, target, expected) => {
    const result = upgradeDockerfile(text, target, catalog);
    expect(result.text).toBe(expected);
    expect(result.changed).toBe(true);
    expect(result.to).toBe(target);
    const after = parseDockerfile(result.text);
    expect(after.kind === 'astro' && after.runtime.version).toBe(target);
  });

  it('reports from/to and notes', () => {
    const r = upgradeDockerfile(
      `FROM quay.io/astronomer/astro-runtime:12.4.0@sha256:${D}\n`,
      '3.1-12',
      catalog,
    );
    expect(r.from).toBe('12.4.0');
    expect(r.image).toBe('astrocrpublic.azurecr.io/runtime:3.1-12');
    expect(r.notes.join(' ')).toMatch(/digest/);
    expect(r.notes.join(' ')).toMatch(/astrocrpublic/);
  });

  it('changes nothing else in a realistic project Dockerfile', () => {
    const text = [
      '# syntax=quay.io/astronomer/airflow-extensions:latest',
      '# FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:8.6.0',
      'ARG ASTRO_RUNTIME_VERSION=12.1.0',
      'FROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION}',
      'ENV AIRFLOW__CORE__TEST_CONNECTION=Enabled',
      'RUN <<EOF',
      'FROM python:3.11',
      'EOF',
      'COPY requirements.txt .',
      '',
    ].join('\r\n');
    const r = upgradeDockerfile(text, '12.4.0', catalog);
    const d = diffRegion(text, r.text);
    expect(d).toEqual({
      prefix: text.indexOf('12.1.0') + 3,
      aMid: '1',
      bMid: '4',
    });
  });
});

describe('upgradeDockerfile: refusals', () => {
  it.each([
    [
      'DOWNGRADE',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      '12.1.0',
      {},
    ],
    [
      'DOWNGRADE',
      'FROM astrocrpublic.azurecr.io/runtime:3.0-2\n',
      '13.1.0',
      { force: true },
    ],
    [
      'SAME_VERSION',
      'FROM quay.io/astronomer/astro-runtime:12.4.0-slim\n',
      '12.4.0',
      {},
    ],
    [
      'UNKNOWN_VERSION',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      '12.44.0',
      {},
    ],
    [
      'UNKNOWN_VERSION',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      'latest',
      { force: true },
    ],
    [
      'UNKNOWN_VERSION',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      '3.1',
      {},
    ],
    [
      'YANKED_TARGET',
      'FROM quay.io/astronomer/astro-runtime:8.10.0\n',
      '9.3.0',
      {},
    ],
    [
      'AIRFLOW3_REQUIRES_12',
      'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
      '3.1-12',
      {},
    ],
    [
      'AIRFLOW3_REQUIRES_12',
      'FROM quay.io/astronomer/astro-runtime:11.8.0\n',
      '3.1-12',
      { force: true },
    ],
    [
      'AIRFLOW3_REQUIRES_12',
      'FROM quay.io/astronomer/astro-runtime:latest\n',
      '3.1-12',
      {},
    ],
    ['NOT_ASTRO', 'FROM python:3.11\n', '13.1.0', {}],
    ['DOWNGRADE', 'FROM astrocrpublic.azurecr.io/runtime:3.1\n', '3.0-10', {}],
    ['DOWNGRADE', 'FROM astrocrpublic.azurecr.io/runtime:3.1\n', '13.1.0', {}],
    [
      'NOT_ASTRO',
      'FROM quay.io/astronomer/ap-airflow:2.3.0-5-onbuild\n',
      '13.1.0',
      {},
    ],
    [
      'UNSUPPORTED_EDIT',
      'ARG A=12\nARG B=.4.0\nFROM quay.io/astronomer/astro-runtime:${A}${B}\n',
      '13.1.0',
      {},
    ],
    ['NO_FROM', 'RUN x\n', '13.1.0', {}],
    [
      'INVALID_INPUT',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      12 as unknown as string,
      {},
    ],
  ])('%s: %j → %s %j', (code, text, target, opts) => {
    expect(() => upgradeDockerfile(text, target, catalog, opts)).toThrow(
      expect.objectContaining({ code }),
    );
  });

  it.each([
    [
      'digest',
      `ARG D=sha256:${D}\nFROM quay.io/astronomer/astro-runtime:12.4.0@\${D}\n`,
      '13.1.0',
    ],
    [
      'name',
      'ARG R=astro-runtime\nFROM quay.io/astronomer/${R}:12.4.0\n',
      '3.1-12',
    ],
  ])(
    'refuses to edit an image %s assembled from several places',
    (part, text, target) => {
      expect(() => upgradeDockerfile(text, target, catalog)).toThrow(
        `The image ${part} is assembled from several places; edit it by hand`,
      );
    },
  );

  it('the downgrade refusal says "downgrade"', () => {
    expect(() =>
      upgradeDockerfile(
        'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        '12.1.0',
        catalog,
      ),
    ).toThrow(/downgrade/);
  });

  it('force allows yanked, pre-release and not-in-catalog targets', () => {
    expect(
      upgradeDockerfile(
        'FROM quay.io/astronomer/astro-runtime:8.10.0\n',
        '9.3.0',
        catalog,
        { force: true },
      ).text,
    ).toContain(':9.3.0');
    expect(
      upgradeDockerfile(
        'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        '12.44.0',
        catalog,
        { force: true },
      ).text,
    ).toContain(':12.44.0');
    const pre = parseReleaseFeed({
      runtimeVersionsV3: {
        '3.1-12': {},
        '3.2-1-rc1': { metadata: { channel: 'beta' } },
      },
    });
    const text = 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n';
    expect(() => upgradeDockerfile(text, '3.2-1-rc1', pre)).toThrow(
      expect.objectContaining({ code: 'PRERELEASE_TARGET' }),
    );
    expect(
      upgradeDockerfile(text, '3.2-1-rc1', pre, { force: true }).text,
    ).toBe('FROM astrocrpublic.azurecr.io/runtime:3.2-1-rc1\n');
  });
});

describe('upgradeTargets', () => {
  const now = new Date('2025-06-01T00:00:00Z');
  it('lists newer versions, newest first, marks the recommended one', () => {
    const list = upgradeTargets(catalog, '12.9.0', { now });
    expect(list[0].version).toBe('3.3-2');
    expect(list.map(t => t.version)).toContain('13.1.0');
    expect(list.map(t => t.version)).not.toContain('12.9.0');
    expect(list.filter(t => t.recommended).map(t => t.version)).toEqual([
      '13.1.0',
    ]);
    expect(list.every(t => !t.blockedReason)).toBe(true);
  });
  it('marks Airflow 3 targets blocked from below 12', () => {
    const list = upgradeTargets(catalog, '11.8.0');
    expect(list.find(t => t.version === '3.1-12')!.blockedReason).toMatch(
      /12\.0\.0/,
    );
    expect(
      list.find(t => t.version === '12.0.0')!.blockedReason,
    ).toBeUndefined();
  });
  it('a floating tag lists only what it can stand for and newer', () => {
    const list = upgradeTargets(catalog, '3.1').map(t => t.version);
    expect(list).toContain('3.1-3');
    expect(list).toContain('3.3-2');
    expect(list).not.toContain('3.0-10');
    expect(list).not.toContain('13.1.0');
    expect(upgradeTargets(catalog, 'latest').length).toBeGreaterThan(100);
  });

  it('hides yanked unless asked', () => {
    expect(upgradeTargets(catalog, '8.10.0').map(t => t.version)).not.toContain(
      '9.3.0',
    );
    expect(
      upgradeTargets(catalog, '8.10.0', { includeYanked: true }).find(
        t => t.version === '9.3.0',
      )!.yanked,
    ).toBe(true);
  });
  it('recommends the Airflow 3 line from the top of Airflow 2, and everything for an unknown current', () => {
    expect(
      upgradeTargets(catalog, '13.1.0', { now })
        .filter(t => t.recommended)
        .map(t => t.version),
    ).toEqual(['3.3-2']);
    expect(upgradeTargets(catalog, undefined).length).toBe(
      catalog.releases.filter(r => !r.yanked).length,
    );
    expect(upgradeTargets(catalog, '3.3-2')).toEqual([]);
  });
  it('recommends what assess recommends at `now`, and labels support truthfully', () => {
    const dec = new Date('2026-12-02T00:00:00Z');
    const list = upgradeTargets(catalog, '12.4.0', { now: dec });
    expect(list.filter(t => t.recommended).map(t => t.version)).toEqual([
      assess({
        project: {
          dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
        },
        catalog,
        now: dec,
      }).recommendedTarget,
    ]);
    expect(list.find(t => t.recommended)!.version).toBe('3.3-2');
    const t13 = list.find(t => t.version === '13.1.0')!;
    expect(t13.lifecycle.state).toBe('basic-support');
    expect(t13.support).toBe(
      'maintenance ended 2026-11-30, basic support until 2027-11-30',
    );
    expect(list.find(t => t.version === '3.3-2')!.support).toBe(
      'maintained at least until 2027-04-30 (policy)',
    );
    expect(
      upgradeTargets(catalog, '12.4.0', { now })
        .filter(t => t.recommended)
        .map(t => t.version),
    ).toEqual(['13.1.0']);
    expect(
      upgradeTargets(catalog, '12.4.0', { now }).find(
        t => t.version === '13.1.0',
      )!.support,
    ).toBe('maintained until 2026-11-30');
  });
});
