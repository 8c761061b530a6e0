/*
 * The command line of `astro-runtime-check`: options read with Node's
 * `util.parseArgs`, then checked against each other.
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import { CODE_USAGE } from './code';

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

/** A command line the CLI cannot run; its message names the option. */
export class UsageError extends Error {
  name = 'UsageError';
}

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

const OPTIONS = {
  json: { type: 'boolean' },
  write: { type: 'boolean' },
  force: { type: 'boolean' },
  'no-code': { type: 'boolean' },
  'fix-code': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  deployed: { type: 'string', multiple: true },
  releases: { type: 'string' },
  'fail-on': { type: 'string' },
  'upgrade-to': { type: 'string' },
  now: { type: 'string' },
} as const;

/** Node's parse errors, reworded to name the option and what is wrong with it. */
function usageErrorOf(e: unknown): UsageError {
  const err = e as NodeJS.ErrnoException;
  const message = String(err?.message ?? e);
  const option = /'(-[^' ]+)/.exec(message)?.[1] ?? '';
  switch (err?.code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`unknown option ${option}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/does not take an argument/.test(message)) {
        return new UsageError(`${option} takes no value`);
      }
      if (/ambiguous/.test(message)) {
        return new UsageError(
          `${option} needs a value (write ${option}=VALUE for a value starting with -)`,
        );
      }
      return new UsageError(`${option} needs a value`);
    default:
      return new UsageError(message.split('\n')[0]);
  }
}

function isFailLevel(value: string): value is FailLevel {
  return (FAIL_LEVELS as readonly string[]).includes(value);
}

/**
 * Reads the command line; throws an error naming the option when it is not
 * usable.
 *
 * @public
 */
export function parseArgs(argv: string[]): Options {
  let parsed;
  try {
    parsed = parseNodeArgs({
      args: argv,
      options: OPTIONS,
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    throw usageErrorOf(e);
  }
  const { values: v, positionals } = parsed;
  if (positionals.length > 1) {
    throw new UsageError(`unexpected argument ${positionals[1]}`);
  }
  const o: Options = {
    path: positionals[0],
    json: v.json ?? false,
    deployed: v.deployed ?? [],
    releases: v.releases,
    upgradeTo: v['upgrade-to'],
    write: v.write ?? false,
    force: v.force ?? false,
    help: v.help ?? false,
  };
  if (v['no-code']) o.code = false;
  if (v['fix-code']) o.fixCode = true;
  const failOn = v['fail-on'];
  if (failOn !== undefined) {
    if (!isFailLevel(failOn)) {
      throw new UsageError(
        `--fail-on must be one of ${FAIL_LEVELS.join(', ')}`,
      );
    }
    o.failOn = failOn;
  }
  if (v.now !== undefined) {
    const d = new Date(v.now);
    if (Number.isNaN(d.getTime())) {
      throw new UsageError(`--now: "${v.now}" is not a date`);
    }
    o.now = d;
  }
  if (o.write && !o.upgradeTo) {
    throw new UsageError('--write needs --upgrade-to');
  }
  if (o.fixCode && !o.upgradeTo) {
    throw new UsageError('--fix-code needs --upgrade-to');
  }
  return o;
}
