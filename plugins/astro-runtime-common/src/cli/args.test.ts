import { parseArgs } from './args';

describe('parseArgs', () => {
  it('reads every option, in both --name value and --name=value forms', () => {
    expect(
      parseArgs([
        'proj',
        '--json',
        '--deployed',
        '12.1.0',
        '--deployed=13.0.0',
        '--releases=feed.json',
        '--fail-on',
        'minor',
        '--upgrade-to',
        '13.1.0',
        '--write',
        '--force',
        '--now',
        '2025-06-01',
        '--no-code',
        '--fix-code',
      ]),
    ).toEqual({
      path: 'proj',
      json: true,
      deployed: ['12.1.0', '13.0.0'],
      releases: 'feed.json',
      failOn: 'minor',
      upgradeTo: '13.1.0',
      write: true,
      force: true,
      now: new Date('2025-06-01'),
      help: false,
      code: false,
      fixCode: true,
    });
  });

  it('defaults: no path, flags off, no Deployments', () => {
    expect(parseArgs([])).toEqual({
      path: undefined,
      json: false,
      deployed: [],
      releases: undefined,
      upgradeTo: undefined,
      write: false,
      force: false,
      help: false,
    });
    expect(parseArgs(['-h']).help).toBe(true);
    expect(parseArgs(['-']).path).toBe('-');
    // after --, a name starting with a dash is the path
    expect(parseArgs(['--', '--odd']).path).toBe('--odd');
  });

  it.each([
    [['--bogus', 'x'], 'unknown option --bogus'],
    [['-x'], 'unknown option -x'],
    [['--deployed'], '--deployed needs a value'],
    [
      ['--deployed', '-1'],
      '--deployed needs a value (write --deployed=VALUE for a value starting with -)',
    ],
    [['--json=yes'], '--json takes no value'],
    [['a', 'b'], 'unexpected argument b'],
    [
      ['--fail-on', 'bogus'],
      '--fail-on must be one of patch, minor, major, unsupported, airflow3-blockers',
    ],
    [['--now', 'yesterday'], '--now: "yesterday" is not a date'],
    [['x', '--write'], '--write needs --upgrade-to'],
    [['x', '--fix-code'], '--fix-code needs --upgrade-to'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(
      expect.objectContaining({ name: 'UsageError', message }),
    );
  });
});
