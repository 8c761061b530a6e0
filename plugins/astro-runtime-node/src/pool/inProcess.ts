import {
  assess,
  parseDockerfile,
  pinProviders,
  serializeStatus,
  upgradeDockerfile,
} from '@backstage-astro/plugin-astro-runtime-common';
import { fixFilesTask, scanFilesTask } from '../code/tasks';
import { AstroRuntimeWorkerError } from './errors';
import type { AstroRuntimeWorkerPool } from './types';

/**
 * The {@link AstroRuntimeWorkerPool} interface without threads: every task
 * runs on the calling thread, without time or heap limits. For tests and
 * command-line tools that read trusted input; a server reading repo content
 * uses {@link createAstroRuntimeWorkerPool}.
 *
 * @public
 */
export function createInProcessAstroRuntimeWorkerPool(): AstroRuntimeWorkerPool {
  let destroyed = false;
  const call = async <T>(task: string, fn: () => T): Promise<T> => {
    if (destroyed) {
      throw new AstroRuntimeWorkerError(
        'pool-destroyed',
        task,
        `The worker pool was destroyed before task ${task} started`,
      );
    }
    return fn();
  };
  const tasks: Record<string, (input: any) => unknown> = {
    assess: input => assess(input),
    assessSerialized: input => serializeStatus(assess(input)),
    parseDockerfile: input => parseDockerfile(input?.text),
    upgradeDockerfile: input =>
      upgradeDockerfile(
        input?.text,
        input?.target,
        input?.catalog,
        input?.options,
      ),
    pinProviders: input =>
      pinProviders(input?.requirementsTxt, input?.providers, input?.options),
    scanCode: input => scanFilesTask(input),
    fixCode: input => fixFilesTask(input),
  };
  return {
    assess: input => call('assess', () => assess(input)),
    assessSerialized: input =>
      call('assessSerialized', () => serializeStatus(assess(input))),
    parseDockerfile: text =>
      call('parseDockerfile', () => parseDockerfile(text)),
    upgradeDockerfile: (text, target, catalog, options) =>
      call('upgradeDockerfile', () =>
        upgradeDockerfile(text, target, catalog, options),
      ),
    pinProviders: (requirementsTxt, providers, options) =>
      call('pinProviders', () =>
        pinProviders(requirementsTxt, providers, options),
      ),
    run: <T>(task: string, input: unknown) => {
      const fn = Object.prototype.hasOwnProperty.call(tasks, task)
        ? tasks[task]
        : undefined;
      if (!fn) {
        return Promise.reject(
          new AstroRuntimeWorkerError(
            'unknown-task',
            task,
            `unknown worker task ${JSON.stringify(task)}`,
          ),
        );
      }
      return call(task, () => fn(input) as T);
    },
    // runs on the caller's thread: there is no thread of its own to lower
    setPriority: () => {},
    async destroy() {
      destroyed = true;
    },
  };
}
