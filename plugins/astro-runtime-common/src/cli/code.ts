/*
 * The code part of `astro-runtime-check`: scans the project's Python files
 * with ruff's Airflow 3 rules and applies ruff's safe fixes. The engine (ruff
 * as WebAssembly) lives in `@backstage-astro/plugin-astro-runtime-node`,
 * which depends on this package; so the CLI loads it by package name at run
 * time when it is installed, and says so when it is not.
 */
import {
  CodeFileEntry,
  CodeFindings,
  FileFixResult,
  LintEngine,
  fixProjectFile,
  hasAirflow3Blockers,
  isSkippedFolder,
  renderCodeFindingsText,
  scanFile,
  selectCodeFiles,
  summarizeCodeScans,
} from '../code';

/** The package that provides the ruff engine. */
export const CODE_ENGINE_PACKAGE = '@backstage-astro/plugin-astro-runtime-node';

/**
 * What the code scan touches outside itself (injectable for tests).
 *
 * @public
 */
export interface CodeCliIo {
  /** Files under `dir`, recursively, paths relative to it (`/`-separated), with sizes. */
  listFiles(dir: string): Promise<CodeFileEntry[]>;
  readBytes(path: string): Promise<Uint8Array>;
  writeBytes(path: string, bytes: Uint8Array): Promise<void>;
  /** The engine, or undefined when it is not installed. */
  loadEngine(): Promise<LintEngine | undefined>;
  joinPath(dir: string, name: string): string;
}

/** @public */
export const CODE_USAGE = `  --no-code               skip the scan of the project's Python code
  --fix-code              with --upgrade-to: apply ruff's safe fixes to the Python code
                          (printed as a list of changed files; written with --write)`;

/** @public */
export interface CodeScanOutcome {
  /** Null when the scan did not run (`note` says why). */
  code: CodeFindings | null;
  note?: string;
}

const ENGINE_MISSING = `code scan skipped: the ruff engine comes with ${CODE_ENGINE_PACKAGE}, which is not installed`;

/**
 * Scans the project folder's Python code. The engine is loaded only when
 * there is a Python file to scan.
 *
 * @public
 */
export async function scanProjectDir(
  dir: string,
  io: CodeCliIo,
): Promise<CodeScanOutcome> {
  const { scan, skipped } = selectCodeFiles(await io.listFiles(dir));
  if (!scan.length) {
    return {
      code: summarizeCodeScans([], skipped, { name: 'ruff', version: '' }),
      note: 'no Python files',
    };
  }
  const engine = await io.loadEngine();
  if (!engine) return { code: null, note: ENGINE_MISSING };
  const scans = [];
  for (const entry of scan) {
    const bytes = await io.readBytes(io.joinPath(dir, entry.path));
    scans.push(scanFile({ path: entry.path, bytes }, engine));
  }
  return { code: summarizeCodeScans(scans, skipped, engine) };
}

/** @public */
export interface CodeFixOutcome {
  /** The files the safe fixes change. */
  changed: Array<Pick<FileFixResult, 'file' | 'applied' | 'note'>>;
  /** Findings left after the fixes, in all files. */
  remaining: number;
  written: boolean;
  note?: string;
}

/**
 * Applies ruff's safe fixes to the project folder's Python code; writes the
 * changed files when `write` is set.
 *
 * @public
 */
export async function fixProjectDir(
  dir: string,
  io: CodeCliIo,
  options: { write: boolean },
): Promise<CodeFixOutcome> {
  const { scan } = selectCodeFiles(await io.listFiles(dir));
  const outcome: CodeFixOutcome = {
    changed: [],
    remaining: 0,
    written: options.write,
  };
  if (!scan.length) return { ...outcome, note: 'no Python files' };
  const engine = await io.loadEngine();
  if (!engine) return { ...outcome, note: ENGINE_MISSING };
  for (const entry of scan) {
    const path = io.joinPath(dir, entry.path);
    const result = fixProjectFile(
      { path: entry.path, bytes: await io.readBytes(path) },
      engine,
    );
    outcome.remaining += result.remaining.length;
    if (!result.changed) continue;
    if (options.write) await io.writeBytes(path, result.bytes);
    outcome.changed.push({
      file: result.file,
      applied: result.applied,
      ...(result.note ? { note: result.note } : {}),
    });
  }
  return outcome;
}

