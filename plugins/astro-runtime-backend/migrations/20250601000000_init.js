// @ts-check

/**
 * Tables of the astro-runtime backend plugin.
 *
 * Timestamps are ISO 8601 strings (UTC, `...Z`): they sort correctly as text
 * and read back identically on SQLite, PostgreSQL and MySQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // The latest (last-known-good) status of each catalog entity looked at.
  await knex.schema.createTable('astro_runtime_status', table => {
    table.comment('Latest Astro Runtime status per catalog entity');
    table
      .string('ref_key', 512)
      .primary()
      .notNullable()
      .comment('Lower-cased entity ref');
    table.string('entity_ref', 512).notNullable();
    table.text('title').nullable();
    table.string('owner', 512).nullable();
    table.string('system', 512).nullable();
    table
      .boolean('is_astro')
      .notNullable()
      .defaultTo(true)
      .comment('False for detection candidates whose Dockerfile is not Astro');
    table.string('state', 64).nullable();
    table.string('line', 32).nullable();
    table.string('severity', 16).nullable();
    table.string('repo_version', 128).nullable();
    table
      .text('deployment_versions')
      .nullable()
      .comment('JSON: Deployment id -> Runtime');
    table
      .text('status_json', 'longtext')
      .nullable()
      .comment('RuntimeStatus JSON');
    table.boolean('stale').notNullable().defaultTo(false);
    table.text('error_json').nullable();
    table.string('assessed_at', 32).nullable();
    table.string('checked_at', 32).nullable();
    table.text('dockerfile_url').nullable();
    table.text('project_path').nullable();
    table
      .text('inputs_json', 'longtext')
      .nullable()
      .comment('Etags and texts of the files the status was computed from');
    table.string('input_hash', 64).nullable();
    table.index(['owner'], 'astro_runtime_status_owner_idx');
    table.index(['state'], 'astro_runtime_status_state_idx');
  });

  // One row whenever an entity's repo Runtime or a Deployment's Runtime changes.
  await knex.schema.createTable('astro_runtime_history', table => {
    table.comment('Runtime version changes per entity (adoption trends)');
    table.bigIncrements('id').primary();
    table.string('ref_key', 512).notNullable();
    table.string('entity_ref', 512).notNullable();
    table.string('recorded_at', 32).notNullable();
    table.string('repo_version', 128).nullable();
    table.string('line', 32).nullable();
    table.text('deployment_versions').nullable();
    table.string('reason', 32).notNullable();
    table.index(['ref_key'], 'astro_runtime_history_ref_idx');
    table.index(['recorded_at'], 'astro_runtime_history_time_idx');
  });

  // The last good copy of the release catalog from the configured source.
  await knex.schema.createTable('astro_runtime_release_feed', table => {
    table.comment('Last good release catalog and the latest fetch attempt');
    table.string('id', 32).primary().notNullable();
    table.string('source', 32).nullable();
    table.text('location').nullable();
    table.string('as_of', 64).nullable();
    table.text('catalog_json', 'longtext').nullable();
    table.string('fetched_at', 32).nullable();
    table.string('last_attempt_at', 32).nullable();
    table.text('last_error').nullable();
  });

  // Progress of the (global) refresh task, readable from any replica.
  await knex.schema.createTable('astro_runtime_refresh', table => {
    table.comment('Progress of the scheduled refresh');
    table.string('id', 32).primary().notNullable();
    table.text('progress_json').notNullable();
    table.string('updated_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('astro_runtime_refresh');
  await knex.schema.dropTable('astro_runtime_release_feed');
  await knex.schema.dropTable('astro_runtime_history');
  await knex.schema.dropTable('astro_runtime_status');
};
