import { parseDeployment } from './deployment';

describe('parseDeployment', () => {
  it.each([
    [
      'v1 fields',
      {
        id: 'd1',
        name: 'prod',
        astroRuntimeVersion: '12.4.0',
        status: 'HEALTHY',
        extra: 1,
      },
      {
        id: 'd1',
        name: 'prod',
        astroRuntimeVersion: '12.4.0',
        status: 'HEALTHY',
      },
    ],
    [
      'deprecated runtimeVersion',
      { id: 'd2', runtimeVersion: '9.1.0', astroRuntimeVersion: '' },
      { id: 'd2', astroRuntimeVersion: '9.1.0' },
    ],
    [
      'webServerUrl without scheme',
      { id: 'd3', webServerUrl: 'x.astronomer.run/abc' },
      { id: 'd3', uiUrl: 'https://x.astronomer.run/abc' },
    ],
  ])('maps %s', (_name, raw, expected) => {
    expect(parseDeployment(raw)).toEqual(expected);
  });

  it.each([
    ['no id', { name: 'x' }],
    ['a string', 'junk'],
    ['null', null],
  ])('ignores %s', (_name, raw) => {
    expect(parseDeployment(raw)).toBeUndefined();
  });
});
