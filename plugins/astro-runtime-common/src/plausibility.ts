/*
 * Whether freshly read input is plausible enough to replace what is already
 * known: a release feed against the bundled snapshot and the last good copy,
 * a repository answer against the shape of a Dockerfile. Input that fails is
 * not used; the caller keeps its last good data.
 */
import { isStableRelease } from './rules';
import { compareRuntimeVersions } from './tag';
import type { ReleaseCatalog, RuntimeRelease } from './types';

/**
 * Share of known versions a new feed may leave out (upstream never deletes
 * versions, so a feed missing many is truncated or a different document).
 */
export const MAX_DROPPED_SHARE = 0.05;

function newestStable(releases: RuntimeRelease[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const r of releases) {
    if (!isStableRelease(r)) continue;
    const current = out.get(r.line);
    if (!current || compareRuntimeVersions(r.version, current) > 0) {
      out.set(r.line, r.version);
    }
  }
  return out;
}

/**
 * Why a freshly read release catalog is not plausible, or undefined when it
 * is: it must list releases, its newest stable version on each line must not
 * be older than the bundled snapshot's, and it must not leave out more than
 * 5% of the versions already known (from the bundled snapshot and the last
 * good copy).
 *
 * @public
 */
export function implausibleFeedReason(
  candidate: ReleaseCatalog,
  known: { bundled: ReleaseCatalog; lastGood?: ReleaseCatalog },
): string | undefined {
  if (candidate.releases.length === 0) {
    return 'the feed lists no Runtime releases';
  }
  const have = newestStable(candidate.releases);
  for (const [line, version] of newestStable(known.bundled.releases)) {
    const theirs = have.get(line);
    if (!theirs) {
      return `the feed lists no stable ${line} release (the bundled snapshot has ${version})`;
    }
    if (compareRuntimeVersions(theirs, version) < 0) {
      return `the feed's newest stable ${line} release ${theirs} is older than the bundled snapshot's ${version}`;
    }
  }
  const listed = new Set(candidate.releases.map(r => r.version));
  const knownVersions = new Set([
    ...known.bundled.releases.map(r => r.version),
    ...(known.lastGood?.releases.map(r => r.version) ?? []),
  ]);
  const dropped = [...knownVersions].filter(v => !listed.has(v));
  if (dropped.length > knownVersions.size * MAX_DROPPED_SHARE) {
    return `the feed leaves out ${dropped.length} of ${
      knownVersions.size
    } known versions (more than ${MAX_DROPPED_SHARE * 100}%), e.g. ${dropped
      .slice(0, 3)
      .join(', ')}`;
  }
  return undefined;
}

/**
 * Whether a body read as a Dockerfile can be one: text (no NUL bytes), not
 * markup (an HTML login or error page answering 200), and with a `FROM`
 * instruction at the start of a line. Linear time on any input.
 *
 * @public
 */
export function looksLikeDockerfile(text: string): boolean {
  if (text.includes('\0')) {
    return false;
  }
  const body = text.replace(/^\uFEFF/, '');
  if (body.trimStart().startsWith('<')) {
    return false;
  }
  return /^[ \t]*from[ \t]/im.test(body);
}
