/*
 * Generated Astro project trees for the code-scan bench: Airflow 2 style DAG
 * files (removed imports and arguments, operators moved to providers, so
 * ruff's AIR3 rules report findings) of a chosen size, and a minimal ustar
 * writer so the SCM stand-in can answer GitHub-style tarball requests.
 * Deterministic: the same (repo, file, generation) gives the same bytes.
 */
'use strict';

const HEADER = [
  'from datetime import timedelta',
  '',
  'from airflow import DAG',
  'from airflow.operators.bash_operator import BashOperator',
  'from airflow.operators.python_operator import PythonOperator',
  'from airflow.operators.dummy_operator import DummyOperator',
  'from airflow.utils.dates import days_ago',
  'from airflow.models import Variable',
  '',
];

/** One plain Python helper inside the `with DAG(...)` body, about 400 bytes. */
function taskBlock(repo, file, t) {
  return [
    '',
    `    def _transform_${t}(rows):`,
    `        """Normalise batch ${t} of repo ${repo}, file ${file}."""`,
    '        out = []',
    '        for row in rows:',
    '            key = str(row.get("id", "")).strip().lower()',
    `            if key and row.get("weight", 0) > ${t % 10}:`,
    `                out.append({"id": key, "score": row["weight"] * ${
      t + 1
    }})`,
    '        return sorted(out, key=lambda r: r["score"])',
    '',
    `    transforms.append(_transform_${t})`,
  ].join('\n');
}

/**
 * The Python source of DAG file `file` of repo `repo` at `generation`,
 * padded with task blocks to about `bytes` bytes.
 */
function dagSource(repo, file, generation, bytes) {
  let text = [
    `# repo ${repo}, DAG ${file}, generation ${generation}`,
    ...HEADER,
    'default_args = {',
    '    "owner": "data-platform",',
    '    "retries": 2,',
    '    "retry_delay": timedelta(minutes=5),',
    '}',
    '',
    'with DAG(',
    `    dag_id="repo_${repo}_dag_${file}",`,
    '    default_args=default_args,',
    '    schedule_interval="@daily",',
    '    start_date=days_ago(1),',
    '    catchup=False,',
    ') as dag:',
    '    start = DummyOperator(task_id="start")',
    '    end = DummyOperator(task_id="end")',
    '    extract = PythonOperator(',
    '        task_id="extract",',
    '        python_callable=lambda **context: context["execution_date"],',
    '        provide_context=True,',
    '    )',
    `    load = BashOperator(task_id="load", bash_command="echo ${repo}")`,
    '    start >> extract >> load >> end',
    '    transforms = []',
  ].join('\n');
  for (let t = 0; text.length < bytes - 200; t++) {
    text += `\n${taskBlock(repo, file, t)}`;
  }
  return `${text}\n`;
}

/** The files of repo `repo` (path -> text): Dockerfile, requirements.txt, dags/. */
function repoFiles(repo, { files, bytes, generation, dockerfile }) {
  const out = [
    ['Dockerfile', dockerfile],
    ['requirements.txt', 'apache-airflow-providers-snowflake==5.0.0\n'],
  ];
  for (let f = 0; f < files; f++) {
    out.push([
      `dags/dag_${String(f).padStart(2, '0')}.py`,
      dagSource(repo, f, generation, bytes),
    ]);
  }
  return out;
}

function octal(n, width) {
  return `${n.toString(8).padStart(width - 1, '0')}\0`;
}

/** A ustar archive of `entries` ([path, text]) under the folder `prefix/`. */
function tarball(prefix, entries) {
  const blocks = [];
  for (const [name, text] of entries) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(`${prefix}/${name}`, 0, 100);
    header.write(octal(0o644, 8), 100);
    header.write(octal(0, 8), 108);
    header.write(octal(0, 8), 116);
    header.write(octal(body.length, 12), 124);
    header.write(octal(0, 12), 136);
    header.write('        ', 148); // checksum is computed with spaces here
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const b of header) sum += b;
    header.write(octal(sum, 7), 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

module.exports = { dagSource, repoFiles, tarball };
