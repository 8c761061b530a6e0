/*
 * A small line diff for the dry-run preview and the log: the changed region
 * between the common prefix and suffix, as unified-diff-like lines. The
 * upgrade edits one region per file (the version token, or appended pins),
 * so this is exact for them; for anything else it is still a correct,
 * if not minimal, description of the change.
 */

const CONTEXT = 2;

export function previewDiff(
  name: string,
  before: string,
  after: string,
): string {
  if (before === after) {
    return `${name}: unchanged`;
  }
  const a = splitLines(before);
  const b = splitLines(after);
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) {
    start++;
  }
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const from = Math.max(0, start - CONTEXT);
  const toA = Math.min(a.length, endA + CONTEXT);
  const toB = Math.min(b.length, endB + CONTEXT);
  const lines = [
    `--- a/${name}`,
    `+++ b/${name}`,
    `@@ -${from + 1},${toA - from} +${from + 1},${toB - from} @@`,
    ...a.slice(from, start).map(l => ` ${l}`),
    ...a.slice(start, endA).map(l => `-${l}`),
    ...b.slice(start, endB).map(l => `+${l}`),
    ...a.slice(endA, toA).map(l => ` ${l}`),
  ];
  return lines.join('\n');
}

function splitLines(text: string): string[] {
  const lines = text
    .split('\n')
    .map(l => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.length > 0 && lines[lines.length - 1] === '') {
    lines.pop();
  }
  return lines;
}
