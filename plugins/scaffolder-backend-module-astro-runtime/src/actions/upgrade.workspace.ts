/*
 * The project files of `astro:runtime:upgrade` in the scaffolder workspace:
 * the project folder, its Dockerfile and requirements.txt, all read through
 * the workspace guards of `../lib/workspace` (nothing outside the workspace
 * is read or written).
 */
import { InputError } from '@backstage/errors';
import fs from 'node:fs/promises';
import path from 'node:path';
import { resolveProjectDir, resolveWorkspaceFile } from '../lib/workspace';

/** The project folder: real paths, and the folder relative to the workspace. */
export interface WorkspaceProject {
  workspace: string;
  dir: string;
  relative: string;
}

/** A file of the project as read from the workspace. */
export interface ProjectFileText {
  /** Path relative to the workspace, `/`-separated (the name in logs and outputs). */
  name: string;
  /** Where it is (or is to be written) on disk. */
  file: string;
  /** Its text; empty for a file that does not exist yet. */
  text: string;
  exists: boolean;
}

/** One file the run rewrites. */
export interface FileChange {
  file: string;
  before: string;
  after: string;
}

/** The files the run rewrites, by workspace-relative name, in order. */
export type FileChanges = Map<string, FileChange>;

/**
 * The project folder `projectPath` of the workspace and its Dockerfile;
 * refuses a folder without one (not an Astro project).
 */
export async function readProjectDockerfile(
  workspacePath: string,
  projectPath: string,
): Promise<{ project: WorkspaceProject; dockerfile: ProjectFileText }> {
  const project = await resolveProjectDir(workspacePath, projectPath);
  const dockerfile = await readProjectFile(project, 'Dockerfile');
  if (!dockerfile.exists) {
    throw new InputError(
      `No Dockerfile at ${dockerfile.name}: not an Astro project (check projectPath or the astronomer.io/project-path annotation)`,
    );
  }
  return { project, dockerfile };
}

/** The file `name` of the project folder, empty when it does not exist. */
export async function readProjectFile(
  project: WorkspaceProject,
  name: string,
): Promise<ProjectFileText> {
  const real = await resolveWorkspaceFile(project.workspace, project.dir, name);
  return {
    name: path.posix.join(project.relative, name),
    file: real ?? path.join(project.dir, name),
    text: real ? await fs.readFile(real, 'utf8') : '',
    exists: real !== undefined,
  };
}
