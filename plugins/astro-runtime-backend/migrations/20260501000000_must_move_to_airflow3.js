// @ts-check

/**
 * Whether the project must move to Airflow 3 to stay on a maintained Runtime
 * (-common's `mustMoveToAirflow3` of the stored status, computed when the
 * status is written), so `GET /statuses?mustMoveToAirflow3=true` filters in
 * SQL across pages. Rows written before this column are NULL until their next
 * assessment (the refresh's fingerprint version changed with it, so the next
 * refresh reassesses every entity).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('astro_runtime_status', table => {
    table
      .boolean('must_move_to_airflow3')
      .nullable()
      .comment(
        'Airflow 2 project with no maintained Airflow 2 upgrade left (computed at write time)',
      );
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('astro_runtime_status', table => {
    table.dropColumn('must_move_to_airflow3');
  });
};
