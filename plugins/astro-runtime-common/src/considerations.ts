/*
 * Which considerations apply to an upgrade path `from → to`: the rules of
 * `considerationRules.ts` evaluated against the path, plus one
 * metadata-database migration per crossed release that migrates.
 */
import {
  considerationRules,
  ConsiderationCondition,
  ConsiderationRule,
  DOCS,
} from './considerationRules';
import { isObject } from './util';
import { ReleaseIndex, releaseIndex } from './releaseIndex';
import { compareKeys, runtimeVersionKey, RuntimeVersionKey } from './tag';
import type {
  Consideration,
  DatabaseMigration,
  ReleaseCatalog,
  RuntimeRelease,
} from './types';

export { considerationRules };
export type { ConsiderationCondition, ConsiderationRule };

interface PathContext {
  from?: RuntimeVersionKey;
  to: RuntimeVersionKey;
  /** First Airflow-3 release the path reaches, for ordering. */
  lineChangeVersion?: string;
  toVersion: string;
  /** `runtimeVersionKey`, from the catalog's index when there is one. */
  keyOf(version: string): RuntimeVersionKey | undefined;
}

/** Evaluates a condition; returns [applies, version that triggered it]. */
function evaluate(
  cond: ConsiderationCondition,
  ctx: PathContext,
): [boolean, string | undefined] {
  if (!isObject(cond)) return [false, undefined];
  const c = cond as Record<string, unknown>;
  if (typeof c.crosses === 'string') {
    const v = ctx.keyOf(c.crosses);
    if (!v || !ctx.from) return [false, undefined];
    return [
      compareKeys(ctx.from, v) < 0 && compareKeys(v, ctx.to) <= 0,
      v.version,
    ];
  }
  if (c.lineChange === 'airflow3') {
    return [
      ctx.from?.line === 'airflow2' && ctx.to.line === 'airflow3',
      ctx.lineChangeVersion,
    ];
  }
  if (typeof c.fromBelow === 'string') {
    const v = ctx.keyOf(c.fromBelow);
    return [!!v && !!ctx.from && compareKeys(ctx.from, v) < 0, undefined];
  }
  if (c.majorChange === true) {
    const f = ctx.from;
    return [
      !!f && (f.line !== ctx.to.line || f.major !== ctx.to.major),
      ctx.toVersion,
    ];
  }
  if (c.sameLine === true)
    return [!!ctx.from && ctx.from.line === ctx.to.line, undefined];
  if (c.fromNotPinned === true) return [!ctx.from, undefined];
  if (c.always === true) return [true, undefined];
  if (Array.isArray(c.all)) {
    let version: string | undefined;
    for (const sub of c.all as ConsiderationCondition[]) {
      const [ok, v] = evaluate(sub, ctx);
      if (!ok) return [false, undefined];
      version = version ?? v;
    }
    return [c.all.length > 0, version];
  }
  if (Array.isArray(c.any)) {
    for (const sub of c.any as ConsiderationCondition[]) {
      const r = evaluate(sub, ctx);
      if (r[0]) return r;
    }
  }
  return [false, undefined];
}

/** One crossed release that migrates the metadata database. */
interface MigrationStep {
  release: RuntimeRelease;
  /** `data`: the release data says so; `airflow-minor`: the step enters a new Airflow 3 minor. */
  basis: 'data' | 'airflow-minor';
}

/**
 * The metadata-database migrations on the path `from → to` over the crossed
 * releases: a release flagged `true` migrates; on the Airflow 3 line a
 * release whose flag is `unknown` and that enters a new Airflow minor
 * (3.0 from Airflow 2, then 3.1, 3.2 ...) migrates too, since every Airflow
 * minor release ships schema migrations. `migration` is `true` when any step
 * migrates, `false` when the data says no for every step, else `unknown`.
 */
function migrationsOnPath(
  from: RuntimeVersionKey,
  crossed: ReadonlyArray<{ release: RuntimeRelease; key: RuntimeVersionKey }>,
): { migration: DatabaseMigration; steps: MigrationStep[] } {
  const steps: MigrationStep[] = [];
  let unknown = false;
  let prev = from;
  for (const { release, key } of crossed) {
    const flag = release.airflowDatabaseMigration;
    const newAirflowMinor =
      key.line === 'airflow3' &&
      (prev.line !== 'airflow3' ||
        prev.major !== key.major ||
        prev.minor !== key.minor);
    if (flag === true) steps.push({ release, basis: 'data' });
    else if (flag !== false && newAirflowMinor)
      steps.push({ release, basis: 'airflow-minor' });
    else if (flag !== false) unknown = true;
    prev = key;
  }
  let migration: DatabaseMigration = false;
  if (steps.length) migration = true;
  else if (unknown || crossed.length === 0) migration = 'unknown';
  return { migration, steps };
}

