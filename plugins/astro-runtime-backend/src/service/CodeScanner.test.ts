import { createHash } from 'crypto';
import { mockServices } from '@backstage/backend-test-utils';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { NotModifiedError } from '@backstage/errors';
import { ScmIntegrations } from '@backstage/integration';
import type { CodeFinding } from '@backstage-astro/plugin-astro-runtime-common';
import {
  createInProcessAstroRuntimeWorkerPool,
  type AstroRuntimeWorkerPool,
  type CodeFilesTaskInput,
  type ScanFilesTaskOutput,
} from '@backstage-astro/plugin-astro-runtime-node';
import { createTestDatabases } from '../__testUtils__/databases';
import { CODE_ENGINE, CodeScanner } from './CodeScanner';
import type { ProjectLocation } from './ProjectLocator';
import { DatabaseStatusStore } from './StatusStore';
import { codeScanFingerprint, DatabaseCodeScanStore } from './CodeScanStore';

jest.setTimeout(60_000);

const { databases } = createTestDatabases();
const REF = 'component:default/etl';
const location: ProjectLocation = {
  entityRef: REF,
  annotated: true,
  deploymentIds: [],
  projectPath: '.',
  source: { type: 'url', base: 'https://github.com/acme/etl/tree/main/' },
};

/** A repo behind `readTree`: its etag is the hash of its files ("the commit"). */
class FakeRepo {
  files = new Map<string, string>();
  fail?: Error;
  calls: Array<{ etag?: string; answer: 'tree' | 'not-modified' | 'error' }> =
    [];

  get etag() {
    return createHash('sha1')
      .update(JSON.stringify([...this.files].sort()))
      .digest('hex');
  }

  reader(): UrlReaderService {
    return {
      readUrl: async () => {
        throw new Error('not used');
      },
      search: async () => {
        throw new Error('not used');
      },
      readTree: async (_url, options) => {
        if (this.fail) {
          this.calls.push({ etag: options?.etag, answer: 'error' });
          throw this.fail;
        }
        const etag = this.etag;
        if (options?.etag === etag) {
          this.calls.push({ etag: options.etag, answer: 'not-modified' });
          throw new NotModifiedError();
        }
        this.calls.push({ etag: options?.etag, answer: 'tree' });
        const files = [...this.files]
          .filter(([p, text]) =>
            options?.filter
              ? options.filter(p, { size: Buffer.byteLength(text) })
              : true,
          )
          .map(([p, text]) => ({
            path: p,
            content: async () => Buffer.from(text),
          }));
        return {
          etag,
          files: async () => files,
          archive: async () => {
            throw new Error('not used');
          },
          dir: async () => {
            throw new Error('not used');
          },
        };
      },
    };
  }
}

/** One blocking finding per call of `days_ago`, as a stand-in for ruff. */
function findingsOf(file: string, text: string): CodeFinding[] {
  return text.split('\n').flatMap((line, i) =>
    line.includes('days_ago(')
      ? [
          {
            file,
            line: i + 1,
            column: 1,
            endLine: i + 1,
            endColumn: 2,
            rule: 'AIR301',
            name: 'airflow3-removal',
            message: '`days_ago` is removed in Airflow 3.0',
            help: null,
            severity: 'blocking' as const,
            fix: null,
          },
        ]
      : [],
  );
}

/** The in-process pool whose code task is the stand-in above, counting files. */
function fakePool() {
  const inner = createInProcessAstroRuntimeWorkerPool();
  const scanned: string[] = [];
  const pool: AstroRuntimeWorkerPool = {
    ...inner,
    run: async <T>(task: string, input: unknown) => {
      if (task !== 'scanCode') throw new Error(`unexpected task ${task}`);
      const { files } = input as CodeFilesTaskInput;
      scanned.push(...files.map(f => f.path));
      const output: ScanFilesTaskOutput = {
        engine: { name: 'ruff', version: '0.16.10' },
        scans: files.map(f => {
          const text = Buffer.from(f.bytes).toString('utf8');
          return {
            file: f.path,
            bytes: f.bytes.length,
            findings: findingsOf(f.path, text),
          };
        }),
      };
      return output as T;
    },
  };
  return { pool, scanned };
}

async function setup() {
  const knex = await databases.init('SQLITE_3');
  await DatabaseStatusStore.migrate(knex);
  const store = new DatabaseCodeScanStore(knex);
  const repo = new FakeRepo();
  repo.files.set(
    'dags/a.py',
    'from airflow.utils.dates import days_ago\nx = days_ago(1)\n',
  );
  repo.files.set('dags/b.py', 'print("clean")\n');
  repo.files.set('README.md', '# not Python');
  const { pool, scanned } = fakePool();
  let clock = Date.parse('2026-12-02T10:00:00.000Z');
  const scanner = () =>
    new CodeScanner({
      urlReader: repo.reader(),
      integrations: ScmIntegrations.fromConfig(new ConfigReader({})),
      workers: pool,
      store,
      logger: mockServices.logger.mock(),
      now: () => new Date((clock += 60_000)),
    });
  return { knex, store, repo, scanned, scanner };
}

