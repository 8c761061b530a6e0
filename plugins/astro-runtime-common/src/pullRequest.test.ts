import { getBundledCatalog } from './catalog';
import { considerationsFor } from './considerations';
import { renderUpgradePullRequest } from './pullRequest';

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
});
