// @ts-check

/**
 * SCM push events handled: one row per push (repository, branch and head
 * commit), inserted by the replica that handles it; a replica whose insert
 * conflicts leaves the push to the one that won. Rows older than a day are
 * deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('astro_runtime_event_claims', table => {
    table.comment('SCM push events claimed by a replica');
    table
      .string('event_key', 64)
      .primary()
      .notNullable()
      .comment('Hash of the topic, repository, branch and head commit');
    table.string('claimed_at', 32).notNullable();
    table.index(['claimed_at'], 'astro_runtime_event_claims_time_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('astro_runtime_event_claims');
};
