/*
 * Yes/no questions about an assessed status (scorecard facts, filters).
 */
import type { RuntimeStatus } from './types';

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

/**
 * The project must move to Airflow 3 to stay on a maintained Runtime: it is
 * on the Airflow 2 line, its own version is out of maintenance, no Airflow 2
 * upgrade is maintained either, and an Airflow 3 path exists.
 *
 * @public
 */
export function mustMoveToAirflow3(status: RuntimeStatus): boolean {
  if (status?.runtime?.line !== 'airflow2') return false;
  const own = status.lifecycle?.state;
  if (own !== 'basic-support' && own !== 'unsupported') return false;
  const paths = Array.isArray(status.paths) ? status.paths : [];
  return (
    paths.some(p => p.kind === 'airflow3') &&
    !paths.some(p => p.kind === 'in-line' && p.maintained)
  );
}
