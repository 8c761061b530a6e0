import { DOCKERFILES, DOWNGRADE_DEPLOYMENTS, statusFor } from './fixtures';

// Guards the fixtures: if the domain changes what a Dockerfile means, the card
// tests built on these would silently test something else.
describe('fixtures', () => {
  it.each([
    ['upToDate', 'up-to-date'],
    ['patchBehind', 'patch-behind'],
    ['minorBehind', 'minor-behind'],
    ['majorBehind', 'major-behind'],
    ['moveToAirflow3', 'line-change-available'],
    ['yanked', 'yanked'],
    ['unsupported', 'unsupported'],
    ['certified', 'certified'],
    ['notAstro', 'not-astro'],
    ['floating', 'unknown-version'],
  ] as const)('%s is %s', (key, state) => {
    expect(statusFor(DOCKERFILES[key]).state).toBe(state);
  });

  it('downgrade is downgrade-blocked', () => {
    const s = statusFor(DOCKERFILES.downgrade, DOWNGRADE_DEPLOYMENTS);
    expect(s.state).toBe('downgrade-blocked');
    expect(s.deployments.map(d => d.relation)).toEqual([
      'in-sync',
      'downgrade-blocked',
      'pending-deploy',
    ]);
  });
});
