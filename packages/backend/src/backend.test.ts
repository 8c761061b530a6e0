import path from 'path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';

// Boots the same catalog the demo uses (examples/ through the file Location)
// and checks that the example Astro projects are served.
describe('demo backend', () => {
  it('loads the example Astro projects into the catalog', async () => {
    const root = path.resolve(__dirname, '../../..');
    const { server } = await startTestBackend({
      features: [
        catalogPlugin,
        mockServices.rootConfig.factory({
          data: {
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Location',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              locations: [
                { type: 'file', target: path.join(root, 'examples/all.yaml') },
              ],
              processingInterval: { seconds: 1 },
              orphanStrategy: 'keep',
            },
          },
        }),
      ],
    });

    // The catalog processes the example entities in batches, so one name
    // being served says nothing about the others: wait for all of them.
    const expected = [
      'orders-pipeline',
      'crm-sync',
      'legacy-reports',
      'web-dashboard',
    ];
    const allServed = (names: string[]) =>
      expected.every(name => names.includes(name));
    let names: string[] = [];
    for (let i = 0; i < 100 && !allServed(names); i++) {
      const res = await request(server).get(
        '/api/catalog/entities?filter=kind=component',
      );
      names = (res.body as Array<{ metadata: { name: string } }>).map(
        e => e.metadata.name,
      );
      if (!allServed(names)) {
        await new Promise(r => setTimeout(r, 500));
      }
    }
    expect(names).toEqual(expect.arrayContaining(expected));
  }, 90_000);
});
