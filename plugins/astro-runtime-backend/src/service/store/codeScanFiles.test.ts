import type { CodeFinding } from '@backstage-astro/plugin-astro-runtime-common';
import type { CachedFileScan } from './CodeScanStore';
import { decodeCodeScanFiles, encodeCodeScanFiles } from './codeScanFiles';

function finding(file: string, over: Partial<CodeFinding> = {}): CodeFinding {
  return {
    file,
    line: 3,
    column: 7,
    endLine: 3,
    endColumn: 19,
    rule: 'AIR301',
    name: 'airflow3-removal',
    message: '`schedule_interval` is removed in Airflow 3.0',
    help: 'Use `schedule` instead',
    severity: 'blocking',
    fix: { applicability: 'safe', message: 'Use `schedule` instead' },
    ...over,
  };
}

const files: CachedFileScan[] = [
  {
    path: 'dags/a.py',
    hash: 'sha256:aa',
    scan: {
      file: 'dags/a.py',
      bytes: 4096,
      findings: [
        finding('dags/a.py'),
        finding('dags/a.py', { line: 9, fix: null, help: null }),
        finding('dags/a.py', {
          rule: 'AIR302',
          name: 'airflow3-moved-to-provider',
          message: 'moved\n  to "a provider" \u00e9 \ud83d\ude00',
          fix: { applicability: 'unsafe', message: 'import it from there' },
        }),
      ],
    },
  },
  // no findings; the scan's file differs from the cache's path
  {
    path: 'dags/b.py',
    hash: 'etag:"b"',
    scan: { file: 'other/b.py', bytes: 0, findings: [] },
  },
  {
    path: 'dags/é 😀.py',
    hash: 'sha256:cc',
    scan: {
      file: 'dags/é 😀.py',
      bytes: 12,
      findings: [
        finding('dags/é 😀.py', {
          rule: 'syntax-error',
          name: 'syntax-error',
          message: 'SyntaxError: Expected `)`',
          help: null,
          fix: null,
          severity: 'blocking',
        }),
        finding('dags/é 😀.py', {
          rule: 'AIR311',
          name: 'airflow3-suggested-update',
          severity: 'advice',
          help: '',
        }),
      ],
    },
  },
];
const skipped = [
  { file: 'dags/huge.py', reason: 'too-large' as const, bytes: 2_000_000 },
];

describe('codeScanFiles', () => {
  it('gives back what it stored, field for field', () => {
    expect(decodeCodeScanFiles(encodeCodeScanFiles(files, skipped))).toEqual({
      files,
      skipped,
    });
    expect(decodeCodeScanFiles(encodeCodeScanFiles([], []))).toEqual({
      files: [],
      skipped: [],
    });
  });

  it('stores each string once: a tenth of the plain JSON for a typical project', () => {
    const many: CachedFileScan[] = Array.from({ length: 20 }, (_, i) => ({
      path: `dags/dag_${i}.py`,
      hash: `sha256:${i}`,
      scan: {
        file: `dags/dag_${i}.py`,
        bytes: 4096,
        findings: Array.from({ length: 8 }, (_x, k) =>
          finding(`dags/dag_${i}.py`, { line: k + 1 }),
        ),
      },
    }));
    const compact = encodeCodeScanFiles(many, []).length;
    const plain = JSON.stringify({ files: many, skipped: [] }).length;
    expect(compact / plain).toBeLessThan(0.2);
    expect(decodeCodeScanFiles(encodeCodeScanFiles(many, []))?.files).toEqual(
      many,
    );
  });

  it("checks every row when read, and builds a file's findings once, when first asked", () => {
    const decoded = decodeCodeScanFiles(encodeCodeScanFiles(files, skipped))!;
    const first = decoded.files[0].scan;
    expect(first).toEqual(files[0].scan);
    expect(decoded.files[0].scan).toBe(first);
    // a corrupt row anywhere is found at once, not when its file is read
    const json = JSON.parse(encodeCodeScanFiles(files, skipped));
    json.files.at(-1)[4].at(-1)[7] = 10_000;
    expect(decodeCodeScanFiles(JSON.stringify(json))).toBeUndefined();
  });

  it('reads the plain form rows were stored in before', () => {
    expect(decodeCodeScanFiles(JSON.stringify({ files, skipped }))).toEqual({
      files,
      skipped,
    });
    expect(decodeCodeScanFiles('{}')).toEqual({ files: [], skipped: [] });
  });

  it.each([
    ['not JSON', '{"v":2,'],
    ['not an object', '42'],
    ['an unknown version', '{"v":3,"strings":[],"files":[]}'],
    ['no string table', '{"v":2,"files":[]}'],
    [
      'a string index out of range',
      '{"v":2,"strings":["a"],"files":[[0,0,0,1,[]],[0,5,0,1,[]]]}',
    ],
    [
      'a finding row of the wrong length',
      '{"v":2,"strings":["a"],"files":[[0,0,0,1,[[0,1,1,1,1]]]]}',
    ],
    [
      'a line that is not a number',
      '{"v":2,"strings":["a"],"files":[[0,0,0,1,[[0,"1",1,1,1,0,0,0,-1,0,-1,-1]]]]}',
    ],
    ['a file row that is not a row', '{"v":2,"strings":["a"],"files":[7]}'],
    [
      'a message index out of range',
      '{"v":2,"strings":["a"],"files":[[0,0,0,1,[[0,1,1,1,1,0,0,9,-1,0,-1,-1]]]]}',
    ],
    [
      'a fix without its message',
      '{"v":2,"strings":["a"],"files":[[0,0,0,1,[[0,1,1,1,1,0,0,0,-1,0,0,-1]]]]}',
    ],
    [
      'bytes that are not a number',
      '{"v":2,"strings":["a"],"files":[[0,0,0,"1",[]]]}',
    ],
  ])('reads %s as no cache (a rescan), never throws', (_, json) => {
    expect(decodeCodeScanFiles(json)).toBeUndefined();
  });
});
