import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';

/** Lines of unchanged context around each change in the preview. */
const CONTEXT = 2;

/**
 * The unified diff of one file for the dry-run preview and the log
 * (`--- a/<name>`, `+++ b/<name>`, hunks), or `<name>: unchanged`.
 *
 * The comparison is byte-exact: CRLF line endings are kept in the diff
 * lines, and a change of line ending alone shows as a changed line, so the
 * patch applies to the file as it is on disk.
 */
export function previewDiff(
  name: string,
  before: string,
  after: string,
): string {
  if (before === after) {
    return `${name}: unchanged`;
  }
  const patch = createTwoFilesPatch(
    `a/${name}`,
    `b/${name}`,
    before,
    after,
    undefined,
    undefined,
    { context: CONTEXT, headerOptions: FILE_HEADERS_ONLY },
  );
  // one log entry: the patch without its final line break
  return patch.endsWith('\n') ? patch.slice(0, -1) : patch;
}
