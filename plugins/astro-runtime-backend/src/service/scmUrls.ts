/*
 * URLs of files and folders in an entity's repo, resolved the way
 * ScmIntegrations does it, with the integration of a host looked up once.
 *
 * `ScmIntegrations.resolveUrl` first finds the integration of the base URL by
 * asking every integration type (a dozen URL parses), on every call: at two
 * project files and their folder per entity that was a noticeable share of a
 * refresh's CPU (~0.6 ms per entity measured at 2,000 entities). Integrations
 * are matched by host, so the answer is kept per host.
 */
import {
  defaultScmResolveUrl,
  type ScmIntegration,
  type ScmIntegrationRegistry,
} from '@backstage/integration';

/** True when `url` is `base` or below it (same origin, path prefix). */
export function isUnder(url: string, base: string): boolean {
  try {
    const u = new URL(url);
    const b = new URL(base);
    const prefix = b.pathname.endsWith('/') ? b.pathname : `${b.pathname}/`;
    return (
      u.origin === b.origin &&
      (u.pathname === b.pathname || u.pathname.startsWith(prefix))
    );
  } catch {
    return false;
  }
}

/**
 * A sufficient test for {@link isUnder} without parsing either URL: `url` is
 * `folder` (an http(s) URL ending in '/', no query or fragment) followed by a path that the
 * URL parser leaves as it is (no dot segment, backslash, query or fragment).
 * Parsing that string gives the folder's origin and a path below the
 * folder's. False says nothing: the caller asks `isUnder`.
 */
export function isPlainlyUnder(url: string, folder: string): boolean {
  if (
    !folder.endsWith('/') ||
    !url.startsWith(folder) ||
    !/^https?:\/\/[^/?#\\]+\//i.test(folder) ||
    /[?#\\]/.test(folder)
  ) {
    return false;
  }
  const rest = url.slice(folder.length);
  return !/[?#\\\t\n\r]|%2e|(^|\/)\.\.?(\/|$)/i.test(rest);
}

/** Hosts remembered at most (a Backstage has a handful of SCM hosts). */
const MAX_HOSTS = 256;

/**
 * Resolved project file URLs remembered at most: two files per entity of a
 * 10,000-entity catalog (a few MB), so that a sweep resolves each only once.
 */
export const MAX_REMEMBERED_URLS = 20_000;

export class ScmUrlResolver {
  readonly #byHost = new Map<string, ScmIntegration | null>();
  /** `under` answers by base and path ('' for outside), least recently used first. */
  readonly #under = new Map<string, string>();
  #lastFolder: { base: string; folder: string } | undefined;

  constructor(private readonly integrations: ScmIntegrationRegistry) {}

  #integrationOf(base: string): ScmIntegration | null {
    let host: string;
    try {
      host = new URL(base).host;
    } catch {
      return null;
    }
    let hit = this.#byHost.get(host);
    if (hit === undefined) {
      hit = this.integrations.byUrl(base) ?? null;
      if (this.#byHost.size >= MAX_HOSTS) {
        this.#byHost.delete(this.#byHost.keys().next().value!);
      }
      this.#byHost.set(host, hit);
    }
    return hit;
  }

  /** The folder of `base`; the last one is kept (an entity's files are resolved one after the other). */
  #folderOf(base: string): string {
    if (this.#lastFolder?.base !== base) {
      this.#lastFolder = { base, folder: this.resolve('./', base) };
    }
    return this.#lastFolder.folder;
  }

  /** `ScmIntegrationRegistry.resolveUrl`, with the integration of the host cached. */
  resolve(url: string, base: string): string {
    const integration = this.#integrationOf(base);
    return integration
      ? integration.resolveUrl({ url, base })
      : defaultScmResolveUrl({ url, base });
  }

  /**
   * The URL of `relative` (a checked path inside the repo, '' for the folder
   * itself) under the folder of `base`, or undefined when it resolves outside
   * that folder.
   */
  under(base: string, relative: string): string | undefined {
    const key = `${base}\n${relative}`;
    let hit = this.#under.get(key);
    if (hit !== undefined) {
      this.#under.delete(key);
    } else {
      const url = this.resolve(relative ? `./${relative}` : './', base);
      const folder = this.#folderOf(base);
      hit = isPlainlyUnder(url, folder) || isUnder(url, folder) ? url : '';
      if (this.#under.size >= MAX_REMEMBERED_URLS) {
        this.#under.delete(this.#under.keys().next().value!);
      }
    }
    this.#under.set(key, hit);
    return hit || undefined;
  }
}
