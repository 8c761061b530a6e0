import { displayUrl } from './displayUrl';

describe('displayUrl', () => {
  it('drops user info, query string and fragment', () => {
    expect(
      displayUrl('https://user:s3cret@mirror.test:8443/a/b.txt?token=abc#x'),
    ).toBe('https://mirror.test:8443/a/b.txt');
  });

  it('keeps a plain URL as it is', () => {
    expect(displayUrl('https://cdn.test/runtime-12.4.0.txt')).toBe(
      'https://cdn.test/runtime-12.4.0.txt',
    );
  });

  it('keeps a file path without its query part', () => {
    expect(displayUrl('/etc/astro/feed.json')).toBe('/etc/astro/feed.json');
    expect(displayUrl('/etc/feed.json?token=abc')).toBe('/etc/feed.json');
  });
});
