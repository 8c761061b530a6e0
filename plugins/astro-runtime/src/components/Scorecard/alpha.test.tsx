import { createExtensionTester } from '@backstage/frontend-test-utils';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import plugin, { astroRuntimeScorecardEntityCard } from '../../alpha';
import { entityNamed } from './__testUtils__/renderScorecard';

describe('astro-runtime /alpha scorecard card', () => {
  it('is an entity card of the plugin', () => {
    // the id is also checked by the types of getExtension
    expect(
      plugin.getExtension('entity-card:astro-runtime/scorecard'),
    ).toBeDefined();
  });

  it('is offered on annotated entities and Components (the card asks the backend for the rest), not on other kinds', () => {
    const filter = createExtensionTester(astroRuntimeScorecardEntityCard).get(
      EntityCardBlueprint.dataRefs.filterFunction,
    )!;
    expect(filter(entityNamed('orders'))).toBe(true);
    const component = entityNamed('plain');
    component.metadata.annotations = {};
    expect(filter({ ...component, kind: 'Component' })).toBe(true);
    expect(filter({ ...component, kind: 'System' })).toBe(false);
  });
});
