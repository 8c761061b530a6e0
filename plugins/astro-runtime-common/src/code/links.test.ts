import { codeFileUrl } from './links';

describe('codeFileUrl', () => {
  it.each([
    [
      'https://github.com/o/r/blob/main/proj/Dockerfile',
      'dags/a.py',
      12,
      'https://github.com/o/r/blob/main/proj/dags/a.py#L12',
    ],
    [
      'https://github.com/o/r/blob/main/Dockerfile',
      'dags/my dag.py',
      3,
      'https://github.com/o/r/blob/main/dags/my%20dag.py#L3',
    ],
    [
      'https://gitlab.com/g/r/-/blob/main/Dockerfile',
      'a.py',
      undefined,
      'https://gitlab.com/g/r/-/blob/main/a.py',
    ],
    [
      'https://bitbucket.org/w/r/src/main/Dockerfile?at=dev',
      'dags/a.py',
      7,
      'https://bitbucket.org/w/r/src/main/dags/a.py?at=dev#lines-7',
    ],
  ])('%s + %s:%s → %s', (dockerfileUrl, file, line, expected) => {
    expect(codeFileUrl(dockerfileUrl, file, line)).toBe(expected);
  });

  it.each([
    [undefined, 'a.py'],
    ['not a url', 'a.py'],
    ['file:///tmp/p/Dockerfile', 'a.py'],
    ['https://github.com/o/r/blob/main/Dockerfile', '../secret.py'],
    ['https://github.com/o/r/blob/main/Dockerfile', '/etc/passwd'],
  ])('no link for %s + %s', (dockerfileUrl, file) => {
    expect(codeFileUrl(dockerfileUrl, file, 1)).toBeUndefined();
  });
});
