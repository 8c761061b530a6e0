/*
 * The code-scan tasks the backend's worker pool runs: plain data in, plain
 * data out (structured-clone safe), one ruff engine per thread.
 */
import {
  fixProjectFile,
  isBytes,
  scanFile,
} from '@backstage-astro/plugin-astro-runtime-common';
import type {
  FileFixResult,
  FileScan,
  LintEngine,
  ProjectFile,
} from '@backstage-astro/plugin-astro-runtime-common';
import { getRuffEngine } from './ruffEngine';

/**
 * Input of `scanFilesTask` / `fixFilesTask`: files already selected
 * (`selectCodeFiles`), paths relative to the project folder.
 *
 * @public
 */
export interface CodeFilesTaskInput {
  files: ProjectFile[];
}

/**
 * Output of `scanFilesTask`.
 *
 * @public
 */
export interface ScanFilesTaskOutput {
  engine: { name: string; version: string };
  scans: FileScan[];
}

function checkInput(input: CodeFilesTaskInput): ProjectFile[] {
  if (!input || !Array.isArray(input.files)) {
    throw new TypeError('code task input must be { files: [{ path, bytes }] }');
  }
  for (const f of input.files) {
    if (typeof f?.path !== 'string' || !isBytes(f.bytes)) {
      throw new TypeError(
        'each code file must be { path: string, bytes: Uint8Array }',
      );
    }
  }
  return input.files;
}

/**
 * Scans files with this thread's ruff engine (or `engine`, for tests).
 * Per-file results, so the caller can cache them by etag and put them
 * together with `summarizeCodeScans`.
 *
 * @public
 */
export function scanFilesTask(
  input: CodeFilesTaskInput,
  engine: LintEngine = getRuffEngine(),
): ScanFilesTaskOutput {
  const files = checkInput(input);
  return {
    engine: { name: engine.name, version: engine.version },
    scans: files.map(f => scanFile(f, engine)),
  };
}

/**
 * Applies ruff's safe fixes to files with this thread's ruff engine; every
 * file comes back, `changed` says which differ.
 *
 * @public
 */
export function fixFilesTask(
  input: CodeFilesTaskInput,
  engine: LintEngine = getRuffEngine(),
): FileFixResult[] {
  return checkInput(input).map(f => fixProjectFile(f, engine));
}