/**
 * Whether the upgrade `from → to` migrates the metadata database: `true`,
 * `false`, or `'unknown'` (see `considerationsFor` for the rule).
 *
 * @public
 */
export function databaseMigrationFor(
  from: string,
  to: string,
  catalog: ReleaseCatalog | ReleaseIndex,
): DatabaseMigration {
  const index = releaseIndex(catalog);
  const f = index.keyOf(from);
  const t = index.keyOf(to);
  if (!f || !t || compareKeys(f, t) >= 0) return 'unknown';
  return migrationsOnPath(f, index.between(f, t)).migration;
}

function migrationConsideration(step: MigrationStep): Consideration {
  const r = step.release;
  const af3 = r.line === 'airflow3';
  const airflow = r.airflowVersion ? ` (Airflow ${r.airflowVersion})` : '';
  return {
    id: `database-migration-${r.version}`,
    title: `Metadata-database migration in ${r.version}`,
    detail: af3
      ? `This upgrade migrates the metadata database${airflow} (expect downtime on large databases${
          step.basis === 'airflow-minor'
            ? '; every Airflow minor release migrates the schema, and the release data does not say otherwise'
            : ''
        }); on Airflow 3 it can briefly disrupt running tasks: plan a maintenance window.`
      : `Upgrading to ${r.version} migrates the Airflow metadata database${airflow}: the first deploy takes longer; plan a quiet time.`,
    severity: 'warning',
    docUrl: DOCS.migrations,
    version: r.version,
  };
}

/**
 * Every consideration for the upgrade `from → to`, ordered by the version that
 * triggers it (rules without a version last, table order within a version).
 * Includes one database-migration consideration per crossed catalog release
 * that migrates (its flag is `true`, or it is `unknown` and the release enters
 * a new Airflow 3 minor), unless a rule already covers it.
 * Unknown `from` (floating, `latest`): only version-independent rules.
 * Empty when `to` is not a version or not above `from`.
 *
 * @public
 */
export function considerationsFor(
  from: string | undefined,
  to: string,
  catalog?: ReleaseCatalog | ReleaseIndex,
  rules: ConsiderationRule[] = considerationRules,
): Consideration[] {
  const index = catalog ? releaseIndex(catalog) : undefined;
  const keyOf = (v: string) => (index ? index.keyOf(v) : runtimeVersionKey(v));
  const toKey = typeof to === 'string' ? keyOf(to) : undefined;
  if (!toKey) return [];
  const fromKey = typeof from === 'string' ? keyOf(from) : undefined;
  if (fromKey && compareKeys(fromKey, toKey) >= 0) return [];
  let lineChangeVersion: string | undefined;
  let steps: MigrationStep[] = [];
  if (index && fromKey) {
    const crossed = index.between(fromKey, toKey);
    lineChangeVersion = crossed.find(r => r.key.line === 'airflow3')?.release
      .version;
    steps = migrationsOnPath(fromKey, crossed).steps;
  }
  const ctx: PathContext = {
    keyOf,
    from: fromKey,
    to: toKey,
    toVersion: toKey.version,
    lineChangeVersion:
      lineChangeVersion ??
      (toKey.line === 'airflow3' ? toKey.version : undefined),
  };
  const found: Array<{ c: Consideration; order: number }> = [];
  const coveredMigrations = new Set<string>();
  (Array.isArray(rules) ? rules : []).forEach((rule, order) => {
    if (!isObject(rule)) return;
    const [applies, version] = evaluate(rule.appliesWhen, ctx);
    if (!applies) return;
    const c: Consideration = {
      id: rule.id,
      title: rule.title,
      detail: rule.detail,
      severity: rule.severity,
    };
    if (rule.docUrl) c.docUrl = rule.docUrl;
    if (version) c.version = version;
    if (rule.coversDatabaseMigration && version) coveredMigrations.add(version);
    found.push({ c, order });
  });
  for (const step of steps) {
    if (coveredMigrations.has(step.release.version)) continue;
    found.push({ c: migrationConsideration(step), order: -1 });
  }
  return sortConsiderations(found, keyOf);
}

/**
 * Orders considerations by the version that triggers them (those without a
 * version last), then by `order`.
 */
export function sortConsiderations(
  found: Array<{ c: Consideration; order: number }>,
  keyOf: (version: string) => RuntimeVersionKey | undefined = runtimeVersionKey,
): Consideration[] {
  const keyed = found.map(({ c, order }) => ({
    c,
    order,
    key: c.version ? keyOf(c.version) : undefined,
  }));
  keyed.sort((a, b) => {
    const va = a.c.version;
    const vb = b.c.version;
    if (va && vb) {
      const d = compareKeys(a.key, b.key, va, vb);
      if (d !== 0) return d;
    } else if (va) return -1;
    else if (vb) return 1;
    return a.order - b.order;
  });
  return keyed.map(f => f.c);
}
