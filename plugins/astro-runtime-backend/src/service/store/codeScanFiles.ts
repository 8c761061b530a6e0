/*
 * The stored form of an entity's per-file scans (`files_json`).
 *
 * A project's findings repeat the same few strings (its paths, ruff's
 * messages and advice, rule codes), so each string is stored once in a table
 * and each finding as a row of numbers: about a tenth of the plain JSON, which
 * a full rescan reads and writes for every entity. Rows written before this
 * form (plain `{ files, skipped }` JSON) are still read.
 */
import type {
  CodeFinding,
  CodeSkippedFile,
  FileScan,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { CachedFileScan } from './CodeScanStore';

/** The stored form's version. */
const COMPACT = 2;

/**
 * One finding: 12 numbers, the indices into the string table (-1 for null)
 * and the positions: file, line, column, endLine, endColumn, rule, name,
 * message, help, severity, fix applicability, fix message.
 */
type FindingRow = number[];
const FINDING_ROW_LENGTH = 12;

/** One file: path, hash, the scan's file, its bytes, its findings. */
type FileRow = [number, number, number, number, FindingRow[]];

interface CompactFiles {
  v: typeof COMPACT;
  strings: string[];
  files: FileRow[];
  skipped: CodeSkippedFile[];
}

/** Encodes per-file scans and skipped files for `files_json`. */
export function encodeCodeScanFiles(
  files: readonly CachedFileScan[],
  skipped: readonly CodeSkippedFile[],
): string {
  const strings: string[] = [];
  const index = new Map<string, number>();
  const s = (value: string | null): number => {
    if (value === null) return -1;
    let i = index.get(value);
    if (i === undefined) {
      i = strings.length;
      strings.push(value);
      index.set(value, i);
    }
    return i;
  };
  const rows: FileRow[] = files.map(f => [
    s(f.path),
    s(f.hash),
    s(f.scan.file),
    f.scan.bytes,
    f.scan.findings.map(
      (x): FindingRow => [
        s(x.file),
        x.line,
        x.column,
        x.endLine,
        x.endColumn,
        s(x.rule),
        s(x.name),
        s(x.message),
        s(x.help),
        s(x.severity),
        s(x.fix ? x.fix.applicability : null),
        s(x.fix ? x.fix.message : null),
      ],
    ),
  ]);
  const out: CompactFiles = {
    v: COMPACT,
    strings,
    files: rows,
    skipped: [...skipped],
  };
  return JSON.stringify(out);
}

/** Thrown inside `decodeCodeScanFiles` for a row that does not hold together. */
class Corrupt extends Error {}

function decodeCompact(data: CompactFiles): {
  files: CachedFileScan[];
  skipped: CodeSkippedFile[];
} {
  const { strings } = data;
  if (!Array.isArray(strings) || !Array.isArray(data.files)) {
    throw new Corrupt();
  }
  const isString = (i: unknown) =>
    typeof i === 'number' && typeof strings[i] === 'string';
  const str = (i: unknown): string => {
    if (!isString(i)) throw new Corrupt();
    return strings[i as number];
  };
  const nullable = (i: unknown): string | null => (i === -1 ? null : str(i));
  // every row is checked now (a corrupt one means a rescan, decided here),
  // its findings built only when a file's scan is read: a full rescan reads
  // the cached scan for its hashes alone
  const isIndex = (i: unknown) => i === -1 || isString(i);
  // plain comparisons: checking every row must not allocate what a full
  // rescan avoids building
  const checkRow = (x: unknown) => {
    if (!Array.isArray(x) || x.length !== FINDING_ROW_LENGTH) {
      throw new Corrupt();
    }
    if (
      !isString(x[0]) ||
      typeof x[1] !== 'number' ||
      typeof x[2] !== 'number' ||
      typeof x[3] !== 'number' ||
      typeof x[4] !== 'number' ||
      !isString(x[5]) ||
      !isString(x[6]) ||
      !isString(x[7]) ||
      !isIndex(x[8]) ||
      !isString(x[9]) ||
      !isIndex(x[10]) ||
      !isIndex(x[11]) ||
      (x[10] !== -1 && x[11] === -1)
    ) {
      throw new Corrupt();
    }
  };
  const finding = (x: FindingRow): CodeFinding => {
    const applicability = nullable(x[10]);
    return {
      file: str(x[0]),
      line: x[1],
      column: x[2],
      endLine: x[3],
      endColumn: x[4],
      rule: str(x[5]),
      name: str(x[6]),
      message: str(x[7]),
      help: nullable(x[8]),
      severity: str(x[9]) as CodeFinding['severity'],
      fix:
        applicability === null
          ? null
          : {
              applicability: applicability as NonNullable<
                CodeFinding['fix']
              >['applicability'],
              message: str(x[11]),
            },
    };
  };
  const files = data.files.map((row): CachedFileScan => {
    if (!Array.isArray(row) || !Array.isArray(row[4])) throw new Corrupt();
    const rows = row[4];
    for (const x of rows) checkRow(x);
    const file = str(row[2]);
    const bytes = row[3];
    if (typeof bytes !== 'number') throw new Corrupt();
    let scan: FileScan | undefined;
    return {
      path: str(row[0]),
      hash: str(row[1]),
      get scan(): FileScan {
        scan ??= { file, bytes, findings: rows.map(finding) };
        return scan;
      },
    };
  });
  return { files, skipped: Array.isArray(data.skipped) ? data.skipped : [] };
}

/**
 * Decodes `files_json` (the compact form, or the plain JSON of rows stored
 * before it); undefined when it cannot be read (an unreadable cache only
 * costs a rescan).
 */
export function decodeCodeScanFiles(
  json: string,
): { files: CachedFileScan[]; skipped: CodeSkippedFile[] } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object') return undefined;
  const data = parsed as Partial<CompactFiles> & {
    files?: unknown;
    skipped?: unknown;
  };
  if (data.v === COMPACT) {
    try {
      return decodeCompact(data as CompactFiles);
    } catch (e) {
      if (e instanceof Corrupt || e instanceof TypeError) return undefined;
      throw e;
    }
  }
  if (data.v !== undefined) return undefined;
  // the plain form of earlier versions
  return {
    files: Array.isArray(data.files)
      ? (data.files as unknown as CachedFileScan[])
      : [],
    skipped: Array.isArray(data.skipped)
      ? (data.skipped as CodeSkippedFile[])
      : [],
  };
}
