/** Size and work limits of the Dockerfile reader. */

/**
 * Largest Dockerfile accepted (UTF-8 bytes).
 *
 * @public
 */
export const MAX_DOCKERFILE_BYTES = 1024 * 1024;

/**
 * Largest value (UTF-8 bytes) a global ARG, a `${VAR:-word}` word or a FROM
 * image may expand to; beyond it the Dockerfile is refused with TOO_LARGE.
 *
 * @public
 */
export const MAX_EXPANDED_ARG_BYTES = 64 * 1024;

/**
 * Deepest nesting of `${VAR:-${OTHER:-...}}` substitutions accepted; deeper
 * is refused with INVALID_DOCKERFILE.
 *
 * @public
 */
export const MAX_SUBSTITUTION_DEPTH = 32;

/**
 * Characters all ARG and FROM expansions of one Dockerfile may produce in
 * total, discarded `${VAR:-word}` words included: bounds the work of a file
 * whose every value stays under MAX_EXPANDED_ARG_BYTES.
 */
export const MAX_EXPANSION_WORK = 64 * MAX_EXPANDED_ARG_BYTES;

/** At most this many distinct unresolved names are remembered for an error message. */
export const MAX_UNRESOLVED_NAMES = 16;
