/*
 * The provider packages preinstalled in each Runtime image (bundled
 * reference data), the change between two Runtimes, and the pins that keep a
 * project on its current providers through an upgrade.
 */
import data from './data/providers.json';
import { runtimeVersionKey } from './tag';
import type { ProviderChange, ProviderDiff } from './types';

/**
 * An image variant the reference lists packages for.
 *
 * @public
 */
export type ProviderVariant = 'standard' | 'slim';

type Lists = Partial<Record<ProviderVariant, Record<string, string>>>;

const RUNTIMES: Readonly<Record<string, Lists>> = (
  data as { runtimes: Record<string, Lists> }
).runtimes;

/**
 * When the bundled provider reference was assembled (`YYYY-MM`).
 *
 * @public
 */
export const BUNDLED_PROVIDERS_AS_OF: string = (data as { asOf: string }).asOf;

/**
 * The package that holds the operators Airflow 3 moved out of Airflow core
 * (`BashOperator`, `PythonOperator`, sensors, ...).
 *
 * @public
 */
export const AIRFLOW3_STANDARD_PROVIDER = 'apache-airflow-providers-standard';

function isListed(version: string | undefined): version is string {
  return !!version && Object.prototype.hasOwnProperty.call(RUNTIMES, version);
}

/** The bare version of a Runtime version or tag (as given when unparseable). */
function bareOf(version: string): string {
  // The reference is keyed by bare versions: a listed one needs no parse.
  return isListed(version)
    ? version
    : runtimeVersionKey(version)?.version ?? version;
}

/** The packages of a bare version's image, when the reference lists it. */
function listOf(
  bare: string,
  variant: ProviderVariant,
): Record<string, string> | undefined {
  return isListed(bare) ? RUNTIMES[bare][variant] : undefined;
}

/**
 * The packages preinstalled in a Runtime's image (`standard` by default),
 * sorted by name, or undefined when the bundled reference does not list it.
 *
 * @public
 */
export function preinstalledPackages(
  version: string,
  variant: ProviderVariant = 'standard',
): Array<{ name: string; version: string }> | undefined {
  if (typeof version !== 'string') return undefined;
  const list = listOf(
    bareOf(version),
    variant === 'slim' ? 'slim' : 'standard',
  );
  return list
    ? Object.keys(list).map(name => ({ name, version: list[name] }))
    : undefined;
}

function parts(v: string): number[] {
  return v.split(/[.+-]/).map(p => {
    const n = parseInt(p, 10);
    return Number.isNaN(n) ? 0 : n;
  });
}

function changeKind(from: string, to: string): ProviderChange['change'] {
  const a = parts(from);
  const b = parts(to);
  if ((a[0] ?? 0) !== (b[0] ?? 0)) return 'major';
  if ((a[1] ?? 0) !== (b[1] ?? 0)) return 'minor';
  return 'patch';
}

/** The variant to compare: `slim` when the tag is slim and both lists exist. */
function variantFor(
  from: string,
  to: string,
  variants: readonly string[] | undefined,
): ProviderVariant {
  if (variants?.includes('slim') && listOf(from, 'slim') && listOf(to, 'slim'))
    return 'slim';
  return 'standard';
}

/**
 * How the preinstalled packages change from Runtime `from` to `to`:
 * `major` / `minor` / `patch` by the first version number that differs,
 * `added`, `removed`; unchanged packages are left out. `known` is false (and
 * `changes` empty) when the bundled reference lacks either Runtime.
 * `variants` are the tag's variant suffixes (a `slim` tag compares slim images).
 *
 * @public
 */
