/*
 * `astro-runtime-check`: the command-line face of this package. This entry
 * point (not the main one) does file and network I/O.
 */
import {
  AstroRuntimeError,
  DeploymentInfo,
  ReleaseCatalog,
  RuntimeStatus,
  assess,
  describeState,
  getBundledCatalog,
  isAstroRuntimeError,
  parseDockerfile,
  parseReleaseFeed,
  providerDiff,
  providerPins,
  upgradeDockerfile,
} from '../index';
import {
  CODE_USAGE,
  CodeCliIo,
  codeFailsCheck,
  fixProjectDir,
  nodeCodeIo,
  renderCodeOutcome,
  renderFixOutcome,
  scanProjectDir,
} from './code';
import { renderSummary } from './render';

export type {
  Consideration,
  DeploymentInfo,
  DeploymentRelation,
  Finding,
  FindingId,
  ImageReference,
  Lifecycle,
  LifecycleState,
  OverallState,
  ReleaseCatalogSource,
  ReleaseChannel,
  RuntimeLine,
  RuntimeRelease,
  RuntimeStatus,
  RuntimeTag,
  Severity,
  UpdateKind,
} from '../index';

/**
 * What the CLI touches outside itself (injectable for tests).
 *
 * @public
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  writeFile(path: string, text: string): Promise<void>;
  isDirectory(path: string): Promise<boolean>;
  fetchText(url: string): Promise<string>;
  joinPath(dir: string, name: string): string;
  /** The code scan's I/O; without it the code is not scanned. */
  code?: CodeCliIo;
}

/** @public */
export const USAGE = `Usage: astro-runtime-check <Dockerfile | project dir> [options]

Checks the Astro Runtime an Astro project's Dockerfile is based on.

Options:
  --json                  print one JSON object {image, runtime, status}
  --deployed VERSION      the Runtime a Deployment runs (repeatable)
  --releases FILE|URL     release feed JSON (default: the bundled snapshot)
  --fail-on LEVEL         exit 1 when behind: patch | minor | major | unsupported,
                          or when the code has Airflow 3 blockers: airflow3-blockers
  --upgrade-to VERSION    print the Dockerfile upgraded to VERSION
  --write                 with --upgrade-to: rewrite the file instead
  --force                 with --upgrade-to: allow yanked / pre-release / unknown targets
  --now DATE              assess as of DATE (ISO), default now
${CODE_USAGE}
  -h, --help              this help

Exit codes: 0 fine, 1 check failed (--fail-on), 2 usage or input error.`;

class UsageError extends Error {}

/**
 * The `--fail-on` levels.
 *
 * @public
 */
export const FAIL_LEVELS = [
  'patch',
  'minor',
  'major',
  'unsupported',
  'airflow3-blockers',
] as const;
/**
 * A `--fail-on` level.
 *
 * @public
 */
export type FailLevel = (typeof FAIL_LEVELS)[number];

/**
 * The parsed command-line options.
 *
 * @public
 */
export interface Options {
  path?: string;
  json: boolean;
  deployed: string[];
  releases?: string;
  failOn?: FailLevel;
  upgradeTo?: string;
  write: boolean;
  force: boolean;
  now?: Date;
  help: boolean;
  /** Scan the project's Python code (default on; `--no-code`). */
  code?: boolean;
  /** With `--upgrade-to`: apply ruff's safe fixes (`--fix-code`). */
  fixCode?: boolean;
}

