// @ts-check

/**
 * Never lose good data: a fingerprint of what the catalog says about an
 * entity (annotations, source location), so that a missing Dockerfile can be
 * told apart from an entity that changed; and a mark for entities missing
 * from one complete catalog listing, deleted only when the next complete
 * listing still misses them.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('astro_runtime_status', table => {
    table
      .string('entity_fingerprint', 64)
      .nullable()
      .comment('Hash of the annotations and location the status was read from');
    table
      .string('missing_since', 32)
      .nullable()
      .comment('When a complete catalog listing first missed the entity');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('astro_runtime_status', table => {
    table.dropColumn('missing_since');
    table.dropColumn('entity_fingerprint');
  });
};