/**
 * The text the CLI prints for a scan (after the Dockerfile summary).
 *
 * @public
 */
export function renderCodeOutcome(outcome: CodeScanOutcome): string {
  if (!outcome.code) return `Code:         ${outcome.note}\n`;
  if (!outcome.code.scanned.files && !outcome.code.skipped.length) {
    return `Code:         ${outcome.note ?? 'no Python files'}\n`;
  }
  return renderCodeFindingsText(outcome.code);
}

/**
 * The text the CLI prints for `--fix-code`.
 *
 * @public
 */
export function renderFixOutcome(outcome: CodeFixOutcome): string {
  if (outcome.note) return `Code fixes:   ${outcome.note}\n`;
  const verb = outcome.written ? 'Fixed' : 'Would fix';
  const lines = outcome.changed.map(c => {
    const rules = new Map<string, number>();
    for (const a of c.applied) rules.set(a.rule, (rules.get(a.rule) ?? 0) + 1);
    const summary = [...rules].map(([r, n]) => `${r} ×${n}`).join(', ');
    return `${verb} ${c.file}: ${c.applied.length} safe fix${
      c.applied.length === 1 ? '' : 'es'
    } (${summary})${c.note ? `; ${c.note}` : ''}`;
  });
  if (!lines.length) lines.push('No safe fixes to apply');
  lines.push(
    `${outcome.remaining} finding${
      outcome.remaining === 1 ? '' : 's'
    } left to change by hand`,
  );
  return `${lines.join('\n')}\n`;
}

/**
 * `--fail-on airflow3-blockers`: fails when the code has a blocking finding.
 *
 * @public
 */
export function codeFailsCheck(outcome: CodeScanOutcome | undefined): boolean {
  return hasAirflow3Blockers(outcome?.code);
}

/** The listing stops after this many entries (a CLI pointed at a huge tree). */
const MAX_LISTED = 50_000;

/**
 * The Node.js I/O of the code scan.
 *
 * @public
 */
export function nodeCodeIo(): CodeCliIo {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const fs = require('node:fs') as typeof import('node:fs');
  const path = require('node:path') as typeof import('node:path');
  /* eslint-enable @typescript-eslint/no-require-imports */
  return {
    async listFiles(dir) {
      const out: CodeFileEntry[] = [];
      const walk = async (rel: string) => {
        const entries = await fs.promises.readdir(path.join(dir, rel), {
          withFileTypes: true,
        });
        for (const e of entries) {
          if (out.length >= MAX_LISTED) return;
          const child = rel ? `${rel}/${e.name}` : e.name;
          if (e.isDirectory()) {
            if (!isSkippedFolder(e.name)) await walk(child);
          } else if (e.isFile()) {
            if (e.name.endsWith('.py') || e.name === 'pyvenv.cfg') {
              const stat = await fs.promises.stat(path.join(dir, child));
              out.push({ path: child, size: stat.size });
            }
          }
        }
      };
      await walk('');
      return out;
    },
    readBytes: async p => new Uint8Array(await fs.promises.readFile(p)),
    writeBytes: async (p, bytes) => {
      const tmp = `${p}.${process.pid}.tmp`;
      const mode = (await fs.promises.stat(p).catch(() => undefined))?.mode;
      await fs.promises.writeFile(tmp, bytes);
      if (mode !== undefined) await fs.promises.chmod(tmp, mode & 0o7777);
      await fs.promises.rename(tmp, p);
    },
    async loadEngine() {
      let mod: { createRuffEngine?: () => LintEngine };
      try {
        // By a computed name, so bundlers do not follow it: the engine is optional.
        const name = CODE_ENGINE_PACKAGE;
        mod = require(name);
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (
          err?.code === 'MODULE_NOT_FOUND' &&
          String(err.message).includes(CODE_ENGINE_PACKAGE)
        ) {
          return undefined;
        }
        throw e;
      }
      if (typeof mod.createRuffEngine !== 'function') return undefined;
      return mod.createRuffEngine();
    },
    joinPath: (d, n) => path.join(d, n),
  };
}
