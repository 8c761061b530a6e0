/*
 * The path rules for folders named in annotations (`astronomer.io/project-path`):
 * one set, used wherever an Astro project's folder is resolved.
 */
import { ASTRO_PROJECT_PATH_ANNOTATION } from './annotations';
import { AstroRuntimeError } from './errors';

/** Longest accepted `astronomer.io/project-path`. */
const MAX_PROJECT_PATH_LENGTH = 1024;

/** An INVALID_LOCATION error naming the annotation. */
export function invalid(
  annotation: string,
  message: string,
): AstroRuntimeError {
  return new AstroRuntimeError('INVALID_LOCATION', message, { annotation });
}

/**
 * Validates and normalizes a relative folder (`astronomer.io/project-path`):
 * `./`, repeated and trailing slashes are dropped; `..` segments, absolute
 * paths, backslashes, percent-encoded characters (`%2e`, `%2f`, `%5c` ...)
 * and control characters are refused with an `INVALID_LOCATION` error naming
 * the annotation. Returns `.` for the folder itself.
 *
 * @public
 */
export function normalizeProjectPath(
  value: string | undefined,
  annotation: string = ASTRO_PROJECT_PATH_ANNOTATION,
): string {
  if (value !== undefined && typeof value !== 'string') {
    throw invalid(annotation, `The ${annotation} annotation must be a string`);
  }
  const raw = (value ?? '').trim();
  const refuse = (why: string) =>
    invalid(
      annotation,
      `The ${annotation} annotation '${printable(raw)}' ${why}`,
    );
  if (raw.length > MAX_PROJECT_PATH_LENGTH) {
    throw refuse(`is longer than ${MAX_PROJECT_PATH_LENGTH} characters`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(raw)) {
    throw refuse('contains control characters');
  }
  if (raw.includes('\\')) {
    throw refuse('contains a backslash: use / between folders');
  }
  if (/%[0-9a-f]{2}/i.test(raw)) {
    throw refuse('contains percent-encoded characters: write the folder name');
  }
  if (raw.startsWith('/') || /^[a-z]:/i.test(raw)) {
    throw refuse('is absolute: give a folder relative to the source location');
  }
  const parts = raw.split('/').filter(p => p !== '' && p !== '.');
  if (parts.includes('..')) {
    throw refuse("contains '..': the project must be inside the source folder");
  }
  return parts.length ? parts.join('/') : '.';
}

/** Joins POSIX folders relative to a root; `.` stands for the root. */
export function joinProjectPath(...parts: string[]): string {
  const segments = parts
    .flatMap(p => p.split('/'))
    .filter(p => p !== '' && p !== '.');
  return segments.length ? segments.join('/') : '.';
}

/**
 * A file of the project, relative to the root: `Dockerfile` or `a/b/Dockerfile`.
 *
 * @public
 */
export function projectFile(projectDir: string, name: string): string {
  return joinProjectPath(projectDir, name);
}

/** The value for an error message: control characters masked, at most 200 characters. */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u001f\u007f]/g, '?').slice(0, 200);
}
