/*
 * Status → facts. A pure mapping that only reads fields of the RuntimeStatus
 * the astro-runtime backend already computed (with the -common domain
 * functions); it decides nothing itself, so the card, the org page and the
 * scorecard never disagree.
 */
import {
  isLatestInLine,
  isPlacedInLine,
  isTagPinned,
  type EntityStatusRecord,
  type RuntimeStatus,
} from '@backstage-astro/plugin-astro-runtime-common';
import type { FactSchema } from '@backstage-community/plugin-tech-insights-common';
import type { TechInsightFact } from '@backstage-community/plugin-tech-insights-node';
import { parseEntityRef } from '@backstage/catalog-model';

/**
 * The facts `astroRuntimeFactRetriever` emits for one Astro project entity.
 *
 * @public
 */
export interface AstroRuntimeFacts {
  /** The repo's Runtime version without variant suffixes, e.g. `12.4.0` or `3.1-12`. */
  runtimeVersion: string;
  /** `airflow2` | `airflow3` | `certified` */
  runtimeLine: string;
  /** The repo is on the latest release of its own line. */
  isLatest: boolean;
  /** `none` | `patch` | `minor` | `major` | `line-change` */
  updateKind: string;
  /** Absent when the version could not be placed in its line (state `unknown-version` or `certified`). */
  majorsBehind?: number;
  minorsBehind?: number;
  /** The Runtime is inside its maintenance window; absent when its support dates are unknown. */
  maintained?: boolean;
  /** Whole days until end of maintenance (negative once past); absent when unknown. */
  daysUntilEndOfMaintenance?: number;
  yanked: boolean;
  /** Every Astro Deployment runs the repo's Runtime (true when there are none). */
  deploymentsInSync: boolean;
  /** At least one Deployment runs a newer Runtime than the repo: the next deploy would be refused. */
  downgradeBlocked: boolean;
  /** The tag pins a full version (not floating like `3.1`, partial like `12.1`, or unrecognized like `latest`). */
  tagPinned: boolean;
  /** Number of Astro Deployments the project deploys to. */
  deploymentCount: number;
  /**
   * Findings of ruff's Airflow 3 rules in the project's Python code that
   * break it on Airflow 3 (removed, moved to a provider, changed signature,
   * unparsable file); absent when the code was not scanned.
   */
  airflow3BlockingFindings?: number;
}

/**
 * The fact schema of `astroRuntimeFactRetriever` (one entry per fact).
 *
 * @public
 */
export const astroRuntimeFactSchema: FactSchema = {
  runtimeVersion: {
    type: 'string',
    description:
      "The Astro Runtime version in the repo's Dockerfile, without variant suffixes (e.g. 12.4.0, 3.1-12)",
  },
  runtimeLine: {
    type: 'string',
    description:
      'The Runtime release line: airflow2 (X.Y.Z), airflow3 (X.Y-N) or certified (legacy ap-airflow)',
  },
  isLatest: {
    type: 'boolean',
    description: 'The repo is on the latest Runtime release of its own line',
  },
  updateKind: {
    type: 'string',
    description:
      'The kind of update to the latest Runtime: none, patch, minor, major or line-change',
  },
  majorsBehind: {
    type: 'integer',
    description:
      'Major versions between the repo and the latest Runtime in its line (absent when the version cannot be placed)',
  },
  minorsBehind: {
    type: 'integer',
    description:
      'Minor versions between the repo and the latest Runtime in its line (absent when the version cannot be placed)',
  },
  maintained: {
    type: 'boolean',
    description:
      'The Runtime is inside its maintenance window (false in basic support or unsupported; absent when the support dates are unknown)',
  },
  daysUntilEndOfMaintenance: {
    type: 'integer',
    description:
      "Whole days until the Runtime's end of maintenance (negative once past; absent when unknown)",
  },
  yanked: {
    type: 'boolean',
    description: 'The Runtime release was yanked by Astronomer',
  },
  deploymentsInSync: {
    type: 'boolean',
    description:
      "Every Astro Deployment of the project runs the repo's Runtime (true when it has none)",
  },
  downgradeBlocked: {
    type: 'boolean',
    description:
      'A Deployment runs a newer Runtime than the repo: the next deploy would be refused',
  },
  tagPinned: {
    type: 'boolean',
    description:
      'The FROM tag pins a full Runtime version (not a floating or partial tag)',
  },
  deploymentCount: {
    type: 'integer',
    description: 'Number of Astro Deployments the project deploys to',
  },
  airflow3BlockingFindings: {
    type: 'integer',
    description:
      "Findings of ruff's Airflow 3 rules in the project's Python code that break it on Airflow 3 (absent when the code was not scanned)",
  },
};

