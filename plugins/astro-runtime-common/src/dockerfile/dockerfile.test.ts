import { DockerfileParser } from 'dockerfile-ast';
import { listDockerfileStages, parseDockerfile } from '.';
import { AstroRuntimeError } from '../errors';
import type { DockerfileBase, TextSpan } from '../types';

const D = 'a'.repeat(64);

/** The text a span covers. */
function at(text: string, span: TextSpan | undefined): string | undefined {
  return span ? text.slice(span.start, span.end) : undefined;
}

function astro(text: string): DockerfileBase & { kind: 'astro' } {
  const b = parseDockerfile(text);
  if (b.kind !== 'astro')
    throw new Error(`expected astro, got ${b.kind} (${b.image.raw})`);
  return b;
}

interface ShapeCase {
  name: string;
  text: string;
  image: string;
  version: string;
  line: 'airflow2' | 'airflow3' | 'certified';
  /** Expected text of tagSpan (the versionSpan text is `version`), FROM line number and the ARG name. */
  tag: string;
  fromLine: number;
  arg?: string;
  stage?: string;
  stages?: number;
  python?: string;
  variants?: string[];
  floating?: boolean;
  prerelease?: boolean;
}

/*
 * Every Dockerfile shape an Astro project uses: plain and flagged FROMs, ARG
 * and ${VAR:-default} / ${VAR:+word} tags, stage aliases, parser directives,
 * comments, continuations, CRLF, BOM, heredocs, variant and line tags, the
 * Certified images and digests.
 */
