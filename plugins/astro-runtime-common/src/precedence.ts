/*
 * The overall state of an assessed project: the first row of one ordered
 * table whose condition holds. The package README's state table is tested
 * against this table.
 */
import type { OverallState, UpdateKind } from './types';

/**
 * What the state table looks at, gathered by `assess`.
 *
 * @public
 */
export interface StateFacts {
  /** The final stage is not an Astro image. */
  notAstro: boolean;
  /** An Astronomer Certified (`ap-airflow`) image. */
  certified: boolean;
  /** No or unreadable Dockerfile, floating / `latest` / unparseable tag, or a version newer than the catalog. */
  unknownVersion: boolean;
  /** A Deployment runs a newer Runtime than the repository. */
  downgradeBlocked: boolean;
  yanked: boolean;
  /** Past the end of maintenance and of basic support. */
  unsupported: boolean;
  /** Within the project's own line. */
  updateKind: UpdateKind;
}

/**
 * One row of the state table.
 *
 * @public
 */
export interface StateRule {
  state: OverallState;
  when: (facts: StateFacts) => boolean;
  /** The condition in words (the README's "when" column). */
  description: string;
}

/**
 * The state table, first match wins.
 *
 * @public
 */
export const STATE_RULES: readonly StateRule[] = [
  {
    state: 'not-astro',
    when: f => f.notAstro,
    description: 'the final stage is not an Astro image',
  },
  {
    state: 'certified',
    when: f => f.certified,
    description: 'Astronomer Certified (`ap-airflow`)',
  },
  {
    state: 'unknown-version',
    when: f => f.unknownVersion,
    description:
      'no/unreadable Dockerfile, floating / `latest` / unparseable tag, or newer than the catalog',
  },
  {
    state: 'downgrade-blocked',
    when: f => f.downgradeBlocked,
    description: 'a Deployment runs a newer Runtime than the repo',
  },
  {
    state: 'yanked',
    when: f => f.yanked,
    description: "the repo's version is yanked",
  },
  {
    state: 'unsupported',
    when: f => f.unsupported,
    description: 'past end of maintenance and basic support',
  },
  {
    state: 'major-behind',
    when: f => f.updateKind === 'major',
    description: '`updateKind` major',
  },
  {
    state: 'minor-behind',
    when: f => f.updateKind === 'minor',
    description: '`updateKind` minor',
  },
  {
    state: 'patch-behind',
    when: f => f.updateKind === 'patch',
    description: '`updateKind` patch',
  },
  {
    state: 'line-change-available',
    when: f => f.updateKind === 'line-change',
    description: 'top of Airflow 2, Airflow 3 exists',
  },
  {
    state: 'up-to-date',
    when: () => true,
    description: 'none of the above',
  },
];

/**
 * The states in precedence order (the order of filters and charts).
 *
 * @public
 */
export const STATE_PRECEDENCE: readonly OverallState[] = STATE_RULES.map(
  r => r.state,
);

/**
 * The state of a project: the first rule of `STATE_RULES` whose condition holds.
 *
 * @public
 */
export function stateFor(facts: StateFacts): OverallState {
  for (const rule of STATE_RULES) if (rule.when(facts)) return rule.state;
  return 'up-to-date';
}
