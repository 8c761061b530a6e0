import {
  astroRuntimeClock,
  readAstroRuntimeClockStartAt,
} from './astroRuntimeClock';

/** The root config with only `astroRuntime.clock.startAt` set. */
const config = (startAt?: unknown) => ({
  getOptional: (key: string): any =>
    key === 'astroRuntime.clock.startAt' ? startAt : undefined,
});

describe('readAstroRuntimeClockStartAt', () => {
  it('is undefined when the setting is absent or empty', () => {
    expect(readAstroRuntimeClockStartAt(config())).toBeUndefined();
    expect(readAstroRuntimeClockStartAt(config(''))).toBeUndefined();
  });

  it('reads an ISO 8601 date or time', () => {
    expect(
      readAstroRuntimeClockStartAt(
        config('2026-12-02T09:00:00Z'),
      )?.toISOString(),
    ).toBe('2026-12-02T09:00:00.000Z');
    expect(
      readAstroRuntimeClockStartAt(config('2026-12-02'))?.toISOString(),
    ).toBe('2026-12-02T00:00:00.000Z');
    expect(
      readAstroRuntimeClockStartAt(
        config('2026-12-02T10:00:00+01:00'),
      )?.toISOString(),
    ).toBe('2026-12-02T09:00:00.000Z');
  });

  it('reads a date YAML parsed into a Date', () => {
    expect(
      readAstroRuntimeClockStartAt(
        config(new Date('2026-12-02T00:00:00Z')),
      )?.toISOString(),
    ).toBe('2026-12-02T00:00:00.000Z');
  });

  it('refuses anything else', () => {
    for (const bad of ['next tuesday', '2026-13-45', '02.12.2026', 20261202]) {
      expect(() => readAstroRuntimeClockStartAt(config(bad))).toThrow(
        `astroRuntime.clock.startAt must be an ISO 8601 date or time, got '${bad}'`,
      );
    }
  });
});

describe('astroRuntimeClock', () => {
  afterEach(() => jest.useRealTimers());

  it("is the host's clock without a start", () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    expect(astroRuntimeClock(undefined)().toISOString()).toBe(
      '2030-01-01T00:00:00.000Z',
    );
  });

  it('starts at startAt and runs on with the host', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:00:00Z') });
    const now = astroRuntimeClock(new Date('2026-12-02T09:00:00Z'));
    expect(now().toISOString()).toBe('2026-12-02T09:00:00.000Z');
    jest.advanceTimersByTime(90_000);
    expect(now().toISOString()).toBe('2026-12-02T09:01:30.000Z');
  });

  it('counts from startedAt when given', () => {
    jest.useFakeTimers({ now: new Date('2030-01-01T00:01:00Z') });
    const now = astroRuntimeClock(
      new Date('2026-12-02T09:00:00Z'),
      new Date('2030-01-01T00:00:00Z').getTime(),
    );
    expect(now().toISOString()).toBe('2026-12-02T09:01:00.000Z');
  });
});
