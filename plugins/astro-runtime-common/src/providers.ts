import { AstroRuntimeError } from './errors';
import { preinstalledPackages } from './providerDiff';
import { bareVersion } from './tag';
import { checkTextInput } from './util';

/** Largest requirements / freeze text accepted. */
export const MAX_REQUIREMENTS_BYTES = 1024 * 1024;

/**
 * Astronomer's published freeze files (`pip freeze` of each Runtime image),
 * keyed by bare Runtime tag and Python version.
 *
 * @public
 */
export const DEFAULT_PROVIDER_FREEZE_URL_TEMPLATE =
  'https://cdn.astronomer.io/runtime-freeze/runtime-{tag}-python-{python}.txt';

/**
 * Apache Airflow's constraints for an Airflow version (an approximation of a Runtime's providers).
 *
 * @public
 */
export const AIRFLOW_CONSTRAINTS_URL_TEMPLATE =
  'https://raw.githubusercontent.com/apache/airflow/constraints-{airflow}/constraints-{python}.txt';

/**
 * PEP 503 normalised project name: lowercase, runs of `-`, `_`, `.` become `-`.
 *
 * @public
 */
export function normalizePackageName(name: string): string {
  return String(name)
    .toLowerCase()
    .replace(/[-_.]+/g, '-');
}

const NAME_RE = /^[ \t]*([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/;

/**
 * The normalised package name a requirements line declares, or undefined (comments, options, URLs, blanks).
 *
 * @public
 */
export function requirementName(line: string): string | undefined {
  const t = line.trimStart();
  if (t === '' || t.startsWith('#') || t.startsWith('-')) return undefined;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(t)) return undefined;
  const m = NAME_RE.exec(t);
  return m ? normalizePackageName(m[1]) : undefined;
}

/** @public */
export interface PinProvidersResult {
  text: string;
  /** Names (as given) of the packages pinned by this call. */
  added: string[];
  /** Names (as given) of the packages the file already declares (left as they are). */
  kept: string[];
}

/**
 * Adds `name==version` lines for the given packages to a requirements.txt,
 * keeping every existing line (pins, comments, line endings) and never
 * duplicating a package (PEP 503 names). New lines go at the end, after an
 * optional comment line.
 *
 * @public
 */
export function pinProviders(
  requirementsTxt: string,
  providers: Array<{ name: string; version: string }>,
  opts: { comment?: string } = {},
): PinProvidersResult {
  const text = checkTextInput(
    requirementsTxt ?? '',
    'requirements.txt',
    MAX_REQUIREMENTS_BYTES,
  );
  if (!Array.isArray(providers)) {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'providers must be an array of {name, version}',
    );
  }
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const declared = new Set<string>();
  let continued = false;
  for (const line of text.split('\n')) {
    const l = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!continued) {
      const name = requirementName(l);
      if (name) declared.add(name);
    }
    continued = /\\\s*$/.test(l) && !l.trimStart().startsWith('#');
  }
  const added: string[] = [];
  const kept: string[] = [];
  const lines: string[] = [];
  for (const p of providers) {
    if (!p || typeof p.name !== 'string' || typeof p.version !== 'string') {
      throw new AstroRuntimeError(
        'INVALID_REQUIREMENTS',
        'each provider needs a string name and version',
      );
    }
    const name = p.name.trim();
    const version = p.version.trim();
    if (!NAME_RE.test(name) || NAME_RE.exec(name)![1] !== name) {
      throw new AstroRuntimeError(
        'INVALID_REQUIREMENTS',
        `"${name.slice(0, 80)}" is not a package name`,
      );
    }
    if (!/^[A-Za-z0-9][A-Za-z0-9.+!_-]*$/.test(version)) {
      throw new AstroRuntimeError(
        'INVALID_REQUIREMENTS',
        `"${version.slice(0, 80)}" is not a version for ${name}`,
      );
    }
    const key = normalizePackageName(name);
    if (declared.has(key)) {
      if (!added.includes(name) && !kept.includes(name)) kept.push(name);
      continue;
    }
    declared.add(key);
    added.push(name);
    lines.push(`${name}==${version}`);
  }
  if (lines.length === 0) return { text, added, kept };
  let out = text;
  if (out.length > 0 && !out.endsWith('\n')) out += eol;
  const comment =
    typeof opts?.comment === 'string'
      ? opts.comment.replace(/[\r\n]+/g, ' ').trim()
      : '';
  if (comment) out += `# ${comment}${eol}`;
  out += lines.join(eol) + eol;
  return { text: out, added, kept };
}

/**
 * Reads a pip-freeze / constraints text and keeps the `apache-airflow-providers-*`
 * pins (`name==version`), normalised names, first occurrence wins.
 *
 * @public
 */
export function parseProviderFreeze(
  text: string,
): Array<{ name: string; version: string }> {
  const t = checkTextInput(
    text,
    'provider freeze file',
    8 * MAX_REQUIREMENTS_BYTES,
  );
  const out: Array<{ name: string; version: string }> = [];
  const seen = new Set<string>();
  for (const raw of t.split('\n')) {
    // A comment runs from the first `#` to the end of the line (found with
    // indexOf: a `/#.*$/` search is quadratic on a long run of `#`).
    const hash = raw.indexOf('#');
    const line = (hash === -1 ? raw : raw.slice(0, hash)).trim();
    const m =
      /^([A-Za-z0-9][A-Za-z0-9._-]*)(?:\[[^\]]*\])?\s*===?\s*([A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*(?:;.*)?$/.exec(
        line,
      );
    if (!m) continue;
    const name = normalizePackageName(m[1]);
    if (!name.startsWith('apache-airflow-providers-') || seen.has(name))
      continue;
    seen.add(name);
    out.push({ name, version: m[2] });
  }
  return out;
}

/**
 * Fills `{tag}`, `{python}` (and `{airflow}`) in a freeze-file URL template.
 *
 * @public
 */
export function providerFreezeUrl(
  template: string,
  values: { tag: string; python: string; airflow?: string },
): string {
  if (typeof template !== 'string') {
    throw new AstroRuntimeError(
      'INVALID_INPUT',
      'URL template must be a string',
    );
  }
  const v = values ?? ({} as { tag: string; python: string });
  const tag = bareVersion(String(v.tag ?? '')) ?? String(v.tag ?? '');
  return template
    .replace(/\{tag\}/g, encodeURIComponent(tag))
    .replace(/\{python\}/g, encodeURIComponent(String(v.python ?? '')))
    .replace(/\{airflow\}/g, encodeURIComponent(String(v.airflow ?? '')));
}

/**
 * The packages preinstalled in a Runtime's standard image, from the bundled
 * provider reference (Runtime 4.0.0 to 11.8.0 and a few Airflow 3 Runtimes).
 *
 * @public
 */
export function getBundledProviders(
  version: string,
): Array<{ name: string; version: string }> | undefined {
  return preinstalledPackages(version);
}
