/*
 * Ruff's safe fixes for the Python files of the project in the workspace:
 * list the files (without following symbolic links), select them the way the
 * code scan does, run the pool's `fixCode` task in batches, write back only
 * the files whose bytes changed. Unsafe fixes are never applied (-common's
 * fix functions apply only safe ones).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import { isChildPath } from '@backstage/backend-plugin-api';
import {
  type CodeFileEntry,
  type CodeFinding,
  type FileFixResult,
  type ProjectFile,
  isSkippedFolder,
  selectCodeFiles,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { AstroRuntimeWorkerPool } from '@backstage-astro/plugin-astro-runtime-node';
import fs from 'node:fs/promises';
import path from 'node:path';
import { previewDiff } from './diff';

/** At most this many directory entries are listed in one project. */
export const MAX_LISTED_ENTRIES = 100_000;

/** Files per `fixCode` task (keeps each task well inside the pool's time limit). */
export const FIX_BATCH_FILES = 25;

/** One changed file: workspace-relative path and how many fixes were applied. */
export interface CodeFixChange {
  file: string;
  fixed: number;
}

export interface CodeFixOutcome {
  changes: CodeFixChange[];
  /** Findings left in every selected file, paths relative to the workspace. */
  remaining: CodeFinding[];
  /** Python files that were not read (too large, too many). */
  skipped: number;
  /** Files left (partly) unfixed, and why. */
  notes: string[];
}

/**
 * The `.py` files (and `pyvenv.cfg` markers) under `dir`, paths relative to
 * it; symbolic links are not followed, hidden and cache folders not entered.
 */
export async function listProject(
  dir: string,
): Promise<Array<CodeFileEntry & { abs: string }>> {
  const out: Array<CodeFileEntry & { abs: string }> = [];
  let listed = 0;
  const walk = async (abs: string, rel: string) => {
    const entries = await fs.readdir(abs, { withFileTypes: true });
    for (const e of entries) {
      listed++;
      if (listed > MAX_LISTED_ENTRIES) return;
      const childAbs = path.join(abs, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      // symbolic links are neither read nor written through
      if (e.isDirectory()) {
        if (isSkippedFolder(e.name)) continue;
        await walk(childAbs, childRel);
      } else if (
        e.isFile() &&
        (e.name.endsWith('.py') || e.name === 'pyvenv.cfg')
      ) {
        const stat = await fs.lstat(childAbs);
        out.push({ path: childRel, size: stat.size, abs: childAbs });
      }
    }
  };
  await walk(dir, '');
  return out;
}

/**
 * Applies ruff's safe fixes to the project's Python files in place and
 * returns what changed and what is left. `projectRelative` is the project
 * folder relative to the workspace (`.` for the root).
 */
export async function applyCodeFixesInWorkspace(options: {
  workspace: string;
  projectDir: string;
  projectRelative: string;
  workers: AstroRuntimeWorkerPool;
  logger: LoggerService;
  signal?: AbortSignal;
}): Promise<CodeFixOutcome> {
  const { workspace, projectDir, projectRelative, workers, logger, signal } =
    options;
  const toWorkspace = (file: string) =>
    projectRelative === '.' ? file : path.posix.join(projectRelative, file);
  const listing = await listProject(projectDir);
  const byPath = new Map(listing.map(e => [e.path, e.abs]));
  const { scan, skipped } = selectCodeFiles(listing);
  const changes: CodeFixChange[] = [];
  const remaining: CodeFinding[] = [];
  const notes: string[] = [];
  for (let i = 0; i < scan.length; i += FIX_BATCH_FILES) {
    signal?.throwIfAborted();
    const batch: Array<ProjectFile & { abs: string }> = [];
    for (const entry of scan.slice(i, i + FIX_BATCH_FILES)) {
      const abs = byPath.get(entry.path)!;
      if (!isChildPath(workspace, abs)) continue;
      const bytes = new Uint8Array(await fs.readFile(abs));
      batch.push({ path: entry.path, bytes, abs });
    }
    const results = await workers.run<FileFixResult[]>(
      'fixCode',
      { files: batch.map(({ path: p, bytes }) => ({ path: p, bytes })) },
      { signal },
    );
    for (const [j, result] of results.entries()) {
      const file = batch[j];
      const name = toWorkspace(file.path);
      for (const f of result.remaining) {
        remaining.push({ ...f, file: name });
      }
      if (result.note) notes.push(`${name}: ${result.note}`);
      if (!result.changed) continue;
      const after = Buffer.from(result.bytes);
      if (after.equals(Buffer.from(file.bytes))) continue;
      logger.info(
        previewDiff(
          name,
          Buffer.from(file.bytes).toString('utf8'),
          after.toString('utf8'),
        ),
      );
      await fs.writeFile(file.abs, after);
      changes.push({ file: name, fixed: result.applied.length });
    }
  }
  return { changes, remaining, skipped: skipped.length, notes };
}

/** The pull request section on the project's code: what was fixed, what is left. */
export function codeFixesMarkdown(
  outcome: CodeFixOutcome,
  checklist: string,
): string {
  const lines = ['## Code changes for Airflow 3', ''];
  const fixed = outcome.changes.reduce((n, c) => n + c.fixed, 0);
  if (outcome.changes.length) {
    lines.push(
      `Ruff's safe fixes (\`ruff check --select AIR3 --fix\`) were applied: ${fixed} fix${
        fixed === 1 ? '' : 'es'
      } in ${outcome.changes.length} file${
        outcome.changes.length === 1 ? '' : 's'
      }. Unsafe fixes were not applied.`,
    );
    lines.push('');
    for (const c of outcome.changes) {
      lines.push(`- \`${c.file.replace(/`/g, "'")}\`: ${c.fixed}`);
    }
  } else {
    lines.push("Ruff's safe fixes changed no file.");
  }
  lines.push('');
  if (checklist) {
    lines.push('Left to change by hand:');
    lines.push('');
    lines.push(checklist.trimEnd());
  } else {
    lines.push('Ruff reports nothing left to change.');
  }
  if (outcome.skipped) {
    lines.push('');
    lines.push(
      `${outcome.skipped} Python file${
        outcome.skipped === 1 ? ' was' : 's were'
      } not checked (too large or too many).`,
    );
  }
  lines.push('');
  return lines.join('\n');
}
