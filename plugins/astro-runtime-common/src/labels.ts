/*
 * Labels, descriptions and severities the card, the org page, the pull
 * request, the scorecards and the CLI show, so no UI re-decides them.
 */
import { deadlineSeverity } from './rules';
import type {
  DeploymentRelation,
  Lifecycle,
  OverallState,
  RuntimeLine,
  Severity,
  UpdateKind,
  UpgradePath,
} from './types';

const STATES: Record<
  OverallState,
  { label: string; severity: Severity | 'ok'; description: string }
> = {
  'not-astro': {
    label: 'Not Astro Runtime',
    severity: 'info',
    description: 'The Dockerfile is not based on an Astro Runtime image.',
  },
  certified: {
    label: 'Astronomer Certified',
    severity: 'error',
    description:
      'Legacy Astronomer Certified image (unsupported): migrate to Astro Runtime.',
  },
  'unknown-version': {
    label: 'Unknown version',
    severity: 'warning',
    description:
      'The Runtime version could not be determined or is not in the release catalog.',
  },
  'downgrade-blocked': {
    label: 'Downgrade blocked',
    severity: 'error',
    description:
      'A Deployment runs a newer Runtime than the repository: the next deploy will be refused.',
  },
  yanked: {
    label: 'Yanked',
    severity: 'error',
    description: 'The Runtime version was yanked: upgrade.',
  },
  unsupported: {
    label: 'Unsupported',
    severity: 'error',
    description:
      'The Runtime version is past its end of maintenance and basic support.',
  },
  'major-behind': {
    label: 'Major upgrade available',
    severity: 'warning',
    description: 'A newer major Runtime version is available.',
  },
  'minor-behind': {
    label: 'Minor upgrade available',
    severity: 'info',
    description: 'A newer minor Runtime version is available.',
  },
  'patch-behind': {
    label: 'Patch available',
    severity: 'info',
    description: 'A newer patch of this Runtime version is available.',
  },
  'line-change-available': {
    label: 'Airflow 3 available',
    severity: 'info',
    description:
      'Up to date on Airflow 2; the Airflow 3 Runtime line is available.',
  },
  'up-to-date': {
    label: 'Up to date',
    severity: 'ok',
    description: 'The latest Runtime version.',
  },
};

/**
 * Label, severity and one-line description of an overall state.
 *
 * @public
 */
export function describeState(state: OverallState): {
  label: string;
  severity: Severity | 'ok';
  description: string;
} {
  return (
    STATES[state] ?? {
      label: String(state),
      severity: 'warning',
      description: '',
    }
  );
}

/**
 * The severity of a state alone (the status's `severity` also counts its findings).
 *
 * @public
 */
export function stateSeverity(state: OverallState): Severity | 'ok' {
  return describeState(state).severity;
}

const UPDATE_KINDS: Record<UpdateKind, { label: string; description: string }> =
  {
    none: { label: 'None', description: 'No newer version.' },
    patch: {
      label: 'Patch',
      description: 'A newer patch of the same major.minor.',
    },
    minor: { label: 'Minor', description: 'A newer minor of the same major.' },
    major: { label: 'Major', description: 'A newer major.' },
    'line-change': {
      label: 'Airflow 3',
      description:
        'A move from the Airflow 2 Runtime line to the Airflow 3 line (X.Y-N).',
    },
  };

/** @public */
export function describeUpdateKind(kind: UpdateKind): {
  label: string;
  description: string;
} {
  return UPDATE_KINDS[kind] ?? { label: String(kind), description: '' };
}

const RELATIONS: Record<
  DeploymentRelation,
  { label: string; severity: Severity | 'ok' }
> = {
  'in-sync': { label: 'In sync', severity: 'ok' },
  'pending-deploy': { label: 'Pending deploy', severity: 'info' },
  'downgrade-blocked': { label: 'Downgrade blocked', severity: 'error' },
  unknown: { label: 'Unknown', severity: 'info' },
};

/** @public */
export function describeRelation(relation: DeploymentRelation): {
  label: string;
  severity: Severity | 'ok';
} {
  return RELATIONS[relation] ?? { label: String(relation), severity: 'info' };
}

/**
 * The Runtime lines, newest first (the order of filters and picker groups).
 *
 * @public
 */
export const RUNTIME_LINES: readonly RuntimeLine[] = [
  'airflow3',
  'airflow2',
  'certified',
];

const LINES: Record<RuntimeLine, { label: string; description: string }> = {
  airflow3: {
    label: 'Airflow 3 (X.Y-N)',
    description:
      'Astro Runtime for Airflow 3: tags X.Y-N (e.g. 3.1-12), image astrocrpublic.azurecr.io/runtime.',
  },
  airflow2: {
    label: 'Airflow 2 (X.Y.Z)',
    description:
      'Astro Runtime for Airflow 2: tags X.Y.Z (Runtime 3.0.0 to 13.x), image quay.io/astronomer/astro-runtime.',
  },
  certified: {
    label: 'Astronomer Certified',
    description:
      'Legacy Astronomer Certified ap-airflow images (unsupported): migrate to Astro Runtime.',
  },
};

/**
 * Label and one-line description of a Runtime line (filters, picker groups, CLI).
 *
 * @public
 */
export function describeLine(line: RuntimeLine): {
  label: string;
  description: string;
} {
  return LINES[line] ?? { label: String(line), description: '' };
}