const shapes: ShapeCase[] = [
  {
    name: 'plain',
    text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 1,
  },
  {
    name: 'platform flag',
    text: 'FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:8.6.0\n',
    image: 'quay.io/astronomer/astro-runtime:8.6.0',
    version: '8.6.0',
    line: 'airflow2',
    tag: '8.6.0',
    fromLine: 1,
  },
  {
    name: 'quoted platform flag with a variable and other flags',
    text: 'FROM --platform="$BUILDPLATFORM" --link quay.io/astronomer/astro-runtime:8.6.0\n',
    image: 'quay.io/astronomer/astro-runtime:8.6.0',
    version: '8.6.0',
    line: 'airflow2',
    tag: '8.6.0',
    fromLine: 1,
  },
  {
    name: 'ARG default with ${VAR}',
    text: 'ARG ASTRO_RUNTIME_VERSION=12.1.0\nFROM quay.io/astronomer/astro-runtime:${ASTRO_RUNTIME_VERSION}\n',
    image: 'quay.io/astronomer/astro-runtime:12.1.0',
    version: '12.1.0',
    line: 'airflow2',
    tag: '12.1.0',
    fromLine: 2,
    arg: 'ASTRO_RUNTIME_VERSION',
  },
  {
    name: 'ARG default with $VAR',
    text: 'ARG V=12.1.0\nFROM quay.io/astronomer/astro-runtime:$V\n',
    image: 'quay.io/astronomer/astro-runtime:12.1.0',
    version: '12.1.0',
    line: 'airflow2',
    tag: '12.1.0',
    fromLine: 2,
    arg: 'V',
  },
  {
    name: '${VAR:-default} with the ARG unset: the default in the FROM line is used',
    text: 'ARG V\nFROM quay.io/astronomer/astro-runtime:${V:-11.3.0}\n',
    image: 'quay.io/astronomer/astro-runtime:11.3.0',
    version: '11.3.0',
    line: 'airflow2',
    tag: '11.3.0',
    fromLine: 2,
  },
  {
    name: '${VAR:-default} with the ARG set: the ARG wins',
    text: 'ARG V=12.2.0\nFROM quay.io/astronomer/astro-runtime:${V:-11.3.0}\n',
    image: 'quay.io/astronomer/astro-runtime:12.2.0',
    version: '12.2.0',
    line: 'airflow2',
    tag: '12.2.0',
    fromLine: 2,
    arg: 'V',
  },
  {
    name: '${VAR:+word} with the ARG set gives the word',
    text: 'ARG SLIM=yes\nFROM quay.io/astronomer/astro-runtime:12.4.0${SLIM:+-slim}\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0-slim',
    version: '12.4.0',
    line: 'airflow2',
    // '-slim' comes from the ${SLIM:+...} word, not contiguous with the
    // version in the text: the tag span falls back to the version span.
    tag: '12.4.0',
    fromLine: 2,
    variants: ['slim'],
  },
  {
    name: '${VAR:+word} with the ARG empty gives nothing',
    text: 'ARG SLIM=\nFROM quay.io/astronomer/astro-runtime:12.4.0${SLIM:+-slim}\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 2,
    variants: [],
  },
  {
    name: 'the whole image from an ARG, built from other ARGs',
    text: 'ARG REPO=quay.io/astronomer/astro-runtime\nARG VERSION="12.6.0"\nARG IMAGE=${REPO}:${VERSION}\nFROM ${IMAGE}\n',
    image: 'quay.io/astronomer/astro-runtime:12.6.0',
    version: '12.6.0',
    line: 'airflow2',
    tag: '12.6.0',
    fromLine: 4,
    arg: 'VERSION',
  },
  {
    name: 'multi-stage followed through aliases (AS in any case)',
    text: 'FROM quay.io/astronomer/astro-runtime:5.0.6-base AS stage1\nRUN echo 1\nFROM stage1 as stage2\nRUN echo 2\nFROM STAGE2 As Final\n',
    image: 'quay.io/astronomer/astro-runtime:5.0.6-base',
    version: '5.0.6',
    line: 'airflow2',
    tag: '5.0.6-base',
    fromLine: 1,
    stage: 'final',
    stages: 3,
    variants: ['base'],
  },
  {
    name: 'BuildKit syntax directive first line',
    text: '# syntax=quay.io/astronomer/airflow-extensions:latest\nFROM quay.io/astronomer/astro-runtime:10.2.0\n',
    image: 'quay.io/astronomer/astro-runtime:10.2.0',
    version: '10.2.0',
    line: 'airflow2',
    tag: '10.2.0',
    fromLine: 2,
  },
  {
    name: 'commented-out alternative',
    text: '# FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:8.6.0\nFROM quay.io/astronomer/astro-runtime:9.1.0\n  # FROM quay.io/astronomer/astro-runtime:1.0.0\n',
    image: 'quay.io/astronomer/astro-runtime:9.1.0',
    version: '9.1.0',
    line: 'airflow2',
    tag: '9.1.0',
    fromLine: 2,
  },
  {
    name: 'line continuation, lowercase from',
    text: 'from \\\n  quay.io/astronomer/astro-runtime:11.2.0 \\\n  AS base\n',
    image: 'quay.io/astronomer/astro-runtime:11.2.0',
    version: '11.2.0',
    line: 'airflow2',
    tag: '11.2.0',
    fromLine: 1,
    stage: 'base',
  },
  {
    name: 'continuation with comment and empty lines inside',
    text: 'FROM \\\n# a comment inside\n\n    quay.io/astronomer/astro-runtime:11.2.0\n',
    image: 'quay.io/astronomer/astro-runtime:11.2.0',
    version: '11.2.0',
    line: 'airflow2',
    tag: '11.2.0',
    fromLine: 1,
  },
  {
    name: 'CRLF line endings',
    text: 'ARG V=12.1.0\r\nFROM quay.io/astronomer/astro-runtime:${V}\r\nRUN echo hi\r\n',
    image: 'quay.io/astronomer/astro-runtime:12.1.0',
    version: '12.1.0',
    line: 'airflow2',
    tag: '12.1.0',
    fromLine: 2,
    arg: 'V',
  },
  {
    name: 'UTF-8 BOM',
    text: '\ufeffFROM quay.io/astronomer/astro-runtime:12.4.0\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 1,
  },
  {
    name: 'BOM + directive + CRLF',
    text: '\ufeff# syntax=docker/dockerfile:1\r\nFROM quay.io/astronomer/astro-runtime:12.4.0\r\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 2,
  },
  {
    name: 'escape directive with backtick continuation',
    text: '# escape=`\nFROM `\n  quay.io/astronomer/astro-runtime:12.4.0 `\n  AS app\nRUN echo `\n  FROM python:3.11\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 2,
    stage: 'app',
  },
  {
    name: 'heredoc bodies are skipped (a FROM inside one is not an instruction)',
    text: 'FROM quay.io/astronomer/astro-runtime:12.4.0\nRUN <<EOF\nFROM python:3.11\nEOF\nCOPY <<-"END" /x\n\tFROM python:3.12\n\tEND\nRUN cat <<A <<B\nFROM a\nA\nFROM b\nB\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 1,
    stages: 1,
  },
  {
    name: 'python, slim and base variants',
    text: 'FROM quay.io/astronomer/astro-runtime:11.0.0-python-3.11-slim-base\n',
    image: 'quay.io/astronomer/astro-runtime:11.0.0-python-3.11-slim-base',
    version: '11.0.0',
    line: 'airflow2',
    tag: '11.0.0-python-3.11-slim-base',
    fromLine: 1,
    python: '3.11',
    variants: ['slim', 'base'],
  },
  {
    name: 'ubi9 variant before python',
    text: 'FROM quay.io/astronomer/astro-runtime:11.20.0-ubi9-python-3.11-slim\n',
    image: 'quay.io/astronomer/astro-runtime:11.20.0-ubi9-python-3.11-slim',
    version: '11.20.0',
    line: 'airflow2',
    tag: '11.20.0-ubi9-python-3.11-slim',
    fromLine: 1,
    python: '3.11',
    variants: ['ubi9', 'slim'],
  },
  {
    name: 'digest',
    text: `FROM quay.io/astronomer/astro-runtime:12.4.0@sha256:${D}\n`,
    image: `quay.io/astronomer/astro-runtime:12.4.0@sha256:${D}`,
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 1,
  },
  {
    name: 'Airflow 3 line on the new registry',
    text: 'FROM astrocrpublic.azurecr.io/runtime:3.1-12\n',
    image: 'astrocrpublic.azurecr.io/runtime:3.1-12',
    version: '3.1-12',
    line: 'airflow3',
    tag: '3.1-12',
    fromLine: 1,
  },
  {
    name: 'Airflow 3 line on quay',
    text: 'FROM quay.io/astronomer/astro-runtime:3.0-7\n',
    image: 'quay.io/astronomer/astro-runtime:3.0-7',
    version: '3.0-7',
    line: 'airflow3',
    tag: '3.0-7',
    fromLine: 1,
  },
  {
    name: 'floating Airflow 3 tag',
    text: 'FROM astrocrpublic.azurecr.io/runtime:3.1\n',
    image: 'astrocrpublic.azurecr.io/runtime:3.1',
    version: '3.1',
    line: 'airflow3',
    tag: '3.1',
    fromLine: 1,
    floating: true,
  },
  {
    name: 'pre-release',
    text: 'FROM astrocrpublic.azurecr.io/runtime:3.0-1-nightly20250220\n',
    image: 'astrocrpublic.azurecr.io/runtime:3.0-1-nightly20250220',
    version: '3.0-1-nightly20250220',
    line: 'airflow3',
    tag: '3.0-1-nightly20250220',
    fromLine: 1,
    prerelease: true,
  },
  {
    name: 'the 2021 Runtime 3.x.y is the Airflow 2 line',
    text: 'FROM quay.io/astronomer/astro-runtime:3.0.4\n',
    image: 'quay.io/astronomer/astro-runtime:3.0.4',
    version: '3.0.4',
    line: 'airflow2',
    tag: '3.0.4',
    fromLine: 1,
  },
  {
    name: 'Astronomer Certified on quay',
    text: 'FROM quay.io/astronomer/ap-airflow:2.3.0-5-onbuild\n',
    image: 'quay.io/astronomer/ap-airflow:2.3.0-5-onbuild',
    version: '2.3.0-5',
    line: 'certified',
    tag: '2.3.0-5-onbuild',
    fromLine: 1,
    variants: ['onbuild'],
  },
  {
    name: 'Astronomer Certified on Docker Hub',
    text: 'FROM astronomerinc/ap-airflow:1.10.12-1-buster-onbuild\n',
    image: 'astronomerinc/ap-airflow:1.10.12-1-buster-onbuild',
    version: '1.10.12-1',
    line: 'certified',
    tag: '1.10.12-1-buster-onbuild',
    fromLine: 1,
    variants: ['buster', 'onbuild'],
  },
  {
    name: 'tab separators and trailing spaces',
    text: 'FROM\tquay.io/astronomer/astro-runtime:12.4.0\t  \n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 1,
  },
  {
    name: 'ARG after the first FROM does not reach later FROMs; global one does',
    text: 'ARG V=12.4.0\nFROM quay.io/astronomer/astro-runtime:${V} AS a\nARG V=1.0.0\nFROM quay.io/astronomer/astro-runtime:${V}\n',
    image: 'quay.io/astronomer/astro-runtime:12.4.0',
    version: '12.4.0',
    line: 'airflow2',
    tag: '12.4.0',
    fromLine: 4,
    arg: 'V',
    stages: 2,
  },
];

