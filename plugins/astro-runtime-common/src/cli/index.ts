/*
 * `astro-runtime-check`: the command-line face of this package. This entry
 * point (not the main one) does file and network I/O.
 */
import { nodeIo } from './io';
import { runCli } from './run';

export type { CliIo } from './io';
export type { CodeCliIo } from './code';
export type {
  CodeFileEntry,
  LintDiagnostic,
  LintEdit,
  LintEngine,
  LintPosition,
} from '../code';
export { nodeIo, runCli };

/**
 * Entry for the `bin/astro-runtime-check` launcher.
 *
 * @public
 */
export async function main(
  argv: string[] = process.argv.slice(2),
): Promise<number> {
  return runCli(argv, nodeIo());
}
