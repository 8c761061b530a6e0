import { AstroRuntimeError } from '../errors';
import type { CodeFileEntry, CodeSkippedFile } from './types';

/**
 * Python files larger than this are not scanned (counted as skipped).
 *
 * @public
 */
export const MAX_CODE_FILE_BYTES = 1024 * 1024;

/**
 * At most this many Python files of one project are scanned; the rest are
 * skipped.
 *
 * @public
 */
export const MAX_CODE_FILES: number = 5000;

/**
 * Folder names whose contents are never project code: caches and installed
 * packages (virtualenvs, site-packages, node_modules). Hidden folders are
 * skipped by their leading dot.
 */
const SKIPPED_FOLDERS = new Set([
  '__pycache__',
  '__pypackages__',
  'site-packages',
  'node_modules',
  'venv',
  'virtualenv',
]);

/**
 * Whether a folder of this name is never project code: hidden (leading dot),
 * a cache or installed packages. Walkers of a project tree prune these.
 *
 * @public
 */
export function isSkippedFolder(name: string): boolean {
  return name.startsWith('.') || SKIPPED_FOLDERS.has(name);
}

/**
 * Checks and normalises a project-relative path: `/`-separated, no leading
 * `./`, no empty, `.` or `..` segments, not absolute.
 *
 * @public
 */
export function normalizeCodePath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'a code file path must be a non-empty string',
    );
  }
  let p = path.replace(/\\/g, '/');
  while (p.startsWith('./')) p = p.slice(2);
  const segments = p.split('/');
  if (
    p.startsWith('/') ||
    /^[a-zA-Z]:/.test(p) ||
    segments.some(s => s === '' || s === '.' || s === '..')
  ) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      `code file path "${path}" must be relative to the project folder, without "." or ".." segments`,
    );
  }
  return p;
}

function folderOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/**
 * Is this project-relative path a Python file the scan reads? Every `.py`
 * file except those in hidden folders, `__pycache__`, virtualenvs and
 * installed packages. `venvFolders` are folders known to be virtualenvs
 * (they hold a `pyvenv.cfg`).
 *
 * @public
 */
export function isCodePath(
  path: string,
  venvFolders: ReadonlySet<string> = new Set(),
): boolean {
  const p = normalizeCodePath(path);
  if (!p.endsWith('.py')) return false;
  const segments = p.split('/');
  const folders = segments.slice(0, -1);
  for (let i = 0; i < folders.length; i++) {
    const f = folders[i];
    if (isSkippedFolder(f)) return false;
    if (venvFolders.size && venvFolders.has(folders.slice(0, i + 1).join('/')))
      return false;
  }
  return true;
}

/**
 * Which files of a project listing the scan reads, and which Python files it
 * skips (over `maxFileBytes`, or beyond `maxFiles`). Other files are ignored;
 * a `pyvenv.cfg` in the listing marks its folder as a virtualenv. The files
 * to scan come back sorted by path.
 *
 * @public
 */
export function selectCodeFiles(
  entries: readonly CodeFileEntry[],
  options: { maxFileBytes?: number; maxFiles?: number } = {},
): { scan: CodeFileEntry[]; skipped: CodeSkippedFile[] } {
  const maxFileBytes = options.maxFileBytes ?? MAX_CODE_FILE_BYTES;
  const maxFiles = options.maxFiles ?? MAX_CODE_FILES;
  const normalized = entries.map(e => {
    if (!Number.isFinite(e.size) || e.size < 0) {
      throw new AstroRuntimeError(
        'INVALID_INPUT',
        `size of code file "${e.path}" must be a non-negative number`,
      );
    }
    return { path: normalizeCodePath(e.path), size: e.size };
  });
  const venvFolders = new Set(
    normalized
      .filter(e => e.path === 'pyvenv.cfg' || e.path.endsWith('/pyvenv.cfg'))
      .map(e => folderOf(e.path)),
  );
  // A pyvenv.cfg at the project root would make the project itself a virtualenv; ignore that one.
  venvFolders.delete('');
  const candidates = normalized
    .filter(e => isCodePath(e.path, venvFolders))
    .sort((a, b) => (a.path < b.path ? -1 : Number(a.path > b.path)));
  const scan: CodeFileEntry[] = [];
  const skipped: CodeSkippedFile[] = [];
  const seen = new Set<string>();
  for (const e of candidates) {
    if (seen.has(e.path)) continue;
    seen.add(e.path);
    if (e.size > maxFileBytes) {
      skipped.push({ file: e.path, reason: 'too-large', bytes: e.size });
    } else if (scan.length >= maxFiles) {
      skipped.push({ file: e.path, reason: 'too-many-files', bytes: e.size });
    } else {
      scan.push(e);
    }
  }
  return { scan, skipped };
}
