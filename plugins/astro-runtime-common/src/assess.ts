import {
  findRelease,
  firstAbove,
  latestRelease,
  lifecycleForVersion,
  sortedReleases,
} from './catalog';
import { considerationsFor } from './considerations';
import { parseDockerfile } from './dockerfile';
import { AstroRuntimeError, isAstroRuntimeError } from './errors';
import { compareKeys, parseRuntimeTag, runtimeVersionKey } from './tag';
import { isObject } from './util';
import type {
  AstroProject,
  DeploymentInfo,
  DeploymentRelation,
  Finding,
  Lifecycle,
  OverallState,
  ReleaseCatalog,
  RuntimeLine,
  RuntimeStatus,
  Severity,
  UpdateKind,
} from './types';

/* ------------------------------------------------------------------ */
/* Labels and severities the UI, PR, scorecards and CLI reuse. */

/**
 * The overall state precedence, first wins: a status is in the first state of
 * this list whose condition holds.
 *
 * @public
 */
export const STATE_PRECEDENCE: readonly OverallState[] = [
  'not-astro',
  'certified',
  'unknown-version',
  'downgrade-blocked',
  'yanked',
  'unsupported',
  'major-behind',
  'minor-behind',
  'patch-behind',
  'line-change-available',
  'up-to-date',
];

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

/**
 * Days before an end date when a warning starts.
 *
 * @public
 */
export const EOL_WARNING_DAYS = 90;
/**
 * Days before an end date when it becomes an error.
 *
 * @public
 */
export const EOL_CRITICAL_DAYS = 30;

function daysSeverity(
  days: number | undefined,
  otherwise: Severity | 'ok',
): Severity | 'ok' {
  if (days === undefined || days > EOL_WARNING_DAYS) return otherwise;
  return days <= EOL_CRITICAL_DAYS ? 'error' : 'warning';
}