describe('parseDockerfile: shapes', () => {
  it.each(shapes)('$name', c => {
    const b = astro(c.text);
    expect(b.image.raw).toBe(c.image);
    expect(b.runtime.version).toBe(c.version);
    expect(b.runtime.line).toBe(c.line);
    expect(b.from.line).toBe(c.fromLine);
    expect(at(c.text, b.tagSpan)).toBe(c.tag);
    expect(at(c.text, b.versionSpan)).toBe(c.version);
    expect(b.arg?.name).toBe(c.arg);
    // The ARG span starts at the ARG keyword.
    expect(b.arg && c.text.slice(b.arg.start, b.arg.start + 4)).toBe(
      c.arg === undefined ? undefined : 'ARG ',
    );
    expect(b.stage).toBe(c.stage);
    expect(b.stages).toBe(c.stages ?? 1);
    expect(b.runtime.python).toBe(c.python);
    expect(b.runtime.variants).toEqual(c.variants ?? []);
    expect(b.runtime.floating).toBe(c.floating ?? false);
    expect(b.runtime.prerelease).toBe(c.prerelease ?? false);
    // The FROM span starts at the FROM keyword.
    expect(c.text.slice(b.from.start, b.from.start + 4).toLowerCase()).toBe(
      'from',
    );
  });

  it('digest span covers exactly @sha256:...', () => {
    const text = `FROM quay.io/astronomer/astro-runtime:12.4.0@sha256:${D} AS x\n`;
    const b = astro(text);
    expect(at(text, b.digestSpan)).toBe(`@sha256:${D}`);
    expect(b.image.digest).toBe(`sha256:${D}`);
    expect(at(text, b.nameSpan)).toBe('quay.io/astronomer/astro-runtime');
  });

  it('span line numbers are 1-based lines of the given text', () => {
    const text =
      '\ufeff# syntax=x\r\n\r\nARG A=1\r\nARG V=12.4.0\r\n\r\nFROM \\\r\n quay.io/astronomer/astro-runtime:${V}\r\n';
    const b = astro(text);
    expect(b.arg).toMatchObject({ name: 'V', line: 4 });
    expect(b.tagSpan.line).toBe(4);
    expect(b.from.line).toBe(6);
    expect(b.nameSpan!.line).toBe(7);
  });

  it('no tag: an empty version span where the tag goes, latest/floating', () => {
    const text = 'FROM quay.io/astronomer/astro-runtime AS x\n';
    const b = astro(text);
    expect(b.runtime).toMatchObject({
      unrecognized: true,
      floating: true,
      version: 'latest',
    });
    expect(b.versionSpan!.start).toBe(b.versionSpan!.end);
    expect(text.slice(0, b.versionSpan!.start)).toBe(
      'FROM quay.io/astronomer/astro-runtime',
    );
  });

  it('quotes in the FROM word are removed like the shell does', () => {
    const text = 'FROM "quay.io/astronomer/astro-runtime:12.4.0"\n';
    const b = astro(text);
    expect(b.image.raw).toBe('quay.io/astronomer/astro-runtime:12.4.0');
    expect(at(text, b.versionSpan)).toBe('12.4.0');
  });

  it('a version assembled from two ARGs has no version span', () => {
    const b = astro(
      'ARG MAJ=12\nARG REST=.4.0\nFROM quay.io/astronomer/astro-runtime:${MAJ}${REST}\n',
    );
    expect(b.runtime.version).toBe('12.4.0');
    expect(b.versionSpan).toBeUndefined();
  });

  it('a mirror of astro-runtime is recognised', () => {
    const b = astro(
      'FROM artifactory.example.com:8443/quay-remote/astronomer/astro-runtime:12.4.0\n',
    );
    expect(b.image.registry).toBe('artifactory.example.com:8443');
    expect(b.runtime.version).toBe('12.4.0');
  });

  it('with escape=` a backslash does not continue a line', () => {
    const text = 'RUN echo \\\nFROM python:3.11\n';
    expect(() =>
      parseDockerfile(`FROM quay.io/astronomer/astro-runtime:12.4.0\n${text}`),
    ).not.toThrow();
    expect(
      parseDockerfile(`FROM quay.io/astronomer/astro-runtime:12.4.0\n${text}`)
        .kind,
    ).toBe('astro');
    expect(
      parseDockerfile(
        `# escape=\`\nFROM quay.io/astronomer/astro-runtime:12.4.0\n${text}`,
      ).kind,
    ).toBe('not-astro');
  });

  it('later duplicate escape directives and unknown directives stop directive parsing', () => {
    // The escape directive after an unknown directive is a comment: the backslash stays the escape.
    const b = astro(
      '# foo=bar\n# escape=`\nFROM \\\n quay.io/astronomer/astro-runtime:12.4.0\n',
    );
    expect(b.runtime.version).toBe('12.4.0');
  });
});

