/**
 * Links from a finding to its file in the SCM, built from where the
 * project's Dockerfile was read: the Dockerfile sits in the project folder,
 * so a project-relative path resolves against its URL.
 */
import { normalizeCodePath } from './files';

/**
 * The browsable URL of a project file at a line, from the Dockerfile's URL
 * (`https://github.com/o/r/blob/main/proj/Dockerfile` and `dags/a.py`, 12 →
 * `https://github.com/o/r/blob/main/proj/dags/a.py#L12`). GitHub, GitLab
 * and Gitea take `#L<line>`, Bitbucket `#lines-<line>`. Undefined when the
 * Dockerfile URL is not an http(s) URL or the path is not project-relative.
 *
 * @public
 */
export function codeFileUrl(
  dockerfileUrl: string | undefined,
  file: string,
  line?: number,
): string | undefined {
  if (!dockerfileUrl) return undefined;
  let base: URL;
  let relative: string;
  try {
    base = new URL(dockerfileUrl);
    relative = normalizeCodePath(file);
  } catch {
    return undefined;
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    return undefined;
  }
  const search = base.search;
  const encoded = relative.split('/').map(encodeURIComponent).join('/');
  const url = new URL(`./${encoded}`, base);
  // a branch in the query (Bitbucket's `?at=`) stays
  url.search = search;
  if (line !== undefined && Number.isInteger(line) && line > 0) {
    url.hash = url.hostname.includes('bitbucket')
      ? `lines-${line}`
      : `L${line}`;
  }
  return url.toString();
}
