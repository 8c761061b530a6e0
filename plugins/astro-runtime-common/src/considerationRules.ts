/*
 * Upgrade considerations as data: one row per thing a person upgrading must
 * know, with the condition (as data) that makes it apply to a path
 * `from → to`, from Astronomer's Runtime release notes and upgrade guide and
 * Airflow's upgrading-to-Airflow-3 guide. `considerations.ts` evaluates them.
 */
import { AIRFLOW3_MIN_RUNTIME } from './rules';
import type { Severity } from './types';

/**
 * When a rule applies to an upgrade path `from → to`.
 *
 * @public
 */
export type ConsiderationCondition =
  /** The path crosses this version: from < version <= to. */
  | { crosses: string }
  /** The path moves from the Airflow-2 line to the Airflow-3 line. */
  | { lineChange: 'airflow3' }
  /** `from` is a known version below this one. */
  | { fromBelow: string }
  /** The path changes major (Airflow-3 line: Airflow major), or line. */
  | { majorChange: true }
  /** `from` and `to` are on the same Runtime line. */
  | { sameLine: true }
  /** `from` is not a pinned version (floating tag such as `3.1`, `latest`, unknown). */
  | { fromNotPinned: true }
  /** Every upgrade. */
  | { always: true }
  | { all: ConsiderationCondition[] }
  | { any: ConsiderationCondition[] };

/** @public */
export interface ConsiderationRule {
  id: string;
  appliesWhen: ConsiderationCondition;
  title: string;
  detail: string;
  severity: Severity;
  docUrl?: string;
  /** The rule already tells about the metadata-DB migration of the version it crosses. */
  coversDatabaseMigration?: boolean;
}

/** Where each consideration's documentation lives. */
export const DOCS = {
  releaseNotes: 'https://www.astronomer.io/docs/astro/runtime-release-notes',
  upgrade: 'https://www.astronomer.io/docs/astro/upgrade-runtime',
  airflow3:
    'https://airflow.apache.org/docs/apache-airflow/stable/installation/upgrading_to_airflow3.html',
  airflowReleaseNotes:
    'https://airflow.apache.org/docs/apache-airflow/stable/release_notes.html',
  deferrable:
    'https://airflow.apache.org/docs/apache-airflow/stable/authoring-and-scheduling/deferring.html',
  migrations:
    'https://airflow.apache.org/docs/apache-airflow/stable/migrations-ref.html',
  ruffAir: 'https://docs.astral.sh/ruff/rules/#airflow-air',
  lifecycle:
    'https://www.astronomer.io/docs/astro/runtime-version-lifecycle-policy',
};

/**
 * The rules table. Order within one version is table order.
 *
 * @public
 */
