// @ts-check

/**
 * The number of Airflow 3 blocking findings (severity `blocking`) of each
 * cached code scan, so `GET /summary` sums them in SQL. Rows cached before
 * this column are filled in from their stored findings.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table
      .integer('blocking')
      .notNullable()
      .defaultTo(0)
      .comment('Findings with severity blocking in the cached scan');
  });
  let after = '';
  for (;;) {
    const rows = await knex('astro_runtime_code_scan')
      .select('ref_key', 'files_json')
      .where('ref_key', '>', after)
      .orderBy('ref_key', 'asc')
      .limit(100);
    for (const row of rows) {
      let blocking = 0;
      try {
        const parsed = JSON.parse(row.files_json);
        for (const file of Array.isArray(parsed?.files) ? parsed.files : []) {
          for (const finding of file?.scan?.findings ?? []) {
            if (finding?.severity === 'blocking') blocking++;
          }
        }
      } catch {
        // an unreadable cache row counts nothing (it is rescanned anyway)
      }
      if (blocking) {
        await knex('astro_runtime_code_scan')
          .where('ref_key', row.ref_key)
          .update({ blocking });
      }
    }
    if (rows.length < 100) break;
    after = rows[rows.length - 1].ref_key;
  }
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.alterTable('astro_runtime_code_scan', table => {
    table.dropColumn('blocking');
  });
};