/** @public */
export function parseArgs(argv: string[]): Options {
  const o: Options = {
    json: false,
    deployed: [],
    write: false,
    force: false,
    help: false,
  };
  const takesValue = new Set([
    '--deployed',
    '--releases',
    '--fail-on',
    '--upgrade-to',
    '--now',
  ]);
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value: string | undefined;
    if (arg.startsWith('--') && arg.includes('=')) {
      value = arg.slice(arg.indexOf('=') + 1);
      arg = arg.slice(0, arg.indexOf('='));
    }
    if (takesValue.has(arg) && value === undefined) {
      if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
      value = argv[++i];
    }
    switch (arg) {
      case '--json':
        o.json = true;
        break;
      case '--write':
        o.write = true;
        break;
      case '--force':
        o.force = true;
        break;
      case '--no-code':
        o.code = false;
        break;
      case '--fix-code':
        o.fixCode = true;
        break;
      case '-h':
      case '--help':
        o.help = true;
        break;
      case '--deployed':
        o.deployed.push(value!);
        break;
      case '--releases':
        o.releases = value;
        break;
      case '--fail-on':
        if (!(FAIL_LEVELS as readonly string[]).includes(value!)) {
          throw new UsageError(
            `--fail-on must be one of ${FAIL_LEVELS.join(', ')}`,
          );
        }
        o.failOn = value as FailLevel;
        break;
      case '--upgrade-to':
        o.upgradeTo = value;
        break;
      case '--now': {
        const d = new Date(value!);
        if (Number.isNaN(d.getTime()))
          throw new UsageError(`--now: "${value}" is not a date`);
        o.now = d;
        break;
      }
      default:
        if (arg.startsWith('-') && arg !== '-')
          throw new UsageError(`unknown option ${arg}`);
        if (o.path !== undefined)
          throw new UsageError(`unexpected argument ${arg}`);
        o.path = arg;
    }
  }
  if (o.write && !o.upgradeTo)
    throw new UsageError('--write needs --upgrade-to');
  if (o.fixCode && !o.upgradeTo)
    throw new UsageError('--fix-code needs --upgrade-to');
  return o;
}

/**
 * Does the status fail the `--fail-on` level? Unsupported/yanked/blocked/unknown fail every level.
 *
 * @public
 */
export function failsCheck(status: RuntimeStatus, level: FailLevel): boolean {
  // The code scan decides this level (codeFailsCheck), not the Dockerfile.
  if (level === 'airflow3-blockers') return false;
  if (
    status.state === 'not-astro' ||
    status.state === 'certified' ||
    status.state === 'unknown-version' ||
    status.state === 'downgrade-blocked' ||
    status.yanked ||
    status.lifecycle.state === 'unsupported'
  ) {
    return true;
  }
  const rank: Record<string, number> = {
    none: 0,
    patch: 1,
    minor: 2,
    major: 3,
    'line-change': 3,
  };
  const need: Record<FailLevel, number> = {
    patch: 1,
    minor: 2,
    major: 3,
    unsupported: 99,
    'airflow3-blockers': 99,
  };
  return (rank[status.updateKind] ?? 0) >= need[level];
}

