import { AstroRuntimeError, requireString } from './errors';
import type { ImageReference } from './types';

/*
 * The Docker reference grammar (github.com/distribution/reference, regexp.go):
 *
 *   reference        := name [ ":" tag ] [ "@" digest ]
 *   name             := [domain '/'] remote-name
 *   domain           := host [':' port-number]
 *   host             := domain-name | IPv4address | \[ IPv6address \]
 *   domain-name      := domain-component ['.' domain-component]*
 *   domain-component := /([a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])/
 *   port-number      := /[0-9]+/
 *   path-component   := alpha-numeric [separator alpha-numeric]*
 *   alpha-numeric    := /[a-z0-9]+/
 *   separator        := /[_.]|__|[-]+/
 *   tag              := /[\w][\w.-]{0,127}/
 *   digest           := algorithm ":" hex
 *
 * The regular expression below has the same structure as the Go one (Go's
 * regexp is leftmost-first like JavaScript's), so a first component without
 * `.`/`:` is still matched as the "domain" when followed by `/` (the peer test
 * data calls it `domain`); like Docker's normalisation we only call it a
 * registry when it contains `.` or `:` or is `localhost`.
 */
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN_NAME = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*`;
const IPV6 = '\\[(?:[a-fA-F0-9:]+)\\]';
const HOST = `(?:${DOMAIN_NAME}|${IPV6})`;
const DOMAIN = `${HOST}(?::[0-9]+)?`;
const ALPHA_NUMERIC = '[a-z0-9]+';
const SEPARATOR = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALPHA_NUMERIC}(?:${SEPARATOR}${ALPHA_NUMERIC})*`;
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const NAME = `(?:(${DOMAIN})/)?(${REMOTE_NAME})`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST =
  '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}';
const REFERENCE_RE = new RegExp(`^${NAME}(?::(${TAG}))?(?:@(${DIGEST}))?$`);

const NAME_TOTAL_LENGTH_MAX = 255;

/** Digest algorithms Docker (go-digest) accepts, with their hex length. */
const DIGEST_ALGORITHMS: Record<string, number> = {
  sha256: 64,
  sha384: 96,
  sha512: 128,
};

/**
 * True when a first path component names a registry (Docker's normalisation rule).
 *
 * @public
 */
export function isRegistryComponent(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost'
  );
}

function invalid(ref: string, why: string): AstroRuntimeError {
  const shown = ref.length > 200 ? `${ref.slice(0, 200)}…` : ref;
  return new AstroRuntimeError(
    'INVALID_REFERENCE',
    `Invalid image reference "${shown}": ${why}`,
  );
}

/**
 * Splits a Docker image reference into registry, repository, tag and digest.
 * Throws `INVALID_REFERENCE` when it does not follow the grammar.
 *
 * @public
 */
export function parseImageReference(ref: string): ImageReference {
  requireString(ref, 'image reference');
  if (ref.length === 0) {
    throw invalid(ref, 'empty');
  }
  if (ref.length > 4096) {
    throw invalid(ref, 'too long');
  }
  const m = REFERENCE_RE.exec(ref);
  if (!m) {
    if (REFERENCE_RE.test(ref.toLowerCase())) {
      throw invalid(ref, 'repository name must be lowercase');
    }
    throw invalid(ref, 'not of the form [registry/]repository[:tag][@digest]');
  }
  const [, domain, remote, tag, digest] = m;
  const fullName = domain ? `${domain}/${remote}` : remote;
  if (fullName.length > NAME_TOTAL_LENGTH_MAX) {
    throw invalid(ref, `repository name longer than ${NAME_TOTAL_LENGTH_MAX}`);
  }
  if (digest !== undefined) {
    const colon = digest.indexOf(':');
    const algorithm = digest.slice(0, colon);
    const hex = digest.slice(colon + 1);
    const length = DIGEST_ALGORITHMS[algorithm];
    if (length === undefined) {
      throw invalid(ref, `unsupported digest algorithm "${algorithm}"`);
    }
    if (hex.length !== length) {
      throw invalid(ref, `invalid ${algorithm} digest length`);
    }
    if (!/^[a-f0-9]+$/.test(hex)) {
      throw invalid(ref, 'digest must be lowercase hex');
    }
  }
  const result: ImageReference = { raw: ref, repository: fullName };
  if (domain !== undefined && isRegistryComponent(domain)) {
    result.registry = domain;
    result.repository = remote;
  }
  if (tag !== undefined) result.tag = tag;
  if (digest !== undefined) result.digest = digest;
  return result;
}

/**
 * The inverse of `parseImageReference`: `[registry/]repository[:tag][@digest]`.
 *
 * @public
 */
export function formatImageReference(
  ref: Pick<ImageReference, 'registry' | 'repository' | 'tag' | 'digest'>,
): string {
  let out = ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
  if (ref.tag) out += `:${ref.tag}`;
  if (ref.digest) out += `@${ref.digest}`;
  return out;
}

/**
 * Registry + repository (`quay.io/astronomer/astro-runtime`), Docker Hub normalised away.
 *
 * @public
 */
export function imageName(
  ref: Pick<ImageReference, 'registry' | 'repository'>,
): string {
  return ref.registry ? `${ref.registry}/${ref.repository}` : ref.repository;
}