/** @public */
export function describeLifecycle(lc: Lifecycle): {
  label: string;
  severity: Severity | 'ok';
} {
  switch (lc?.state) {
    case 'maintained':
      return {
        label: lc.endOfMaintenance
          ? `Maintained until ${lc.endOfMaintenance}`
          : 'Maintained',
        severity: daysSeverity(lc.daysToEndOfMaintenance, 'ok'),
      };
    case 'basic-support':
      return {
        label: lc.endOfBasicSupport
          ? `Basic support until ${lc.endOfBasicSupport}`
          : 'Basic support',
        severity: 'warning',
      };
    case 'unsupported':
      return { label: 'Unsupported', severity: 'error' };
    default:
      return { label: 'Unknown lifecycle', severity: 'info' };
  }
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

/* ------------------------------------------------------------------ */
/* Yes/no questions about an assessed status (scorecard facts, filters). */

/**
 * The Dockerfile's tag pins a full Runtime version: not a floating tag (`3.1`,
 * `latest`, no tag), not a partial one (`12.1`), not unrecognized. False
 * without a Runtime.
 *
 * @public
 */
export function isTagPinned(status: RuntimeStatus): boolean {
  const runtime = status?.runtime;
  if (!runtime) return false;
  return (
    !runtime.floating &&
    !runtime.unrecognized &&
    !(status.findings ?? []).some(
      f => f.id === 'floating-tag' || f.id === 'not-full-version',
    )
  );
}

/**
 * The repo is on the catalog release that is the latest of its own line
 * (false when its version is not in the catalog, or the line has no release).
 *
 * @public
 */
export function isLatestInLine(status: RuntimeStatus): boolean {
  return (
    status?.release !== undefined &&
    status.latestInLine !== undefined &&
    status.release.version === status.latestInLine.version
  );
}

/**
 * `assess` could place the repo's version in its line, so `majorsBehind` and
 * `minorsBehind` count something. They are 0 placeholders otherwise: no
 * Runtime, a floating or unrecognized tag, a version newer than the catalog
 * (state `unknown-version`), a certified image.
 *
 * @public
 */
export function isPlacedInLine(status: RuntimeStatus): boolean {
  return (
    Boolean(status?.runtime) &&
    status.state !== 'unknown-version' &&
    status.state !== 'certified'
  );
}

/* ------------------------------------------------------------------ */

/** @public */
export interface AssessInput {
  project: AstroProject;
  deployments?: DeploymentInfo[];
  catalog: ReleaseCatalog;
  now: Date;
}

/**
 * The one status object: the repo's Runtime, each Deployment's relation to
 * it, latest versions, update kind, lifecycle, findings, considerations and a
 * single state + severity (see `STATE_PRECEDENCE`; `severity` is the worse of
 * the state's severity and the findings' severities). Never throws for a bad
 * Dockerfile (that becomes `error` + state `unknown-version`); throws
 * INVALID_INPUT only for a missing catalog or an invalid `now`.
 *
 * @public
 */
export function assess(input: AssessInput): RuntimeStatus {
  if (!isObject(input))
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'assess() needs an input object',
    );
  const { catalog, now } = input;
  const project: AstroProject = isObject(input.project) ? input.project : {};
  if (!isObject(catalog) || !Array.isArray(catalog.releases)) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'assess() needs a release catalog',
    );
  }
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'assess() needs a valid `now` Date',
    );
  }
  const findings: Finding[] = [];
  const status: RuntimeStatus = {
    deployments: [],
    updateKind: 'none',
    majorsBehind: 0,
    minorsBehind: 0,
    lifecycle: { state: 'unknown' },
    yanked: false,
    findings,
    considerations: [],
    state: 'unknown-version',
    severity: 'warning',
    catalog: { source: catalog.source, asOf: catalog.asOf },
    assessedAt: now.toISOString(),
  };
  const latest = latestRelease(catalog);
  if (latest) status.latest = latest;

  // 1. The repo's base image.
  let state: OverallState | undefined;
  let current: ReturnType<typeof runtimeVersionKey>;
  if (typeof project.dockerfile !== 'string') {
    findings.push({
      id: 'no-dockerfile',
      severity: 'warning',
      message: 'No Dockerfile was found for this project.',
    });
    state = 'unknown-version';
  } else {
    try {
      const base = parseDockerfile(project.dockerfile);
      status.image = base.image;
      status.decidedBy = { fromLine: base.from.line, stages: base.stages };
      if (base.kind === 'not-astro') {
        state = 'not-astro';
        findings.push({
          id: 'not-astro',
          severity: 'info',
          message: `The final build stage is based on ${base.image.raw}, not an Astro Runtime image: not an Astro project.`,
        });
      } else {
        status.runtime = base.runtime;
        if (base.stage) status.decidedBy.stage = base.stage;
        if (base.arg) {
          status.decidedBy.argLine = base.arg.line;
          status.decidedBy.argName = base.arg.name;
        }
      }
    } catch (e) {
      const err = isAstroRuntimeError(e)
        ? e
        : new AstroRuntimeError(
            'INVALID_DOCKERFILE',
            String((e as Error)?.message ?? e),
          );
      status.error = { code: err.code, message: err.message };
      if (err.line !== undefined) status.error.line = err.line;
      findings.push({
        id: 'invalid-dockerfile',
        severity: 'warning',
        message: `The Dockerfile could not be read: ${err.message}`,
      });
      state = 'unknown-version';
    }
  }

  const runtime = status.runtime;
  if (runtime && runtime.line === 'certified') {
    state = 'certified';
    findings.push({
      id: 'certified-image',
      severity: 'error',
      message: `${
        status.image?.raw ?? runtime.raw
      } is an Astronomer Certified image (legacy, unsupported): migrate to Astro Runtime.`,
    });
  } else if (runtime) {
    const line = runtime.line as 'airflow2' | 'airflow3';
    const latestInLine = latestRelease(catalog, { line });
    if (latestInLine) status.latestInLine = latestInLine;
    if (runtime.floating || runtime.unrecognized) {
      state = 'unknown-version';
      if (runtime.unrecognized && !runtime.floating) {
        findings.push({
          id: 'unknown-version',
          severity: 'warning',
          message: `The tag "${runtime.raw}" is not an Astro Runtime version.`,
        });
      } else if (
        runtime.floating &&
        (runtime.unrecognized || line === 'airflow3')
      ) {
        findings.push({
          id: 'floating-tag',
          severity: 'warning',
          message: `"${
            runtime.raw || '(no tag)'
          }" is a floating tag: pin a full version${
            line === 'airflow3' ? ' (X.Y-N)' : ' (X.Y.Z)'
          }; floating tags are not supported for deploys.`,
        });
      } else {
        findings.push({
          id: 'not-full-version',
          severity: 'warning',
          message: `"${runtime.raw}" does not name major, minor and patch: pin a full version; floating tags are not supported for deploys.`,
        });
      }
      if (latestInLine) status.recommendedTarget = latestInLine.version;
    } else {
      current = runtimeVersionKey(runtime.version);
    }
    if (runtime.prerelease) {
      findings.push({
        id: 'prerelease',
        severity: 'warning',
        message: `${runtime.version} is a pre-release: not for production.`,
      });
    }
    if (current) {
      const release = findRelease(catalog, current.version);
      if (release) status.release = release;
      const lin = latestInLine
        ? runtimeVersionKey(latestInLine.version)
        : undefined;
      if (!release) {
        const newer = !lin || compareKeys(current, lin) > 0;
        findings.push({
          id: 'unknown-version',
          severity: newer ? 'warning' : 'info',
          message: `${current.version} is not in the release catalog (${
            catalog.source
          }, as of ${catalog.asOf})${
            newer ? '' : '; assessed against the versions around it'
          }.`,
        });
        if (newer) state = 'unknown-version';
      }
      if (release?.yanked) {
        status.yanked = true;
        if (release.yankedReason) status.yankedReason = release.yankedReason;
        findings.push({
          id: 'yanked',
          severity: 'error',
          message: `${current.version} was yanked${
            release.yankedReason ? `: ${release.yankedReason}` : ''
          }.`,
        });
      }
      const patch = latestRelease(catalog, {
        line,
        major: current.major,
        minor: current.minor,
      });
      if (patch) status.latestPatch = patch;

      // Update kind, counts, recommendation.
      if (lin && compareKeys(lin, current) > 0) {
        if (lin.major !== current.major) status.updateKind = 'major';
        else if (lin.minor !== current.minor) status.updateKind = 'minor';
        else status.updateKind = 'patch';
        status.recommendedTarget = lin.version;
        const majors = new Set<number>();
        const minors = new Set<number>();
        const sorted = sortedReleases(catalog);
        for (let i = firstAbove(sorted, current); i < sorted.length; i++) {
          const { release: r, key } = sorted[i];
          if (compareKeys(key, lin) > 0) break;
          if (key.line !== current.line || r.yanked || key.prerelease) continue;
          if (key.major !== current.major) majors.add(key.major);
          if (key.major !== current.major || key.minor !== current.minor)
            minors.add(key.major * 100000 + key.minor);
        }
        status.majorsBehind = majors.size;
        status.minorsBehind = minors.size;
      } else if (
        current.line === 'airflow2' &&
        latest &&
        latest.line === 'airflow3'
      ) {
        status.updateKind = 'line-change';
        const min12 = runtimeVersionKey('12.0.0')!;
        if (compareKeys(current, min12) >= 0)
          status.recommendedTarget = latest.version;
      }

      // Lifecycle.
      status.lifecycle = lifecycleForVersion(catalog, current.version, now);
      lifecycleFindings(status.lifecycle, current.version, findings);
    }
  }

  // 2. Deployments.
  const repoKey = current;
  let blocked = 0;
  for (const d of Array.isArray(input.deployments) ? input.deployments : []) {
    if (!isObject(d)) continue;
    const legacy = (d as { runtimeVersion?: unknown }).runtimeVersion;
    let version: string | undefined;
    if (typeof d.astroRuntimeVersion === 'string' && d.astroRuntimeVersion)
      version = d.astroRuntimeVersion;
    else if (typeof legacy === 'string' && legacy) version = legacy;
    const depTag = version ? parseRuntimeTag(version) : undefined;
    const depKey = version ? runtimeVersionKey(version) : undefined;
    let relation: DeploymentRelation = 'unknown';
    if (repoKey && depKey) {
      const c = compareKeys(repoKey, depKey);
      if (c === 0) relation = 'in-sync';
      else relation = c > 0 ? 'pending-deploy' : 'downgrade-blocked';
    }
    const name = typeof d.name === 'string' && d.name ? d.name : String(d.id);
    if (!version) {
      findings.push({
        id: 'deployment-unknown-runtime',
        severity: 'info',
        message: `Deployment ${name} reports no Runtime version.`,
      });
    }
    if (relation === 'downgrade-blocked') {
      blocked++;
      findings.push({
        id: 'downgrade-blocked',
        severity: 'error',
        message: `Deployment ${name} runs ${
          depKey!.version
        }, newer than the repository's ${
          repoKey!.version
        }: the next deploy will be refused ("Cannot deploy a downgraded Astro Runtime version").`,
      });
    }
    const entry: RuntimeStatus['deployments'][number] = {
      ...(d as DeploymentInfo),
      relation,
    };
    if (depTag) entry.runtime = depTag;
    status.deployments.push(entry);
  }

  // 3. Considerations for current → recommended target.
  if (status.recommendedTarget && runtime && runtime.line !== 'certified') {
    status.considerations = considerationsFor(
      current ? current.version : runtime.raw,
      status.recommendedTarget,
      catalog,
    );
  }

  // 4. One state, by precedence.
  if (!state) {
    if (blocked > 0) state = 'downgrade-blocked';
    else if (status.yanked) state = 'yanked';
    else if (status.lifecycle.state === 'unsupported') state = 'unsupported';
    else if (status.updateKind === 'major') state = 'major-behind';
    else if (status.updateKind === 'minor') state = 'minor-behind';
    else if (status.updateKind === 'patch') state = 'patch-behind';
    else if (status.updateKind === 'line-change')
      state = 'line-change-available';
    else state = 'up-to-date';
  }
  status.state = state;
  let severity = stateSeverity(state);
  for (const f of findings) severity = maxSeverity(severity, f.severity);
  status.severity = severity;
  return status;
}

