/*
 * Ruff's Airflow 3 rules, in-process as WebAssembly
 * (`@astral-sh/ruff-wasm-nodejs`, pinned), behind `-common`'s `LintEngine`.
 *
 * The WebAssembly module is compiled when the first engine is created (about
 * a second or two), and a check costs about a millisecond and a half per DAG
 * file after that: create one engine per thread and reuse it
 * (`getRuffEngine`). Checks are synchronous and CPU-bound; the backend runs
 * them in its worker pool, not on the event loop.
 */
import type {
  LintDiagnostic,
  LintEngine,
  LintPosition,
} from '@backstage-astro/plugin-astro-runtime-common';

/**
 * The ruff version this package pins (its WebAssembly build).
 *
 * @public
 */
export const RUFF_VERSION = '0.16.10';

/**
 * The rule selection, as the ruff CLI's `ruff check --isolated --preview --select AIR3`.
 *
 * @public
 */
export const RUFF_AIRFLOW3_SETTINGS = {
  preview: true,
  lint: { select: ['AIR3'], preview: true },
} as const;

type RawPosition = LintPosition;

interface RawDiagnostic {
  code: string | null;
  message: string;
  subDiagnostics?: Array<{ severity: string; message: string }>;
  start_location: RawPosition;
  end_location: RawPosition;
  fix: {
    message: string | null;
    edits: Array<{
      content: string | null;
      location: RawPosition;
      end_location: RawPosition;
    }>;
  } | null;
}

type RuffModule = typeof import('@astral-sh/ruff-wasm-nodejs');

let ruffModule: RuffModule | undefined;

function loadRuff(): RuffModule {
  if (!ruffModule) {
    // Loaded on first use: requiring it compiles the WebAssembly module.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    ruffModule = require('@astral-sh/ruff-wasm-nodejs') as RuffModule;
  }
  return ruffModule;
}

/**
 * Maps one diagnostic of ruff's WebAssembly build to `LintDiagnostic`. The
 * positions are ruff's own objects (plain `{ row, column }`, fresh on every
 * check), not copies.
 */
export function toLintDiagnostic(raw: RawDiagnostic): LintDiagnostic {
  const help =
    raw.subDiagnostics?.find(s => s.severity === 'help')?.message ?? null;
  return {
    name: raw.code ?? 'invalid-syntax',
    message: raw.message,
    help,
    start: raw.start_location,
    end: raw.end_location,
    fix: raw.fix
      ? {
          message: raw.fix.message,
          edits: raw.fix.edits.map(e => ({
            start: e.location,
            end: e.end_location,
            content: e.content,
          })),
        }
      : null,
  };
}

/**
 * Creates a ruff engine with the Airflow 3 rules (`AIR3`, preview on).
 * Throws when the installed ruff is not the pinned version.
 *
 * @public
 */
export function createRuffEngine(): LintEngine {
  const ruff = loadRuff();
  const version = ruff.Workspace.version();
  if (version !== RUFF_VERSION) {
    throw new Error(
      `@astral-sh/ruff-wasm-nodejs is ${version}, this package is pinned to ${RUFF_VERSION}`,
    );
  }
  let workspace: InstanceType<RuffModule['Workspace']> | undefined;
  const open = () =>
    new ruff.Workspace(RUFF_AIRFLOW3_SETTINGS, ruff.PositionEncoding.Utf16);
  return {
    name: 'ruff',
    version,
    check(source: string): LintDiagnostic[] {
      if (typeof source !== 'string') {
        throw new TypeError('ruff: the source to check must be a string');
      }
      workspace ??= open();
      try {
        const raw = workspace.check(source) as RawDiagnostic[];
        return raw.map(toLintDiagnostic);
      } catch (e) {
        // A panic inside the WebAssembly module may leave the workspace broken: start afresh next time.
        try {
          workspace.free();
        } catch {
          // already unusable
        }
        workspace = undefined;
        throw e;
      }
    },
  };
}

let shared: LintEngine | undefined;

/**
 * The engine of this thread (each worker thread has its own), created on first use.
 *
 * @public
 */
export function getRuffEngine(): LintEngine {
  shared ??= createRuffEngine();
  return shared;
}
