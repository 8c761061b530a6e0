// @ts-check

/**
 * The per-file scans (`astro_runtime_code_scan_files.files_json`) are now
 * written in a compact form (`{"v":2,"strings":[...],"files":[...]}`: each
 * string once, each finding a row of numbers), about a tenth of the plain
 * JSON. Rows in the plain form are still read, and rewritten compact on their
 * next scan, so the schema does not change going up.
 *
 * Going down, the compact rows are forgotten with their heads: the version
 * before reads only the plain form. That costs those entities one full
 * rescan; their findings stay in their status rows meanwhile.
 *
 * @param {import('knex').Knex} _knex
 */
exports.up = async function up(_knex) {
  // nothing to change: the new form is written as scans are
};

const COMPACT = `files_json LIKE '{"v":2,%'`;

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.transaction(async tx => {
    await tx('astro_runtime_code_scan')
      .whereIn(
        'ref_key',
        tx('astro_runtime_code_scan_files').select('ref_key').whereRaw(COMPACT),
      )
      .delete();
    await tx('astro_runtime_code_scan_files').whereRaw(COMPACT).delete();
  });
};
