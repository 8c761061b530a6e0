/*
 * One run of `astro-runtime-check`: check a Dockerfile (and the project's
 * Python code), or upgrade it.
 */
import { assess } from '../assess';
import { parseDockerfile } from '../dockerfile';
import { AstroRuntimeError, isAstroRuntimeError } from '../errors';
import { describeState } from '../labels';
import { providerDiff, providerPins } from '../providerDiff';
import type { DeploymentInfo, ReleaseCatalog, RuntimeStatus } from '../types';
import { upgradeDockerfile } from '../upgrade';
import { FailLevel, Options, parseArgs, USAGE } from './args';
import {
  codeFailsCheck,
  fixProjectDir,
  renderCodeOutcome,
  renderFixOutcome,
  scanProjectDir,
} from './code';
import { CliIo, loadCatalog } from './io';
import { checkJson, upgradeJson } from './json';
import { renderSummary } from './render';

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

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ').trim();
}

async function upgrade(
  io: CliIo,
  opts: Options & { upgradeTo: string },
  target: { file: string; projectDir: string; text: string },
  catalog: ReleaseCatalog,
): Promise<number> {
  const { file, projectDir, text } = target;
  const result = upgradeDockerfile(text, opts.upgradeTo, catalog, {
    force: opts.force,
  });
  if (opts.write) {
    await io.writeFile(file, result.text);
  }
  const base = parseDockerfile(text);
  const variants = base.kind === 'astro' ? base.runtime.variants : [];
  const fixes =
    opts.fixCode && io.code
      ? await fixProjectDir(projectDir, io.code, { write: opts.write })
      : undefined;
  if (opts.json) {
    io.stdout(
      upgradeJson({
        file,
        result,
        providers: providerDiff(result.from, result.to, variants),
        plan: providerPins(result.from, result.to, variants),
        written: opts.write,
        fixes,
      }),
    );
    return 0;
  }
  if (opts.write) {
    io.stdout(`Upgraded ${file}: ${result.from} -> ${result.to}\n`);
  } else {
    io.stdout(result.text);
  }
  for (const n of result.notes) io.stderr(`note: ${oneLine(n)}\n`);
  if (fixes) io.stderr(renderFixOutcome(fixes));
  return 0;
}

async function check(
  io: CliIo,
  opts: Options,
  target: { file: string; projectDir: string; text: string },
  catalog: ReleaseCatalog,
): Promise<number> {
  const { file, projectDir, text } = target;
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
    io.stdout(checkJson(file, status, code));
    if (code && !code.code) io.stderr(`astro-runtime-check: ${code.note}\n`);
  } else {
    io.stdout(renderSummary(file, status));
    if (code) io.stdout(renderCodeOutcome(code));
  }
  const failed =
    opts.failOn &&
    (opts.failOn === 'airflow3-blockers'
      ? codeFailsCheck(code)
      : failsCheck(status, opts.failOn));
  if (!failed) return 0;
  if (!opts.json) {
    io.stderr(
      `astro-runtime-check: check failed (--fail-on ${opts.failOn}): ${
        describeState(status.state).label
      }\n`,
    );
  }
  return 1;
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
    const target = { file, projectDir, text: await io.readFile(file) };
    const catalog = await loadCatalog(io, opts.releases);
    return opts.upgradeTo
      ? await upgrade(
          io,
          { ...opts, upgradeTo: opts.upgradeTo },
          target,
          catalog,
        )
      : await check(io, opts, target, catalog);
  } catch (e) {
    const msg = isAstroRuntimeError(e)
      ? `${e.code}: ${e.message.replace(/\bpass force\b/, 'pass --force')}`
      : String((e as Error)?.message ?? e);
    io.stderr(`astro-runtime-check: ${oneLine(msg)}\n`);
    return 2;
  }
}