describe('parseDockerfile: not Astro', () => {
  it.each([
    ['FROM python:3.11-slim\n', 'python:3.11-slim'],
    ['FROM scratch\n', 'scratch'],
    [
      'FROM quay.io/astronomer/astro-runtime:12.4.0 AS build\nFROM python:3.11\nCOPY --from=build / /\n',
      'python:3.11',
    ],
    [
      'FROM myregistry.example.com/runtime:3.1-12\n',
      'myregistry.example.com/runtime:3.1-12',
    ],
  ])('%j', (text, image) => {
    const b = parseDockerfile(text);
    expect(b.kind).toBe('not-astro');
    expect(b.image.raw).toBe(image);
  });
});

describe('parseDockerfile: errors', () => {
  const cases: Array<[string, string | unknown, string]> = [
    // [code, input, expected message part]
    [
      'NO_FROM',
      'RUN echo hi\n# FROM quay.io/astronomer/astro-runtime:12.4.0\n',
      'no FROM',
    ],
    ['NO_FROM', '', 'no FROM'],
    [
      'NO_FROM',
      'RUN <<EOF\nFROM quay.io/astronomer/astro-runtime:12.4.0\nEOF\n',
      'no FROM',
    ],
    ['UNRESOLVED_ARG', 'FROM quay.io/astronomer/astro-runtime:${V}\n', '$V'],
    [
      'UNRESOLVED_ARG',
      'ARG V\nFROM quay.io/astronomer/astro-runtime:$V\n',
      '$V',
    ],
    [
      'UNRESOLVED_ARG',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\nARG V=1\nFROM quay.io/astronomer/astro-runtime:${V}\n',
      '$V',
    ],
    [
      'UNRESOLVED_ARG',
      'FROM --platform=$BUILDPLATFORM quay.io/astronomer/astro-runtime:$TARGETARCH\n',
      'builder',
    ],
    [
      'UNRESOLVED_ARG',
      'ARG V\nFROM quay.io/astronomer/astro-runtime:${V:?must-be-set}\n',
      'must-be-set',
    ],
    [
      'UNRESOLVED_ARG',
      'ARG V=x12.4.0\nFROM quay.io/astronomer/astro-runtime:${V#x}\n',
      'cannot evaluate',
    ],
    [
      'BINARY_INPUT',
      'FROM quay.io/astronomer/astro-runtime:12.4.0\n\u0000\u0001',
      'NUL',
    ],
    [
      'TOO_LARGE',
      `FROM quay.io/astronomer/astro-runtime:12.4.0\n${'#'.repeat(
        1024 * 1024,
      )}`,
      'larger',
    ],
    [
      'TOO_LARGE',
      `FROM quay.io/astronomer/astro-runtime:12.4.0\n#${'é'.repeat(
        600 * 1024,
      )}`,
      'larger',
    ],
    [
      'INVALID_REFERENCE',
      'FROM Quay.io/Astronomer/Astro-Runtime:12.4.0\n',
      'lowercase',
    ],
    ['INVALID_DOCKERFILE', 'FROM\n', 'without an image'],
    ['INVALID_DOCKERFILE', 'FROM a b\n', 'one or three'],
    ['INVALID_DOCKERFILE', '# escape=x\nFROM a\n', 'escape'],
    [
      'INVALID_DOCKERFILE',
      'FROM "quay.io/astronomer/astro-runtime:12.4.0\n',
      'double-quote',
    ],
    ['INVALID_INPUT', 42, 'string'],
    ['INVALID_INPUT', undefined, 'string'],
  ];
  it.each(
    cases.map(([code, text, message]) => ({
      code,
      text,
      message,
      label:
        typeof text === 'string'
          ? JSON.stringify(text.slice(0, 70))
          : String(text),
    })),
  )('$code: $label', ({ code, text, message }) => {
    let err: unknown;
    try {
      parseDockerfile(text as string);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AstroRuntimeError);
    expect((err as AstroRuntimeError).code).toBe(code);
    expect((err as AstroRuntimeError).message).toContain(message);
  });

  it('accepts exactly 1 MiB', () => {
    const head = 'FROM quay.io/astronomer/astro-runtime:12.4.0\n#';
    const text = head + 'x'.repeat(1024 * 1024 - head.length);
    expect(parseDockerfile(text).kind).toBe('astro');
  });
});

