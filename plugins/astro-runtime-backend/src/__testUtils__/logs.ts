import { inspect } from 'util';

/**
 * Captures everything the mock root logger (level debug) prints, so tests can
 * assert that secrets never reach a log line.
 */
export function captureLogs() {
  const lines: string[] = [];
  const spies = (['error', 'warn', 'info', 'debug', 'log'] as const).map(
    level =>
      jest.spyOn(console, level).mockImplementation((...args: unknown[]) => {
        lines.push(
          args
            .map(a => (typeof a === 'string' ? a : inspect(a, { depth: 8 })))
            .join(' '),
        );
      }),
  );
  return {
    lines,
    text: () => lines.join('\n'),
    restore: () => spies.forEach(s => s.mockRestore()),
  };
}