export function providerDiff(
  from: string,
  to: string,
  variants?: readonly string[],
): ProviderDiff {
  const f = bareOf(String(from));
  const t = bareOf(String(to));
  const variant = variantFor(f, t, variants);
  const a = listOf(f, variant);
  const b = listOf(t, variant);
  const diff: ProviderDiff = {
    from: f,
    to: t,
    variant,
    known: !!a && !!b,
    changes: [],
  };
  if (!a || !b) return diff;
  const names = Array.from(
    new Set([...Object.keys(a), ...Object.keys(b)]),
  ).sort();
  for (const name of names) {
    const va = a[name];
    const vb = b[name];
    if (va === vb) continue;
    if (va === undefined) {
      diff.changes.push({ package: name, to: vb, change: 'added' });
    } else if (vb === undefined) {
      diff.changes.push({ package: name, from: va, change: 'removed' });
    } else {
      diff.changes.push({
        package: name,
        from: va,
        to: vb,
        change: changeKind(va, vb),
      });
    }
  }
  return diff;
}

/**
 * What "pin provider packages" does for an upgrade `from → to`.
 *
 * @public
 */
export interface ProviderPinPlan {
  from: string;
  to: string;
  /** `bundled`: the reference lists `from`; `unknown`: ask another source (a freeze file). */
  source: 'bundled' | 'unknown';
  /**
   * Packages to pin at the current Runtime's versions. Always empty for a
   * move to the Airflow 3 line: Airflow 2 provider versions do not belong in
   * an Airflow 3 image.
   */
  pins: Array<{ name: string; version: string }>;
  /** `pins` as requirements.txt lines (`name==version`). */
  lines: string[];
  /** Packages the project must add itself (unpinned) on the target, for a move to Airflow 3. */
  add: string[];
  /** False for a move to the Airflow 3 line: nothing may be pinned, whatever the source. */
  pinnable: boolean;
  /** One sentence for the user when nothing is pinned. */
  note?: string;
}

/**
 * The provider pins for an upgrade `from → to` (`to` omitted: pins of `from`
 * alone). Offline wherever the bundled reference lists `from`; otherwise
 * `source: 'unknown'` and the caller may read a freeze file, then keep only
 * what `pinnable` allows. For a move from the Airflow 2 line to Airflow 3,
 * nothing is pinned; `add` names the packages of the current image the
 * target does not preinstall (when both are listed) and the standard
 * provider when the target does not list it.
 *
 * @public
 */
export function providerPins(
  from: string,
  to?: string,
  variants?: readonly string[],
): ProviderPinPlan {
  const fromKey = runtimeVersionKey(String(from));
  const toKey = to !== undefined ? runtimeVersionKey(String(to)) : undefined;
  const f = fromKey?.version ?? String(from);
  const t = toKey?.version ?? (to !== undefined ? String(to) : f);
  const variant = variantFor(f, t, variants);
  const own = listOf(f, variant);
  const plan: ProviderPinPlan = {
    from: f,
    to: t,
    source: own ? 'bundled' : 'unknown',
    pins: [],
    lines: [],
    add: [],
    pinnable: true,
  };
  if (fromKey?.line === 'airflow2' && toKey?.line === 'airflow3') {
    plan.pinnable = false;
    const target = listOf(t, variant);
    if (own && target) {
      plan.add = Object.keys(own).filter(
        name => name.startsWith('apache-airflow-providers-') && !target[name],
      );
    }
    if (!target || !target[AIRFLOW3_STANDARD_PROVIDER])
      plan.add.push(AIRFLOW3_STANDARD_PROVIDER);
    plan.note = `Provider versions of Runtime ${f} (Airflow 2) are not pinned for ${t} (Airflow 3): add ${
      plan.add.length ? plan.add.join(', ') : 'the providers your DAGs import'
    } to requirements.txt without Airflow 2 pins, and let ${t}'s constraints choose the versions.`;
    return plan;
  }
  if (!own) {
    plan.note = `The bundled provider reference does not list Runtime ${f}.`;
    return plan;
  }
  plan.pins = Object.keys(own).map(name => ({ name, version: own[name] }));
  plan.lines = plan.pins.map(p => `${p.name}==${p.version}`);
  return plan;
}