/*
 * Differential test against dockerfile-ast (the parser of the VS Code Docker
 * tooling): over the table cases, both must agree on the number of FROMs and
 * on each FROM's (unexpanded) image word and stage name. dockerfile-ast does
 * not expand ARGs or follow stages, so only those raw facts are compared.
 */
describe('differential: dockerfile-ast agrees on the FROM instructions', () => {
  const texts = shapes
    .filter(s => !s.text.startsWith('# escape=`')) // dockerfile-ast reads the directive too, but keep the comparison plain
    .map(s => [s.name, s.text] as const);
  it.each(texts)('%s', (_name, text) => {
    const ours = fromsOf(text);
    const theirs = DockerfileParser.parse(text.replace(/^\ufeff/, ''))
      .getFROMs()
      .map(f => ({
        image: f.getImage()?.replace(/^"|"$/g, '') ?? '',
        stage: f.getBuildStage()?.toLowerCase(),
      }));
    expect(ours).toEqual(theirs);
  });
});

/** Our view of every FROM: the raw image word (quotes dropped) and stage. */
function fromsOf(text: string): Array<{ image: string; stage?: string }> {
  return listDockerfileStages(text).map(f => ({
    image: f.image.replace(/^"|"$/g, ''),
    stage: f.stage,
  }));
}