/**
 * The facts for one status, or undefined when the status has no Astro
 * Runtime (not an Astro image, Dockerfile unreadable): such entities get no
 * facts, so the checks are skipped for them rather than failed.
 *
 * @public
 */
export function statusToFacts(
  status: RuntimeStatus,
): AstroRuntimeFacts | undefined {
  const runtime = status.runtime;
  if (!runtime) {
    return undefined;
  }
  const deployments = status.deployments ?? [];
  const facts: AstroRuntimeFacts = {
    runtimeVersion: runtime.version,
    runtimeLine: runtime.line,
    isLatest: isLatestInLine(status),
    updateKind: status.updateKind,
    yanked: status.yanked,
    deploymentsInSync: deployments.every(d => d.relation === 'in-sync'),
    downgradeBlocked: deployments.some(d => d.relation === 'downgrade-blocked'),
    tagPinned: isTagPinned(status),
    deploymentCount: deployments.length,
  };
  // The counts are only meaningful when assess() could place the version in
  // its line; for a floating/unrecognized tag or a certified image it reports
  // 0/0 as a placeholder, which must not pass "at most one minor behind".
  if (isPlacedInLine(status)) {
    facts.majorsBehind = status.majorsBehind;
    facts.minorsBehind = status.minorsBehind;
  }
  // Unknown support dates are not "unmaintained": leave the fact out so the
  // check is skipped. An Airflow 3 release without dates in the catalog has
  // them from the support policy (2 years of maintenance; at least until
  // 2027-04-30 when its release date is unknown), so its state is known until
  // that lower bound has passed.
  // An Astronomer Certified image has no Runtime lifecycle but is legacy and
  // unsupported (the domain's `certified-image` finding): not maintained.
  const lifecycleState = status.lifecycle?.state ?? 'unknown';
  if ((status.findings ?? []).some(f => f.id === 'certified-image')) {
    facts.maintained = false;
  } else if (lifecycleState !== 'unknown') {
    facts.maintained = lifecycleState === 'maintained';
  }
  // Not scanned (scanning off, or no listing of the repo) is not "ready":
  // the fact is left out, so the check is skipped.
  if (status.code) {
    facts.airflow3BlockingFindings = status.code.blocking;
  }
  const days = status.lifecycle?.daysToEndOfMaintenance;
  if (typeof days === 'number' && Number.isFinite(days)) {
    facts.daysUntilEndOfMaintenance = Math.trunc(days);
  }
  return facts;
}

/**
 * One stored status record → one TechInsightFact, or undefined when the
 * record has no assessed Astro Runtime. A stale record (newest refresh
 * failed) still yields its last known good facts.
 *
 * @public
 */
export function recordToFact(
  record: EntityStatusRecord,
): TechInsightFact | undefined {
  if (!record.status) {
    return undefined;
  }
  const facts = statusToFacts(record.status);
  if (!facts) {
    return undefined;
  }
  const { kind, namespace, name } = parseEntityRef(record.entityRef);
  return {
    entity: { kind, namespace, name },
    facts: { ...facts },
  };
}