function basisNote(lc: Lifecycle): string {
  return lc.basis === 'policy' || lc.basis === 'policy-lower-bound'
    ? ' (policy)'
    : '';
}

/**
 * The lifecycle as one label and a severity: "Maintained until D", with
 * "at least" and "(policy)" when the date is a lower bound or derived from the
 * lifecycle policy; "Basic support until E (maintenance ended D)";
 * "Unsupported since E".
 *
 * @public
 */
export function describeLifecycle(lc: Lifecycle): {
  label: string;
  severity: Severity | 'ok';
} {
  const eom = lc?.endOfMaintenance;
  const eobs = lc?.endOfBasicSupport;
  const note = lc ? basisNote(lc) : '';
  switch (lc?.state) {
    case 'maintained':
      if (!eom) return { label: 'Maintained', severity: 'ok' };
      if (lc.basis === 'policy-lower-bound')
        return {
          label: `Maintained at least until ${eom}${note}`,
          severity: 'ok',
        };
      return {
        label: `Maintained until ${eom}${note}`,
        severity: deadlineSeverity(lc.daysToEndOfMaintenance, 'ok'),
      };
    case 'basic-support':
      return {
        label: eobs
          ? `Basic support until ${eobs}${
              eom ? ` (maintenance ended ${eom})` : ''
            }${note}`
          : 'Basic support',
        severity: 'warning',
      };
    case 'unsupported':
      return {
        label:
          eobs || eom
            ? `Unsupported since ${eobs ?? eom}${note}`
            : 'Unsupported',
        severity: 'error',
      };
    default:
      return {
        label:
          lc?.basis === 'policy-lower-bound' && eom
            ? `Unknown lifecycle (maintained at least until ${eom}${note})`
            : 'Unknown lifecycle',
        severity: 'info',
      };
  }
}

/**
 * The short support phrase of a target version for pickers and path
 * headings: "maintained until D", "maintained at least until D (policy)",
 * "maintenance ended D", "basic support until E", "unsupported since E".
 *
 * @public
 */
export function describeSupport(lc: Lifecycle): string {
  const eom = lc?.endOfMaintenance;
  const eobs = lc?.endOfBasicSupport;
  const note = lc ? basisNote(lc) : '';
  switch (lc?.state) {
    case 'maintained':
      if (!eom) return 'maintained';
      return lc.basis === 'policy-lower-bound'
        ? `maintained at least until ${eom}${note}`
        : `maintained until ${eom}${note}`;
    case 'basic-support':
      return [
        eom ? `maintenance ended ${eom}` : 'maintenance ended',
        eobs ? `basic support until ${eobs}${note}` : 'basic support',
      ].join(', ');
    case 'unsupported':
      return eobs || eom ? `unsupported since ${eobs ?? eom}` : 'unsupported';
    default:
      return lc?.basis === 'policy-lower-bound' && eom
        ? `maintenance ended or ends after ${eom}${note}`
        : 'lifecycle unknown';
  }
}

/**
 * The heading of an upgrade path: "Stay on Airflow 2 until (the end of
 * basic support)" (or "Stay on Airflow 3 line" for an Airflow 3 project) for
 * `in-line`, "Move to Airflow 3" for `airflow3`.
 *
 * @public
 */
export function describePath(path: UpgradePath): {
  label: string;
  description: string;
} {
  if (path?.kind === 'airflow3') {
    return {
      label: 'Move to Airflow 3',
      description: path.via
        ? `Upgrade to ${path.via} and deploy it first: ${
            path.blockedReason ?? 'Airflow 3 needs Runtime 12 or later first'
          }.`
        : 'Move to the Airflow 3 Runtime line (X.Y-N).',
    };
  }
  const lc = path?.lifecycle;
  const af2 = path?.target && /^\d+\.\d+\.\d+/.test(path.target);
  const until = lc?.endOfBasicSupport ?? lc?.endOfMaintenance;
  return {
    label: af2
      ? `Stay on Airflow 2${until ? ` until ${until}` : ''}`
      : 'Latest of the Airflow 3 line',
    description: af2
      ? 'Upgrade within the Airflow 2 Runtime line (X.Y.Z).'
      : 'Upgrade within the Airflow 3 Runtime line (X.Y-N).',
  };
}

const SEVERITY_RANK: Record<string, number> = {
  ok: 0,
  info: 1,
  warning: 2,
  error: 3,
};

/** @public */
export function severityRank(s: Severity | 'ok'): number {
  return SEVERITY_RANK[s] ?? 0;
}

/** @public */
export function maxSeverity(
  a: Severity | 'ok',
  b: Severity | 'ok',
): Severity | 'ok' {
  return severityRank(b) > severityRank(a) ? b : a;
}

/**
 * A whole-day count to a deadline, as the card, the org page and the CLI show
 * it: `42 days left`, `1 day left`, `ends today`, `ended 3 days ago`;
 * undefined when the count is unknown.
 *
 * @public
 */
export function formatDaysLeft(days: number | undefined): string | undefined {
  if (days === undefined || !Number.isFinite(days)) return undefined;
  const n = Math.abs(Math.trunc(days));
  const unit = n === 1 ? 'day' : 'days';
  if (n === 0) return 'ends today';
  return days > 0 ? `${n} ${unit} left` : `ended ${n} ${unit} ago`;
}
