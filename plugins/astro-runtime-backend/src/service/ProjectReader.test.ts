import { Readable } from 'stream';
import { ConfigReader } from '@backstage/config';
import type { UrlReaderService } from '@backstage/backend-plugin-api';
import { ScmIntegrations } from '@backstage/integration';
import { MB } from '../__testUtils__/hugeBody';
import type { ProjectLocation } from './ProjectLocator';
import {
  DefaultProjectReader,
  MAX_PROJECT_FILE_BYTES,
  unsafeRelativePath,
} from './ProjectReader';

const integrations = ScmIntegrations.fromConfig(new ConfigReader({}));

function location(projectPath: string): ProjectLocation {
  return {
    entityRef: 'component:default/x',
    annotated: true,
    deploymentIds: [],
    projectPath,
    source: { type: 'url', base: 'https://scm.test/repo/' },
  };
}

/** A urlReader answering every URL with `body()`, recording the URLs. */
function reader(body: () => Readable) {
  const urls: string[] = [];
  const urlReader = {
    async readUrl(url: string) {
      urls.push(url);
      return {
        buffer: async () => {
          throw new Error('buffer() must not be used');
        },
        stream: body,
        etag: '"e"',
      };
    },
  } as unknown as UrlReaderService;
  return {
    project: new DefaultProjectReader(urlReader, integrations, { retries: 0 }),
    urls,
  };
}

describe('DefaultProjectReader', () => {
  it('refuses percent-encoded dot segments like ..', async () => {
    for (const path of [
      '%2e%2e',
      '%2E%2E/x',
      '.%2e',
      'a/%2e%2e/%2e%2e',
      '%2e',
      'a%2fb',
      'a%5c..',
      '%zz',
    ]) {
      expect([path, unsafeRelativePath(`${path}/Dockerfile`)]).toEqual([
        path,
        expect.any(String),
      ]);
    }
    for (const path of ['airflow', 'a/b', 'dags.v2', '..foo', 'x%20y']) {
      expect(unsafeRelativePath(`${path}/Dockerfile`)).toBeUndefined();
    }
    const { project, urls } = reader(() => Readable.from(['FROM x\n']));
    await expect(
      project.readFile(location('%2e%2e/secret'), 'Dockerfile'),
    ).rejects.toMatchObject({
      code: 'path-outside-location',
    });
    expect(urls).toEqual([]);
    await expect(
      project.readFile(location('airflow'), 'Dockerfile'),
    ).resolves.toMatchObject({
      state: 'read',
      text: 'FROM x\n',
      url: 'https://scm.test/repo/airflow/Dockerfile',
    });
  });

  it('stops reading a huge file at the cap', async () => {
    let produced = 0;
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const { project } = reader(
      () =>
        new Readable({
          read() {
            if (produced >= 100 * MB) {
              this.push(null);
              return;
            }
            produced += chunk.length;
            this.push(chunk);
          },
        }),
    );
    await expect(
      project.readFile(location('.'), 'Dockerfile'),
    ).rejects.toMatchObject({
      code: 'too-large',
      message: expect.stringContaining(
        `larger than ${MAX_PROJECT_FILE_BYTES} bytes`,
      ),
    });
    expect(produced).toBeLessThan(3 * MB);
  });
});
