/*
 * A status as a store keeps it: its JSON and the fields a store indexes and
 * filters on, decided once here.
 */
import { mustMoveToAirflow3 } from './predicates';
import type { CodeStatus } from './code/types';
import type { RuntimeStatus } from './types';

/**
 * `JSON.stringify` with every character outside ASCII written as a `\uXXXX`
 * escape: the same value when parsed, but a one-byte string in V8 (half the
 * memory of a two-byte one; a status with one arrow in its text was two-byte
 * all through) whose UTF-8 bytes are its characters.
 *
 * @public
 */
export function asciiJson(value: unknown): string {
  const json = JSON.stringify(value);
  return json === undefined
    ? json
    : json.replace(
        /[\u0080-\uffff]/g,
        c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
      );
}

/**
 * A status serialized for a store: the JSON (without code findings, see
 * {@link withCodeFindings}) and the fields a store indexes and filters on.
 * Built where the status is computed (the backend's worker threads), so the
 * thread that stores it receives one string instead of the status's object
 * graph and never serializes it.
 *
 * @public
 */
export interface SerializedStatus {
  /** {@link asciiJson} of the status, without its `code` field. */
  statusJson: string;
  state: RuntimeStatus['state'];
  severity: RuntimeStatus['severity'];
  /** The repo's Runtime line (`airflow2`, `airflow3`), when known. */
  line?: string;
  /** The repo's Runtime version, when known. */
  repoVersion?: string;
  /** {@link mustMoveToAirflow3} of the status. */
  mustMoveToAirflow3: boolean;
  assessedAt: string;
}

/**
 * Serializes a status for a store (see {@link SerializedStatus}). A `code`
 * field of the status is left out: {@link withCodeFindings} adds the
 * findings to the JSON.
 *
 * @public
 */
export function serializeStatus(status: RuntimeStatus): SerializedStatus {
  const runtime = status.runtime;
  return {
    statusJson: asciiJson(
      status.code === undefined ? status : { ...status, code: undefined },
    ),
    state: status.state,
    severity: status.severity,
    line: runtime?.line,
    repoVersion: runtime?.version,
    mustMoveToAirflow3: mustMoveToAirflow3(status),
    assessedAt: status.assessedAt,
  };
}

/**
 * The JSON of {@link serializeStatus} with `code` set to the findings: the
 * same text as `asciiJson({ ...status, code })`, without parsing the status
 * back. Throws a `TypeError` when `statusJson` is not a JSON object.
 *
 * @public
 */
export function withCodeFindings(statusJson: string, code: CodeStatus): string {
  const end = statusJson.length - 1;
  if (statusJson[0] !== '{' || statusJson[end] !== '}') {
    throw new TypeError('withCodeFindings: the status JSON is not an object');
  }
  const sep = end === 1 ? '' : ',';
  return `${statusJson.slice(0, end)}${sep}"code":${asciiJson(code)}}`;
}