async function loadCatalog(
  io: CliIo,
  source: string | undefined,
): Promise<ReleaseCatalog> {
  if (!source) return getBundledCatalog();
  if (/^https?:\/\//i.test(source)) {
    const text = await io.fetchText(source);
    return parseReleaseFeed(text, {
      source: 'url',
      location: source,
      asOf: new Date().toISOString(),
    });
  }
  const text = await io.readFile(source);
  return parseReleaseFeed(text, { source: 'file', location: source });
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

/**
 * Runs the CLI; resolves to the exit code. Never throws.
 *
 * @public
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  let opts: Options;
  try {
    opts = parseArgs(argv);
  } catch (e) {
    io.stderr(
      `astro-runtime-check: ${oneLine((e as Error).message)} (see --help)\n`,
    );
    return 2;
  }
  if (opts.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  if (!opts.path) {
    io.stderr(
      'astro-runtime-check: missing <Dockerfile | project dir> (see --help)\n',
    );
    return 2;
  }
  try {
    let file = opts.path;
    const projectDir = (await io.isDirectory(file))
      ? file
      : io.joinPath(file, '..');
    if (projectDir === file) file = io.joinPath(file, 'Dockerfile');
    const text = await io.readFile(file);
    const catalog = await loadCatalog(io, opts.releases);

    if (opts.upgradeTo) {
      const result = upgradeDockerfile(text, opts.upgradeTo, catalog, {
        force: opts.force,
      });
      if (opts.write) {
        await io.writeFile(file, result.text);
      }
      const base = parseDockerfile(text);
      const variants = base.kind === 'astro' ? base.runtime.variants : [];
      const providers = providerDiff(result.from, result.to, variants);
      const plan = providerPins(result.from, result.to, variants);
      const pins = {
        source: plan.source,
        pinnable: plan.pinnable,
        lines: plan.lines,
        add: plan.add,
        ...(plan.note ? { note: plan.note } : {}),
      };
      const fixes =
        opts.fixCode && io.code
          ? await fixProjectDir(projectDir, io.code, { write: opts.write })
          : undefined;
      if (opts.json) {
        io.stdout(
          `${JSON.stringify({
            file,
            from: result.from,
            to: result.to,
            changed: result.changed,
            image: result.image,
            notes: result.notes,
            providers,
            pins,
            ...(opts.write ? {} : { text: result.text }),
            ...(fixes ? { codeFixes: fixes } : {}),
          })}\n`,
        );
      } else {
        if (opts.write)
          io.stdout(`Upgraded ${file}: ${result.from} -> ${result.to}\n`);
        else io.stdout(result.text);
        for (const n of result.notes) io.stderr(`note: ${oneLine(n)}\n`);
      }
      if (fixes && !opts.json) io.stderr(renderFixOutcome(fixes));
      return 0;
    }

    const deployments: DeploymentInfo[] = opts.deployed.map((v, i) => ({
      id: `deployed-${i + 1}`,
      name: `deployed-${i + 1}`,
      astroRuntimeVersion: v,
    }));
    const status = assess({
      project: { dockerfile: text, dockerfileUrl: file },
      deployments,
      catalog,
      now: opts.now ?? new Date(),
    });
    if (status.error) {
      throw new AstroRuntimeError(
        status.error.code as AstroRuntimeError['code'],
        status.error.message,
      );
    }
    const code =
      opts.code !== false && io.code
        ? await scanProjectDir(projectDir, io.code)
        : undefined;
    if (opts.json) {
      const img = status.image;
      const r = status.runtime;
      const doc = {
        file,
        image: img
          ? {
              registry: img.registry ?? null,
              repository: img.repository,
              tag: img.tag ?? null,
              digest: img.digest ?? null,
            }
          : null,
        runtime: r
          ? {
              version: r.version,
              line: r.line,
              prerelease: r.prerelease,
              floating: r.floating,
              python: r.python ?? null,
              variants: r.variants,
            }
          : null,
        status,
        ...(code ? { code: code.code } : {}),
      };
      io.stdout(`${JSON.stringify(doc)}\n`);
      if (code && !code.code) io.stderr(`astro-runtime-check: ${code.note}\n`);
    } else {
      io.stdout(renderSummary(file, status));
      if (code) io.stdout(renderCodeOutcome(code));
    }
    if (
      opts.failOn &&
      (opts.failOn === 'airflow3-blockers'
        ? codeFailsCheck(code)
        : failsCheck(status, opts.failOn))
    ) {
      if (!opts.json) {
        io.stderr(
          `astro-runtime-check: check failed (--fail-on ${opts.failOn}): ${
            describeState(status.state).label
          }\n`,
        );
      }
      return 1;
    }
    return 0;
  } catch (e) {
    const msg = isAstroRuntimeError(e)
      ? `${e.code}: ${e.message.replace(/\bpass force\b/, 'pass --force')}`
      : String((e as Error)?.message ?? e);
    io.stderr(`astro-runtime-check: ${oneLine(msg)}\n`);
    return 2;
  }
}

/**
 * The Node.js I/O of the real CLI.
 *
 * @public
 */
export function nodeIo(): CliIo {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    stdout: t => process.stdout.write(t),
    stderr: t => process.stderr.write(t),
    readFile: async p => {
      const stat = await fs.promises.stat(p).catch(() => undefined);
      if (!stat) throw new Error(`cannot read ${p}: no such file`);
      if (stat.size > 8 * 1024 * 1024)
        throw new AstroRuntimeError('TOO_LARGE', `${p} is larger than 8 MiB`);
      return fs.promises.readFile(p, 'utf8');
    },
    writeFile: async (p, t) => {
      const tmp = `${p}.${process.pid}.tmp`;
      await fs.promises.writeFile(tmp, t, 'utf8');
      await fs.promises.rename(tmp, p);
    },
    isDirectory: async p =>
      (await fs.promises.stat(p).catch(() => undefined))?.isDirectory() ??
      false,
    fetchText: async url => {
      const controller = new AbortController();
      const timer = setTimeout(() => controller.abort(), 15000);
      try {
        const res = await fetch(url, {
          headers: { Accept: 'application/json' },
          signal: controller.signal,
        });
        if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
        return await res.text();
      } catch (e) {
        if ((e as Error)?.name === 'AbortError')
          throw new Error(`GET ${url}: timed out`);
        throw e;
      } finally {
        clearTimeout(timer);
      }
    },
    joinPath: (d, n) => path.join(d, n),
    code: nodeCodeIo(),
  };
}

/**
 * Entry for the `bin/astro-runtime-check` launcher.
 *
 * @public
 */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<number> {
  return runCli(argv, nodeIo());
}
