import { assess } from './assess';
import { getBundledCatalog } from './catalog';
import { considerationsFor } from './considerations';
import {
  renderConsiderationsMarkdown,
  renderUpgradePullRequest,
} from './pullRequest';

describe('renderUpgradePullRequest', () => {
  const catalog = getBundledCatalog();
  it('has the path, the considerations, the test and deploy steps and the no-downgrade warning', () => {
    const considerations = considerationsFor('12.4.0', '3.1-12', catalog);
    const { title, body } = renderUpgradePullRequest({
      from: '12.4.0',
      to: '3.1-12',
      considerations,
      deploymentNames: ['prod', 'staging|*x*'],
    });
    expect(title).toBe('Upgrade Astro Runtime from 12.4.0 to 3.1-12');
    expect(body).toContain('`12.4.0`');
    expect(body).toContain('(Airflow 3)');
    for (const c of considerations)
      expect(body).toContain(c.title.replace(/`/g, '\\`'));
    expect(body).toContain('astro dev upgrade-test --runtime-version 3.1-12');
    expect(body).toContain('astro dev restart');
    expect(body).toContain('astro deploy');
    expect(body).toContain('Cannot deploy a downgraded Astro Runtime version');
    expect(body).toContain('- staging\\|\\*x\\*');
    expect(body).toContain('ruff AIR30');
  });
  it('says so when there is nothing to consider', () => {
    const { body } = renderUpgradePullRequest({
      from: '12.1.0',
      to: '12.1.1',
      considerations: [],
    });
    expect(body).toContain('No known breaking changes');
    expect(body).not.toContain('(Airflow 3)');
  });
  it('says only the Dockerfile changes when no providers were pinned', () => {
    for (const pinnedProviders of [undefined, []]) {
      const { body } = renderUpgradePullRequest({
        from: '12.4.0',
        to: '13.1.0',
        considerations: [],
        pinnedProviders,
      });
      expect(body).toContain('Only the version in the Dockerfile changes.');
      expect(body).not.toContain('## Provider pins');
    }
  });
  it('says requirements.txt changes too and lists the provider pins added', () => {
    const { body } = renderUpgradePullRequest({
      from: '12.4.0',
      to: '13.1.0',
      considerations: [],
      notes: ['dropped the digest'],
      pinnedProviders: [
        { name: 'apache-airflow-providers-amazon', version: '9.0.0' },
        { name: 'apache-airflow-providers-common-sql', version: '1.18.0' },
      ],
      requirementsPath: 'airflow/orders/requirements.txt',
    });
    expect(body).not.toContain('Only the version in the Dockerfile changes');
    expect(body).toContain(
      'The version in the Dockerfile changes, and `airflow/orders/requirements.txt` pins 2 provider packages of Runtime `12.4.0` (see "Provider pins").\n- dropped the digest\n',
    );
    expect(body).toContain(
      [
        '## Provider pins',
        '',
        'Pinned in `airflow/orders/requirements.txt` at the versions preinstalled in Runtime `12.4.0`, so the upgrade does not change them. Upgrade and test them one by one afterwards.',
        '',
        '- `apache-airflow-providers-amazon==9.0.0`',
        '- `apache-airflow-providers-common-sql==1.18.0`',
        '',
        '## Considerations for this upgrade',
      ].join('\n'),
    );
  });
  it('one pin, default requirements.txt, junk entries skipped', () => {
    const { body } = renderUpgradePullRequest({
      from: '3.1-2',
      to: '3.1-12',
      considerations: [],
      pinnedProviders: [
        null as any,
        { name: 'apache-airflow-providers-http' } as any,
        { name: 'apache-airflow-providers-http', version: '4.13.1' },
      ],
    });
    expect(body).toContain(
      '`requirements.txt` pins 1 provider package of Runtime `3.1-2`',
    );
    expect(body).toContain('- `apache-airflow-providers-http==4.13.1`\n');
    expect(body).not.toContain('undefined');
  });
});

describe('renderConsiderationsMarkdown', () => {
  const catalog = getBundledCatalog();
  it('is the considerations section of the pull request body, without its heading', () => {
    const considerations = considerationsFor('12.4.0', '3.1-12', catalog);
    const markdown = renderConsiderationsMarkdown(considerations);
    const { body } = renderUpgradePullRequest({
      from: '12.4.0',
      to: '3.1-12',
      considerations,
    });
    expect(body).toContain(
      `## Considerations for this upgrade\n\n${markdown}\n\n## Test locally`,
    );
    expect(markdown.split('\n')).toHaveLength(considerations.length);
    expect(markdown).not.toContain('## ');
  });
  it('one bullet per consideration: mark, escaped title, version, detail, docs link', () => {
    const markdown = renderConsiderationsMarkdown([
      {
        id: 'a',
        title: 'Uses *stars*',
        detail: 'line one\nline two',
        severity: 'error',
        version: '9.0.0',
        docUrl: 'https://example.test/a (b)',
      },
      { id: 'b', title: 'Plain', detail: 'x', severity: 'info' },
      {
        id: 'c',
        title: 'Only http links',
        detail: 'y',
        severity: 'warning',
        docUrl: 'ftp://example.test/c',
      },
    ]);
    expect(markdown.split('\n')).toEqual([
      '- 🛑 **Uses \\*stars\\*** (`9.0.0`): line one line two ([docs](https://example.test/a%20%28b%29))',
      '- ℹ️ **Plain**: x',
      '- ⚠️ **Only http links**: y',
    ]);
  });
  it('says so when there is nothing to consider (also for junk input)', () => {
    const none = 'No known breaking changes between these versions.';
    expect(renderConsiderationsMarkdown([])).toBe(none);
    expect(renderConsiderationsMarkdown(undefined as any)).toBe(none);
    expect(renderConsiderationsMarkdown([null as any])).toBe(none);
  });
});

describe('renderUpgradePullRequest: upgrade paths', () => {
  it('lists both paths, the recommended one and the one taken', () => {
    const status = assess({
      project: { dockerfile: 'FROM quay.io/astronomer/astro-runtime:12.4.0\n' },
      catalog: getBundledCatalog(),
      now: new Date('2026-12-02T00:00:00Z'),
    });
    const { body } = renderUpgradePullRequest({
      from: '12.4.0',
      to: '13.1.0',
      considerations: status.paths![0].considerations,
      paths: status.paths,
    });
    expect(body).toContain('## Upgrade paths');
    expect(body).toMatch(
      /- \*\*Stay on Airflow 2 until 2027-11-30: 13\.1\.0\*\* \(this pull request\): maintenance ended 2026-11-30/,
    );
    expect(body).toMatch(
      /- \*\*Move to Airflow 3: 3\.3-2\*\* \(recommended\): maintained at least until 2027-04-30 \(policy\)/,
    );
    expect(
      renderUpgradePullRequest({
        from: '12.4.0',
        to: '13.1.0',
        considerations: [],
      }).body,
    ).not.toContain('## Upgrade paths');
  });
});
