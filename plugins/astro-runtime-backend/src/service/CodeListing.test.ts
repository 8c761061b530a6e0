import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { MAX_CODE_FILE_BYTES } from '@backstage-astro/plugin-astro-runtime-common';
import { listLocal, listTree } from './CodeListing';
import { DEFAULT_CODE_SCAN_CONFIG } from './CodeScanConfig';

const big = Buffer.alloc(MAX_CODE_FILE_BYTES + 1, 'a');
const small = Buffer.from('import os\n');

describe('the code listing holds every file to the per-file cap', () => {
  it('skips a local file over the cap as too-large and lists the rest', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'code-listing-'));
    try {
      fs.mkdirSync(path.join(root, 'dags'));
      fs.writeFileSync(path.join(root, 'dags', 'big.py'), big);
      fs.writeFileSync(path.join(root, 'dags', 'small.py'), small);
      const listing = await listLocal(
        DEFAULT_CODE_SCAN_CONFIG,
        root,
        root,
        undefined,
      );
      expect(listing.files?.map(f => f.entry.path)).toEqual(['dags/small.py']);
      expect(listing.skipped).toEqual([
        { file: 'dags/big.py', reason: 'too-large', bytes: big.length },
      ]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  it.each([
    ['tells the size up front', true],
    ['does not tell the size', false],
  ])(
    'skips a tree file over the cap when the reader %s',
    async (_what, tellsSize) => {
      const entries = [
        { path: 'dags/big.py', content: big },
        { path: 'dags/small.py', content: small },
      ];
      const urlReader = {
        async readTree(_url: string, options: any) {
          const kept = entries.filter(e =>
            options.filter(
              e.path,
              tellsSize ? { size: e.content.length } : undefined,
            ),
          );
          return {
            etag: 'commit-1',
            files: async () =>
              kept.map(e => ({ path: e.path, content: async () => e.content })),
          };
        },
      } as unknown as UrlReaderService;
      const listing = await listTree(
        urlReader,
        DEFAULT_CODE_SCAN_CONFIG,
        'https://scm.test/repo/tree/main/',
        undefined,
      );
      expect(listing.files?.map(f => f.entry.path)).toEqual(['dags/small.py']);
      expect(listing.skipped).toEqual([
        { file: 'dags/big.py', reason: 'too-large', bytes: big.length },
      ]);
      expect(listing.treeEtag).toBe('commit-1');
    },
  );
});
