/*
 * `assess`: one status object for a project (its Dockerfile, its
 * Deployments) against a release catalog at a moment `now`.
 */
import { lifecycleForVersion } from './lifecycle';
import { parseDockerfile } from './dockerfile';
import { AstroRuntimeError, isAstroRuntimeError } from './errors';
import { maxSeverity, stateSeverity } from './labels';
import { upgradePaths } from './paths';
import { StateFacts, stateFor } from './precedence';
import { releaseIndex } from './releaseIndex';
import { deadlineSeverity, isStableRelease } from './rules';
import { compareKeys, parseRuntimeTag, runtimeVersionKey } from './tag';
import { isObject } from './util';
import type {
  AstroProject,
  DeploymentInfo,
  DeploymentRelation,
  Finding,
  Lifecycle,
  ReleaseCatalog,
  RuntimeStatus,
  Severity,
} from './types';

export {
  describeState,
  stateSeverity,
  describeUpdateKind,
  describeRelation,
  describeLine,
  describeLifecycle,
  describeSupport,
  describePath,
  RUNTIME_LINES,
  severityRank,
  maxSeverity,
} from './labels';
export {
  isTagPinned,
  isLatestInLine,
  isPlacedInLine,
  mustMoveToAirflow3,
} from './predicates';
export { STATE_PRECEDENCE, STATE_RULES, stateFor } from './precedence';
export type { StateFacts, StateRule } from './precedence';
export { EOL_WARNING_DAYS, EOL_CRITICAL_DAYS } from './rules';

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
    paths: [],
    state: 'unknown-version',
    severity: 'warning',
    catalog: { source: catalog.source, asOf: catalog.asOf },
    assessedAt: now.toISOString(),
  };
  const index = releaseIndex(catalog);
  const latest = index.latest();
  if (latest) status.latest = latest;
  const facts: StateFacts = {
    notAstro: false,
    certified: false,
    unknownVersion: false,
    downgradeBlocked: false,
    yanked: false,
    unsupported: false,
    updateKind: 'none',
  };

  // 1. The repo's base image.
  let current: ReturnType<typeof runtimeVersionKey>;
  if (typeof project.dockerfile !== 'string') {
    findings.push({
      id: 'no-dockerfile',
      severity: 'warning',
      message: 'No Dockerfile was found for this project.',
    });
    facts.unknownVersion = true;
  } else {
    try {
      const base = parseDockerfile(project.dockerfile);
      status.image = base.image;
      status.decidedBy = { fromLine: base.from.line, stages: base.stages };
      if (base.kind === 'not-astro') {
        facts.notAstro = true;
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
      facts.unknownVersion = true;
    }
  }

  const runtime = status.runtime;
  if (runtime && runtime.line === 'certified') {
    facts.certified = true;
    findings.push({
      id: 'certified-image',
      severity: 'error',
      message: `${
        status.image?.raw ?? runtime.raw
      } is an Astronomer Certified image (legacy, unsupported): migrate to Astro Runtime.`,
    });
  } else if (runtime) {
    const line = runtime.line as 'airflow2' | 'airflow3';
    const latestInLine = index.latest({ line });
    if (latestInLine) status.latestInLine = latestInLine;
    if (runtime.floating || runtime.unrecognized) {
      facts.unknownVersion = true;
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
    } else {
      current = index.keyOf(runtime.version);
    }
    if (runtime.prerelease) {
      findings.push({
        id: 'prerelease',
        severity: 'warning',
        message: `${runtime.version} is a pre-release: not for production.`,
      });
    }
    if (current) {
      const release = index.find(current);
      if (release) status.release = release;
      const lin = latestInLine ? index.keyOf(latestInLine.version) : undefined;
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
        if (newer) facts.unknownVersion = true;
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
      const patch = index.latest({
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
        const majors = new Set<number>();
        const minors = new Set<number>();
        for (const { release: r, key } of index.between(current, lin)) {
          if (key.line !== current.line || !isStableRelease(r, key)) continue;
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
      }

      // Lifecycle.
      status.lifecycle = lifecycleForVersion(index, current.version, now);
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
    const depKey = version ? index.keyOf(version) : undefined;
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

  // 3. The ways forward and the recommended one.
  if (runtime && runtime.line !== 'certified') {
    status.paths = upgradePaths({ index, runtime, current, now });
    const rec = status.paths.find(p => p.recommended);
    if (rec) {
      status.recommendedTarget = rec.target;
      status.considerations = rec.considerations;
    }
  }

  // 4. One state, by the state table.
  facts.downgradeBlocked = blocked > 0;
  facts.yanked = status.yanked;
  facts.unsupported = status.lifecycle.state === 'unsupported';
  facts.updateKind = status.updateKind;
  const state = stateFor(facts);
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
  const dm = lc.daysToEndOfMaintenance;
  if (lc.state === 'maintained') {
    // A lower bound is not an end date: nothing to warn about.
    const severity =
      lc.basis === 'policy-lower-bound' ? 'ok' : deadlineSeverity(dm, 'ok');
    if (severity === 'ok') return;
    findings.push({
      id: 'end-of-maintenance-soon',
      severity: severity as Severity,
      message: `Maintenance of ${version} ends on ${lc.endOfMaintenance}${
        lc.basis === 'policy' ? ' (policy)' : ''
      } (in ${dm} days).`,
    });
  } else if (lc.state === 'basic-support') {
    const d = lc.daysToEndOfBasicSupport;
    findings.push({
      id: 'basic-support',
      severity: deadlineSeverity(d, 'warning') as Severity,
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
