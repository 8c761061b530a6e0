import {
  AstroRuntimeWorkerError,
  type AstroRuntimeWorkerErrorCode,
  isRetryableWorkerError,
} from './errors';

describe('isRetryableWorkerError', () => {
  it.each<[AstroRuntimeWorkerErrorCode, boolean]>([
    ['worker-timeout', true],
    ['resource-limit', true],
    ['worker-crashed', true],
    ['unknown-task', true],
    ['aborted', false],
    ['pool-destroyed', false],
  ])('%s: %s', (code, retryable) => {
    expect(
      isRetryableWorkerError(
        new AstroRuntimeWorkerError(code, 'scanCode', 'x'),
      ),
    ).toBe(retryable);
  });

  it('takes a worker error of another bundle copy by its shape', () => {
    const copy = Object.assign(new Error('over the limit'), {
      name: 'AstroRuntimeWorkerError',
      code: 'worker-timeout',
    });
    expect(isRetryableWorkerError(copy)).toBe(true);
  });

  it('is false for errors of the task itself', () => {
    expect(isRetryableWorkerError(new Error('syntax error'))).toBe(false);
    expect(isRetryableWorkerError(undefined)).toBe(false);
  });
});
