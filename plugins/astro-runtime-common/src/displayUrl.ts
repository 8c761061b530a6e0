/**
 * A URL as it may be shown and logged: scheme, host, port and path only. The
 * user info and the query string (where private mirrors usually carry a
 * credential) and the fragment are dropped. A location that is not a URL (a
 * file path) keeps only what comes before any `?` or `#`.
 */
/** @public */
export function displayUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.host) {
      return `${u.protocol}//${u.host}${u.pathname}`;
    }
  } catch {
    // not a URL: a path
  }
  return url.split(/[?#]/, 1)[0];
}
