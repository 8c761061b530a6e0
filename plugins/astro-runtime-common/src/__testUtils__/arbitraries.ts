/*
 * fast-check generators shared by the property tests and the fuzz run
 * (`yarn fuzz`, in packages/bench):
 * Astro project Dockerfiles in the shapes projects write them (the tag
 * literal or from an ARG in several forms, keyword case, FROM flags,
 * variants, digest, several stages, heredocs, CRLF, BOM, comments), with
 * everything optional combined at random, plus an upgrade target.
 */
import fc from 'fast-check';
import { getBundledCatalog } from '../catalog';
import { compareRuntimeVersions } from '../tag';

const catalog = getBundledCatalog();
const af2 = catalog.releases
  .filter(r => r.line === 'airflow2' && !r.yanked)
  .map(r => r.version);
const af3 = catalog.releases
  .filter(r => r.line === 'airflow3' && !r.yanked)
  .map(r => r.version);

export interface GeneratedDockerfile {
  text: string;
  version: string;
  target: string;
  line: 'airflow2' | 'airflow3';
  image: string;
  python?: string;
  variants: string[];
  digest: boolean;
  viaArg: boolean;
  stage?: string;
  stages: number;
}

const eolArb = fc.constantFrom('\n', '\r\n');
const commentArb = fc.constantFrom(
  '# FROM --platform=linux/amd64 quay.io/astronomer/astro-runtime:8.6.0',
  '# just a comment',
  '   # indented comment FROM python:3.11',
  '',
);
const filler = fc.constantFrom(
  'RUN pip install --no-cache-dir -r requirements.txt',
  'ENV AIRFLOW__CORE__TEST_CONNECTION=Enabled',
  'COPY --chown=astro:astro . .',
  'USER astro',
  'RUN echo "FROM python:3.11 <<EOF" > /tmp/x',
  'LABEL maintainer="data-team"',
);
const heredocArb = fc.constantFrom(
  ['RUN <<EOF', 'FROM python:3.11', 'echo hi', 'EOF'],
  ['COPY <<-"END" /etc/x', '\tFROM python:3.12', '\tEND'],
  ['RUN cat <<A <<B', 'FROM a:1', 'A', 'FROM b:2', 'B'],
);

/** A pair (current, target) with current < target, obeying the Airflow 3 rule. */
export const versionPairArb = fc
  .tuple(fc.constantFrom(...af2, ...af3), fc.constantFrom(...af2, ...af3))
  .filter(([a, b]) => {
    if (compareRuntimeVersions(a, b) >= 0) return false;
    if (af3.includes(b) && af2.includes(a))
      return compareRuntimeVersions(a, '12.0.0') >= 0;
    return true;
  });

