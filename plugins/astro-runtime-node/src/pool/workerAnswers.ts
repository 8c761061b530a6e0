/*
 * What a worker answers, and how the answer becomes the caller's value or
 * error again on this side of the thread boundary.
 */
import {
  ASTRO_RUNTIME_ERROR_CODES,
  AstroRuntimeError,
  type AstroRuntimeErrorCode,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AstroRuntimeWorkerError } from './errors';

/** The error of a failed task, flattened to plain fields by the worker. */
export interface WorkerErrorFields {
  name: string;
  message: string;
  code?: string;
  line?: number;
  stack?: string;
}

/** What the worker answers (see worker/astroRuntimeWorker.cjs). */
export type WorkerAnswer =
  | { ok: true; value: unknown }
  | { ok: false; error: WorkerErrorFields };

/** Rebuilds the error a task threw in the worker. */
export function rehydrate(task: string, error: WorkerErrorFields): Error {
  if (
    error.name === 'AstroRuntimeError' &&
    error.code !== undefined &&
    (ASTRO_RUNTIME_ERROR_CODES as readonly string[]).includes(error.code)
  ) {
    return new AstroRuntimeError(
      error.code as AstroRuntimeErrorCode,
      error.message,
      error.line !== undefined ? { line: error.line } : undefined,
    );
  }
  if (error.code === 'UNKNOWN_TASK') {
    return new AstroRuntimeWorkerError('unknown-task', task, error.message);
  }
  const e = new Error(error.message) as Error & { code?: string };
  e.name = error.name;
  if (error.code !== undefined) e.code = error.code;
  if (error.stack) e.stack = error.stack;
  return e;
}

/**
 * Copies a value into this module's realm. Messages from a worker are
 * deserialised in Node's main realm; a host that runs this module inside a
 * `vm` context (jest does) would otherwise get arrays and objects whose
 * prototypes are not its own, which strict checks (the scaffolder's template
 * outputs) refuse. Only used when the answer is from another realm.
 */
function intoThisRealm(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Array.from(value, intoThisRealm);
  if (ArrayBuffer.isView(value)) return value;
  if (
    value instanceof Date ||
    Object.prototype.toString.call(value) === '[object Date]'
  ) {
    return new Date((value as Date).getTime());
  }
  if (Object.prototype.toString.call(value) === '[object Map]') {
    return new Map(
      [...(value as Map<unknown, unknown>)].map(([k, v]) => [
        intoThisRealm(k),
        intoThisRealm(v),
      ]),
    );
  }
  if (Object.prototype.toString.call(value) === '[object Set]') {
    return new Set([...(value as Set<unknown>)].map(intoThisRealm));
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = intoThisRealm(v);
  return out;
}

/**
 * The value of an answer, in the caller's realm, or the task's own error
 * (rebuilt) thrown.
 */
export function answerValue<T>(task: string, answer: WorkerAnswer): T {
  if (!answer.ok) throw rehydrate(task, answer.error);
  return (
    Object.getPrototypeOf(answer) === Object.prototype
      ? answer.value
      : intoThisRealm(answer.value)
  ) as T;
}