function lifecycleFindings(
  lc: Lifecycle,
  version: string,
  findings: Finding[],
): void {
  if (
    lc.state === 'maintained' &&
    lc.daysToEndOfMaintenance !== undefined &&
    lc.daysToEndOfMaintenance <= EOL_WARNING_DAYS
  ) {
    findings.push({
      id: 'end-of-maintenance-soon',
      severity:
        lc.daysToEndOfMaintenance <= EOL_CRITICAL_DAYS ? 'error' : 'warning',
      message: `Maintenance of ${version} ends on ${lc.endOfMaintenance} (in ${lc.daysToEndOfMaintenance} days).`,
    });
  } else if (lc.state === 'basic-support') {
    const d = lc.daysToEndOfBasicSupport;
    findings.push({
      id: 'basic-support',
      severity: d !== undefined && d <= EOL_CRITICAL_DAYS ? 'error' : 'warning',
      message: `Maintenance of ${version} ended on ${
        lc.endOfMaintenance
      }; basic support until ${lc.endOfBasicSupport}${
        d !== undefined ? ` (in ${d} days)` : ''
      }: new Deployments can't use it.`,
    });
  } else if (lc.state === 'unsupported') {
    findings.push({
      id: 'unsupported',
      severity: 'error',
      message: `${version} is unsupported since ${
        lc.endOfBasicSupport ?? lc.endOfMaintenance
      }.`,
    });
  }
}