export const dockerfileArb: fc.Arbitrary<GeneratedDockerfile> = fc
  .record({
    pair: versionPairArb,
    bom: fc.boolean(),
    eol: eolArb,
    backtick: fc.boolean(),
    syntax: fc.boolean(),
    leading: fc.array(commentArb, { maxLength: 3 }),
    extraArgs: fc.array(
      fc.constantFrom(
        'ARG FOO=bar',
        'ARG EMPTY=',
        'ARG NODEFAULT',
        'ARG A=1 B="two words"',
      ),
      { maxLength: 2 },
    ),
    tagForm: fc.constantFrom(
      'literal',
      'braces',
      'dollar',
      'default',
      'quotedArg',
      'wholeImage',
    ),
    keyword: fc.constantFrom('FROM', 'from', 'From'),
    flags: fc.constantFrom(
      '',
      '--platform=linux/amd64 ',
      '--platform=$BUILDPLATFORM ',
    ),
    registry: fc.constantFrom(
      'quay.io/astronomer/astro-runtime',
      'mirror.example.com:5000/quay/astronomer/astro-runtime',
    ),
    python: fc.option(fc.constantFrom('3.10', '3.11', '3.12'), {
      nil: undefined,
    }),
    variants: fc.subarray(['slim', 'base']),
    digest: fc.boolean(),
    stageName: fc.option(fc.constantFrom('base', 'Runtime', 'stage1'), {
      nil: undefined,
    }),
    asCase: fc.constantFrom('AS', 'as', 'As'),
    before: fc.array(
      fc.constantFrom(
        'FROM python:3.11-slim AS builder',
        'FROM alpine:3 AS tools',
      ),
      { maxLength: 2 },
    ),
    after: fc.boolean(),
    continuation: fc.constantFrom('none', 'afterKeyword', 'beforeAs'),
    body: fc.array(
      fc.oneof(
        filler.map(l => [l]),
        heredocArb,
      ),
      { maxLength: 4 },
    ),
    trailing: fc.array(commentArb, { maxLength: 2 }),
    finalEol: fc.boolean(),
  })
  .map(g => {
    const [version, target] = g.pair;
    const line = af3.includes(version) ? 'airflow3' : 'airflow2';
    const image =
      line === 'airflow3' && g.registry.startsWith('quay.io')
        ? 'astrocrpublic.azurecr.io/runtime'
        : g.registry;
    const esc = g.backtick ? '`' : '\\';
    const lines: string[] = [];
    if (g.syntax)
      lines.push('# syntax=quay.io/astronomer/airflow-extensions:latest');
    if (g.backtick) lines.push('# escape=`');
    lines.push(...g.leading);
    lines.push(...g.extraArgs);
    const suffix = `${g.python ? `-python-${g.python}` : ''}${g.variants
      .map(v => `-${v}`)
      .join('')}`;
    const digest = g.digest ? `@sha256:${'0123456789abcdef'.repeat(4)}` : '';
    let ref: string;
    let viaArg = true;
    switch (g.tagForm) {
      case 'braces':
        lines.push(`ARG ASTRO_RUNTIME_VERSION=${version}`);
        ref = `${image}:\${ASTRO_RUNTIME_VERSION}${suffix}${digest}`;
        break;
      case 'dollar':
        lines.push(`ARG V=${version}`);
        ref = suffix
          ? `${image}:\${V}${suffix}${digest}`
          : `${image}:$V${digest}`;
        break;
      case 'default':
        lines.push('ARG V');
        ref = `${image}:\${V:-${version}}${suffix}${digest}`;
        viaArg = false;
        break;
      case 'quotedArg':
        lines.push(`ARG V="${version}"`);
        ref = `${image}:\${V}${suffix}${digest}`;
        break;
      case 'wholeImage':
        lines.push(`ARG IMAGE=${image}:${version}${suffix}${digest}`);
        ref = '${IMAGE}';
        break;
      default:
        ref = `${image}:${version}${suffix}${digest}`;
        viaArg = false;
    }
    for (const b of g.before) lines.push(b, 'RUN echo building');
    const as = g.stageName ? ` ${g.asCase} ${g.stageName}` : '';
    if (g.continuation === 'afterKeyword') {
      lines.push(`${g.keyword} ${esc}`, `  ${g.flags}${ref}${as}`);
    } else if (g.continuation === 'beforeAs' && as) {
      lines.push(
        `${g.keyword} ${g.flags}${ref} ${esc}`,
        `  # comment inside`,
        `  ${as.trim()}`,
      );
    } else {
      lines.push(`${g.keyword} ${g.flags}${ref}${as}`);
    }
    for (const b of g.body) lines.push(...b);
    let stages = 1 + g.before.length;
    if (g.after && g.stageName) {
      lines.push(`FROM ${g.stageName.toUpperCase()}`);
      stages++;
    }
    lines.push(...g.trailing);
    let text = lines.join(g.eol);
    if (g.finalEol) text += g.eol;
    if (g.bom) text = `\ufeff${text}`;
    const out: GeneratedDockerfile = {
      text,
      version,
      target,
      line,
      image,
      variants: g.variants,
      digest: g.digest,
      viaArg,
      stages,
      stage: g.after && g.stageName ? undefined : g.stageName?.toLowerCase(),
    };
    if (g.python) out.python = g.python;
    return out;
  });

/** Arbitrary text biased towards Dockerfile syntax, for the no-throw properties. */
export const dockerfileishArb: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 100 }),
  fc
    .array(
      fc.constantFrom(
        'FROM ',
        'from ',
        'ARG ',
        'RUN ',
        'AS ',
        ' as ',
        '\\\n',
        '`\n',
        '\n',
        '\r\n',
        '# escape=`\n',
        '# syntax=x\n',
        '<<EOF\n',
        'EOF\n',
        '<<-X\n',
        '\tX\n',
        '$',
        '${',
        '}',
        ':-',
        ':+',
        ':?',
        '#',
        '%',
        '/',
        '"',
        "'",
        '=',
        '@',
        'sha256:',
        ':',
        'quay.io/astronomer/astro-runtime',
        'astrocrpublic.azurecr.io/runtime',
        'python',
        '12.4.0',
        '3.1-12',
        '3.1',
        '-python-3.11',
        '-slim',
        'V',
        'ASTRO_RUNTIME_VERSION',
        ' ',
        '\t',
        '\ufeff',
        '\u0000',
        'é',
        '𝒳',
        '--platform=linux/amd64 ',
        'latest',
        'scratch',
      ),
      { maxLength: 40 },
    )
    .map(parts => parts.join('')),
  dockerfileArb.map(d => d.text),
  fc
    .tuple(
      dockerfileArb,
      fc.nat(),
      fc.nat({ max: 5 }),
      fc.string({ maxLength: 4 }),
    )
    .map(([d, at, del, ins]) => {
      const i = at % (d.text.length + 1);
      return d.text.slice(0, i) + ins + d.text.slice(i + del);
    }),
);