export const considerationRules: ConsiderationRule[] = [
  {
    id: 'runtime-5-db-migration',
    appliesWhen: { crosses: '5.0.0' },
    title: 'Runtime 5 (Airflow 2.3): long metadata-database migration',
    detail:
      'The upgrade migrates the metadata database schema; it takes 10 to 30+ minutes depending on the number of task instances ever recorded. Afterwards the Airflow UI may warn about "incompatible data" moved to `_airflow_moved__*` / `dangling_*` tables: that is harmless.',
    severity: 'warning',
    docUrl: DOCS.releaseNotes,
    coversDatabaseMigration: true,
  },
  {
    id: 'runtime-6-smart-sensors-removed',
    appliesWhen: { crosses: '6.0.0' },
    title: 'Runtime 6 (Airflow 2.4): Smart Sensors removed',
    detail:
      'Smart Sensors (deprecated since Airflow 2.2.4) are gone: move those sensors to deferrable operators.',
    severity: 'warning',
    docUrl: DOCS.deferrable,
  },
  {
    id: 'runtime-8-0-yanked',
    appliesWhen: { crosses: '8.0.0' },
    title: 'Runtime 8.0.0 is yanked',
    detail:
      'Runtime 8.0.0 was yanked (it did not apply cluster policies defined through pluggy): use 8.1.0 or later.',
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-8-python-3.10',
    appliesWhen: { crosses: '8.0.0' },
    title: 'Runtime 8 (Airflow 2.6): default Python 3.10',
    detail:
      "The image's default Python becomes 3.10: check packages with compiled dependencies.",
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-8-providers-not-preinstalled',
    appliesWhen: { crosses: '8.0.0' },
    title: 'Runtime 8: fewer providers preinstalled',
    detail:
      'These providers are no longer preinstalled: apache-hive, apache-livy, databricks, dbt-cloud, microsoft-mssql, sftp, snowflake. Add the ones your DAGs use to requirements.txt.',
    severity: 'warning',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-8.4-cncf-kubernetes-7',
    appliesWhen: { crosses: '8.4.0' },
    title: 'Runtime 8.4: cncf-kubernetes provider 7.0.0',
    detail:
      'Runtime 8.4.0 brings apache-airflow-providers-cncf-kubernetes 7.0.0, which has breaking changes for KubernetesHook users.',
    severity: 'warning',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-9-yanked',
    appliesWhen: { crosses: '9.0.0' },
    title: 'Runtime 9.0.0 to 9.6.0 are yanked',
    detail:
      'Runtime 9.0.0 to 9.6.0 were yanked (significant scheduling performance issues): use 9.7.0 or later.',
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-9-python-3.11',
    appliesWhen: { crosses: '9.0.0' },
    title: 'Runtime 9 (Airflow 2.7): default Python 3.11',
    detail:
      'The default Python becomes 3.11. Some providers (e.g. apache-hive) do not support it yet: use a `-python-3.10` image variant for them.',
    severity: 'warning',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-9-test-connection-disabled',
    appliesWhen: { crosses: '9.0.0' },
    title: 'Runtime 9: connection testing off in the UI',
    detail:
      'Testing connections from the UI/API is disabled by default; set `AIRFLOW__CORE__TEST_CONNECTION=Enabled` to turn it back on.',
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-9-python-3.7-dropped',
    appliesWhen: { crosses: '9.0.0' },
    title: 'Runtime 9: Python 3.7 dropped',
    detail:
      'Python 3.7 is no longer supported (e.g. in virtualenv / external Python operators).',
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-9-db-migrate-command',
    appliesWhen: { crosses: '9.0.0' },
    title: 'Runtime 9: `airflow db migrate`',
    detail:
      '`airflow db init` and `airflow db upgrade` are deprecated since Airflow 2.7 in favour of `airflow db migrate`, and removed in Airflow 3.0: update scripts that call them.',
    severity: 'info',
    docUrl: DOCS.airflowReleaseNotes,
  },
  {
    id: 'runtime-11-yanked',
    appliesWhen: { crosses: '11.0.0' },
    title: 'Runtime 11.0.0 and 11.1.0 are yanked',
    detail:
      'Runtime 11.0.0 and 11.1.0 were yanked (metadata DB migration issues when triggers are running): use 11.2.0 or later.',
    severity: 'info',
    docUrl: DOCS.releaseNotes,
  },
  {
    id: 'runtime-12-airflow3-minimum',
    appliesWhen: { crosses: AIRFLOW3_MIN_RUNTIME },
    title: 'Runtime 12 (Airflow 2.10): the minimum before Airflow 3',
    detail: `A Deployment must run Runtime ${AIRFLOW3_MIN_RUNTIME} or later before it can move to Airflow 3 (the \`X.Y-N\` Runtime line).`,
    severity: 'info',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'airflow3-requires-runtime-12',
    appliesWhen: {
      all: [{ lineChange: 'airflow3' }, { fromBelow: AIRFLOW3_MIN_RUNTIME }],
    },
    title: 'Airflow 3 needs Runtime 12 first',
    detail: `Deploys to Airflow 3 are refused from below Runtime ${AIRFLOW3_MIN_RUNTIME}: upgrade to Runtime 12 (better 13) and deploy that first.`,
    severity: 'error',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'airflow3-via-runtime-13',
    appliesWhen: { all: [{ lineChange: 'airflow3' }, { fromBelow: '13.0.0' }] },
    title: 'Go through Airflow 2.11 (Runtime 13) first',
    detail:
      'Astronomer suggests upgrading to Runtime 13 (Airflow 2.11) first: its deprecation warnings point at what Airflow 3 removes.',
    severity: 'info',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'airflow3-new-image',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: new registry and image name',
    detail:
      'Airflow 3 Runtimes are published as `astrocrpublic.azurecr.io/runtime:X.Y-N` (e.g. `3.1-12`) instead of `quay.io/astronomer/astro-runtime:X.Y.Z`; allow the registry in your network and mirrors.',
    severity: 'warning',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'airflow3-removed-features',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: removed DAG features',
    detail:
      'Removed: SubDAGs (`SubDagOperator`), the `schedule_interval` and `timetable` DAG arguments (use `schedule`), SLAs and `sla_miss_callback`, `days_ago`, `DummyOperator` (use `EmptyOperator`), `SimpleHttpOperator` (use `HttpOperator`) and the `airflow db init` / `airflow db upgrade` commands (use `airflow db migrate`). Core operators such as `BashOperator` and `PythonOperator` moved to the `apache-airflow-providers-standard` package.',
    severity: 'error',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-context-keys-removed',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: removed context keys',
    detail:
      'The task context no longer has `conf`, `execution_date`, `next_ds`, `next_ds_nodash`, `next_execution_date`, `prev_ds`, `prev_ds_nodash`, `prev_execution_date`, `prev_execution_date_success`, `tomorrow_ds`, `yesterday_ds` or `yesterday_ds_nodash`: use `logical_date` and the `data_interval_start` / `data_interval_end` keys instead.',
    severity: 'error',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-no-direct-db-access',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: no direct metadata-database access from tasks',
    detail:
      'Tasks can no longer open sessions on the metadata database: use the Airflow Python client / REST API instead.',
    severity: 'error',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-assets',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: Datasets are renamed Assets',
    detail:
      '`Dataset` becomes `Asset` (`airflow.sdk`); dataset-triggered schedules keep working once imports are updated.',
    severity: 'warning',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-rest-api-v2',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: REST API v1 becomes v2',
    detail: 'Scripts and tools calling `/api/v1` must move to `/api/v2`.',
    severity: 'warning',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-xcom-pickling',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Airflow 3: XCom pickling removed',
    detail: 'XComs must be JSON-serialisable (or use a custom XCom backend).',
    severity: 'warning',
    docUrl: DOCS.airflow3,
  },
  {
    id: 'airflow3-ruff-air30',
    appliesWhen: { lineChange: 'airflow3' },
    title: 'Find Airflow 3 breakages with Ruff',
    detail:
      "Ruff's `AIR30x` rules (`ruff check --preview --select AIR30 dags/`) find most removed imports and arguments; `astro dev upgrade-test` runs them.",
    severity: 'info',
    docUrl: DOCS.ruffAir,
  },
  {
    id: 'pin-providers',
    appliesWhen: { all: [{ majorChange: true }, { sameLine: true }] },
    title: 'Pin provider packages before a major upgrade',
    detail:
      "Major upgrades may upgrade the built-in provider packages. Pin them in requirements.txt at the current Runtime's versions, upgrade, then upgrade and test the providers one by one.",
    severity: 'warning',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'full-version-tag',
    appliesWhen: { fromNotPinned: true },
    title: 'Pin a full Runtime version',
    detail:
      'A Runtime tag must name major, minor and patch (or `X.Y-N` on Airflow 3): floating tags are not supported for deploys.',
    severity: 'warning',
    docUrl: DOCS.upgrade,
  },
  {
    id: 'no-downgrade',
    appliesWhen: { always: true },
    title: 'No way back',
    detail:
      'Once a Deployment runs the new version, a deploy with an older image is refused ("Cannot deploy a downgraded Astro Runtime version"): test the upgrade before you deploy it.',
    severity: 'info',
    docUrl: DOCS.upgrade,
  },
];
