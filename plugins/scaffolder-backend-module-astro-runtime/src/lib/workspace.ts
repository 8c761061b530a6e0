/*
 * Safe file access inside a scaffolder workspace: every path the action
 * touches must stay inside the workspace, lexically (no `..`, no absolute
 * path) and physically (no symlink that leads out of it).
 */
import {
  isChildPath,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { InputError, NotAllowedError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';

/** Largest file the action reads (the Dockerfile and requirements.txt are small). */
export const MAX_FILE_BYTES = 1024 * 1024;

/**
 * Resolves `relative` (a project path from the template) against the
 * workspace and refuses anything that escapes it.
 */
export async function resolveProjectDir(
  workspacePath: string,
  relative: string,
): Promise<{ workspace: string; dir: string; relative: string }> {
  const input = relative.trim() === '' ? '.' : relative.trim();
  if (input.includes('\0')) {
    throw new InputError(`projectPath must not contain NUL characters`);
  }
  if (path.isAbsolute(input) || path.win32.isAbsolute(input)) {
    throw new NotAllowedError(
      `projectPath must be relative to the workspace, got the absolute path '${input}'`,
    );
  }
  const segments = input.split(/[\\/]+/);
  if (segments.includes('..')) {
    throw new NotAllowedError(
      `projectPath must stay inside the workspace, '${input}' contains '..'`,
    );
  }
  const rel =
    toPosix(path.relative(workspacePath, path.resolve(workspacePath, input))) ||
    '.';
  // resolveSafeChildPath follows symlinks (isChildPath compares real paths);
  // after the lexical checks above, a refusal here means a link leads out
  const dir = safeChild(
    workspacePath,
    input,
    `projectPath '${rel}' leads outside the workspace through a symbolic link`,
  );

  // physical check: the directory, once symlinks are followed, must still be inside
  const realWorkspace = await fs.realpath(workspacePath);
  let realDir: string;
  try {
    realDir = await fs.realpath(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new InputError(
        `No Astro project at '${rel}': the folder does not exist in the workspace (did the fetch step run?)`,
      );
    }
    throw e;
  }
  if (!isChildPath(realWorkspace, realDir)) {
    throw new NotAllowedError(
      `projectPath '${rel}' leads outside the workspace through a symbolic link`,
    );
  }
  const stat = await fs.stat(realDir);
  if (!stat.isDirectory()) {
    throw new InputError(`projectPath '${rel}' is not a folder`);
  }
  return { workspace: realWorkspace, dir: realDir, relative: rel };
}

/**
 * The real path of `name` inside `dir` (both as returned by
 * {@link resolveProjectDir}), or undefined when it does not exist.
 * Refuses files that are symlinks leading out of the workspace, folders, and
 * files larger than {@link MAX_FILE_BYTES}.
 */
export async function resolveWorkspaceFile(
  workspacePath: string,
  dir: string,
  name: string,
): Promise<string | undefined> {
  const file = safeChild(
    dir,
    name,
    `${workspaceRelative(
      workspacePath,
      path.join(dir, name),
    )} is a symbolic link that leads outside the workspace`,
  );
  let real: string;
  try {
    real = await fs.realpath(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      // a dangling symlink is as absent as a missing file, but never write through it
      const link = await fs.lstat(file).catch(() => undefined);
      if (link?.isSymbolicLink()) {
        throw new NotAllowedError(
          `${workspaceRelative(
            workspacePath,
            file,
          )} is a symbolic link to a missing file`,
        );
      }
      return undefined;
    }
    throw e;
  }
  const realWorkspace = await fs.realpath(workspacePath);
  if (!isChildPath(realWorkspace, real)) {
    throw new NotAllowedError(
      `${workspaceRelative(
        workspacePath,
        file,
      )} is a symbolic link that leads outside the workspace`,
    );
  }
  const stat = await fs.stat(real);
  if (!stat.isFile()) {
    throw new InputError(
      `${workspaceRelative(workspacePath, file)} is not a file`,
    );
  }
  if (stat.size > MAX_FILE_BYTES) {
    throw new InputError(
      `${workspaceRelative(
        workspacePath,
        file,
      )} is larger than ${MAX_FILE_BYTES} bytes`,
    );
  }
  return real;
}

function safeChild(base: string, child: string, message: string): string {
  try {
    return resolveSafeChildPath(base, child);
  } catch (e) {
    if ((e as Error)?.name === 'NotAllowedError') {
      throw new NotAllowedError(message);
    }
    throw e;
  }
}

export function workspaceRelative(workspacePath: string, file: string): string {
  return toPosix(path.relative(workspacePath, file)) || '.';
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}
