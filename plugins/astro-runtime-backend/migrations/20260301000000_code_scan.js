// @ts-check

/**
 * The code scan's cache: per entity, the scan of each Python file keyed by
 * its path and content hash (or the local file's etag), so that a refresh
 * rescans only files that changed, and the listing's etag (a tree etag from
 * the SCM), so that an unchanged repo is not downloaded again.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('astro_runtime_code_scan', table => {
    table.comment('Per-file ruff scans of the Python code of each entity');
    table
      .string('ref_key', 512)
      .primary()
      .notNullable()
      .comment('Lower-cased entity ref');
    table
      .text('tree_etag')
      .nullable()
      .comment('Etag of the last listing of the project folder');
    table
      .string('engine', 64)
      .notNullable()
      .comment('Engine and version the scans were made with (ruff 0.17.4)');
    table
      .text('files_json', 'longtext')
      .notNullable()
      .comment('JSON: [{ path, hash, scan: FileScan }] and the skipped files');
    table.string('scanned_at', 32).notNullable();
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('astro_runtime_code_scan');
};
