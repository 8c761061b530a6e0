"""Weekly legacy reports, still on an Astronomer Certified image."""
from airflow import DAG
from airflow.contrib.hooks.ssh_hook import SSHHook
from airflow.contrib.operators.ssh_operator import SSHOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.utils.dates import days_ago

from report_labels import LABELS

with DAG(
    "legacy_reports",
    schedule_interval="@weekly",
    start_date=days_ago(7),
    concurrency=1,
) as dag:
    start = DummyOperator(task_id="start")
    for name, label in LABELS.items():
        start >> SSHOperator(
            task_id=f"render_{name}",
            ssh_hook=SSHHook(ssh_conn_id="reports_host"),
            command=f"render-report --label '{label}' --week {{{{ execution_date }}}}",
        )
