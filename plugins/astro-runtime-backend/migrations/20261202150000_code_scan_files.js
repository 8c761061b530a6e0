// @ts-check

/**
 * Splits the code scan's cache into a light head per entity (tree etag,
 * engine, fingerprint, scan time, blocking count: what an unchanged refresh
 * reads) and the per-file scans (`astro_runtime_code_scan_files`, read only
 * when the tree changed or the findings are written into a status).
 *
 * The fingerprint (what the findings depend on) is filled in by the scanner:
 * rows cached before this column have none, and their next refresh reads the
 * per-file scans once to compute it.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('astro_runtime_code_scan_files', table => {
    table.comment(
      'Per-file ruff scans of each entity (its head is in astro_runtime_code_scan)',
    );
    table
      .string('ref_key', 512)
      .primary()
      .notNullable()
      .comment('Lower-cased entity ref');
    table
      .text('files_json', 'longtext')
      .notNullable()
      .comment('JSON: [{ path, hash, scan: FileScan }] and the skipped files');
  });
  await knex('astro_runtime_code_scan_files').insert(
    knex('astro_runtime_code_scan').select('ref_key', 'files_json'),
  );
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table
      .string('fingerprint', 64)
      .nullable()
      .comment(
        'What the findings depend on (engine, file paths and hashes, skipped files)',
      );
  });
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table.dropColumn('files_json');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table
      .text('files_json', 'longtext')
      .notNullable()
      .defaultTo('{"files":[],"skipped":[]}')
      .comment('JSON: [{ path, hash, scan: FileScan }] and the skipped files');
  });
  await knex.raw(
    `UPDATE astro_runtime_code_scan SET files_json = COALESCE((
       SELECT f.files_json FROM astro_runtime_code_scan_files f
       WHERE f.ref_key = astro_runtime_code_scan.ref_key
     ), files_json)`,
  );
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table.dropColumn('fingerprint');
  });
  await knex.schema.dropTable('astro_runtime_code_scan_files');
};