describe('CodeScanner', () => {
  it('reads only the head of the cached scan when the tree is unchanged, and the findings when asked', async () => {
    const { store, repo, scanned, scanner } = await setup();
    const s = scanner();
    const first = await s.scan(location);
    expect(first.error).toBeUndefined();
    expect(first.rescanned).toBe(2);
    expect(scanned.sort()).toEqual(['dags/a.py', 'dags/b.py']);
    const firstCode = await first.code!();
    expect(firstCode?.blocking).toBe(1);

    const get = jest.spyOn(store, 'get');
    const put = jest.spyOn(store, 'put');
    scanned.length = 0;
    repo.calls.length = 0;
    const again = await s.scan(location);
    expect(again).toMatchObject({
      rescanned: 0,
      fingerprint: first.fingerprint,
    });
    expect(scanned).toEqual([]);
    expect(repo.calls).toEqual([{ etag: repo.etag, answer: 'not-modified' }]);
    // nothing but the head was read, nothing written
    expect(get).not.toHaveBeenCalled();
    expect(put).not.toHaveBeenCalled();
    // the findings, when a status is written: read once
    expect(await again.code!()).toEqual(firstCode);
    expect(await again.code!()).toEqual(firstCode);
    expect(get).toHaveBeenCalledTimes(1);

    // another scanner (a restarted backend) does the same from the database
    repo.calls.length = 0;
    const fresh = await scanner().scan(location);
    expect(fresh).toMatchObject({
      rescanned: 0,
      fingerprint: first.fingerprint,
    });
    expect(repo.calls).toEqual([{ etag: repo.etag, answer: 'not-modified' }]);
  });

  it('rescans only changed files; a commit that changes no Python file only moves the tree etag', async () => {
    const { store, repo, scanned, scanner } = await setup();
    const s = scanner();
    const first = await s.scan(location);

    repo.files.set('README.md', '# still not Python, but a new commit');
    scanned.length = 0;
    const put = jest.spyOn(store, 'put');
    const moved = await s.scan(location);
    expect(moved).toMatchObject({
      rescanned: 0,
      fingerprint: first.fingerprint,
    });
    expect(put).not.toHaveBeenCalled();
    expect((await store.getHead(REF))?.treeEtag).toBe(repo.etag);

    repo.files.set('dags/b.py', 'start = days_ago(2)\n');
    const changed = await s.scan(location);
    expect(scanned).toEqual(['dags/b.py']);
    expect(changed.rescanned).toBe(1);
    expect(changed.fingerprint).not.toBe(first.fingerprint);
    expect((await changed.code!())?.blocking).toBe(2);
    const head = await store.getHead(REF);
    expect(head).toMatchObject({
      treeEtag: repo.etag,
      engine: CODE_ENGINE,
      fingerprint: changed.fingerprint,
    });
    expect(codeScanFingerprint((await store.get(REF))!)).toBe(
      head?.fingerprint,
    );
  });

  it('keeps the last good findings when the tree cannot be read', async () => {
    const { repo, scanner } = await setup();
    const s = scanner();
    const first = await s.scan(location);
    const good = await first.code!();
    repo.fail = new Error('SCM is down');
    const failed = await s.scan(location);
    expect(failed.error?.message).toMatch(/SCM is down/);
    expect(failed.fingerprint).toBe(
      `${first.fingerprint}:error:${failed.error!.message}`,
    );
    const kept = await failed.code!();
    expect(kept?.findings).toEqual(good?.findings);
    expect(kept?.scannedAt).toBe(good?.scannedAt);
    expect(kept?.error?.message).toMatch(/SCM is down/);
  });

  it('rescans everything when the cached scans are from another engine', async () => {
    const { knex, repo, scanned, scanner } = await setup();
    await scanner().scan(location);
    await knex('astro_runtime_code_scan').update({ engine: 'ruff 0.0.1' });
    scanned.length = 0;
    repo.calls.length = 0;
    const again = await scanner().scan(location);
    expect(again.rescanned).toBe(2);
    expect(repo.calls).toEqual([{ etag: undefined, answer: 'tree' }]);
  });

  it('does not trust a remembered tree etag that the database no longer holds', async () => {
    const { repo, scanned, scanner } = await setup();
    const a = scanner();
    const b = scanner();
    const onA = await a.scan(location);
    const original = new Map(repo.files);
    // another replica scans a newer commit...
    repo.files.set('dags/b.py', 'start = days_ago(2)\n');
    const onB = await b.scan(location);
    expect(onB.fingerprint).not.toBe(onA.fingerprint);
    // ...which is force-pushed away: the tree is A's again
    repo.files = original;
    scanned.length = 0;
    repo.calls.length = 0;
    const back = await a.scan(location);
    // A's remembered etag answered "not modified", but the database holds
    // B's scan: the tree is listed again against B's etag
    expect(repo.calls.map(c => c.answer)).toEqual(['not-modified', 'tree']);
    expect(scanned).toEqual(['dags/b.py']);
    expect(back.fingerprint).toBe(onA.fingerprint);
    expect((await back.code!())?.blocking).toBe(1);
  });

  it('forgets a scan whose per-file scans are lost, so the next one reads the whole tree', async () => {
    const { knex, store, repo, scanned, scanner } = await setup();
    const s = scanner();
    const first = await s.scan(location);
    await knex('astro_runtime_code_scan_files').delete();
    const again = await s.scan(location);
    expect(again).toMatchObject({
      rescanned: 0,
      fingerprint: first.fingerprint,
    });
    expect(await again.code!()).toBeUndefined();
    expect(await store.getHead(REF)).toBeUndefined();
    scanned.length = 0;
    repo.calls.length = 0;
    const healed = await s.scan(location);
    expect(repo.calls).toEqual([{ etag: undefined, answer: 'tree' }]);
    expect(healed.rescanned).toBe(2);
    expect((await healed.code!())?.blocking).toBe(1);
  });

  it('fills in the fingerprint of a scan cached before fingerprints were kept', async () => {
    const { knex, store, scanned, scanner } = await setup();
    const first = await scanner().scan(location);
    await knex('astro_runtime_code_scan').update({ fingerprint: null });
    scanned.length = 0;
    const again = await scanner().scan(location);
    expect(again).toMatchObject({
      rescanned: 0,
      fingerprint: first.fingerprint,
    });
    expect((await store.getHead(REF))?.fingerprint).toBe(first.fingerprint);
  });
});
