"""Month-end finance reports: pull the ledger export from S3, build the reports, notify."""
from datetime import timedelta

from airflow import DAG
from airflow.hooks.S3_hook import S3Hook
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.python_operator import PythonOperator
from airflow.utils.dates import days_ago

default_args = {
    "owner": "team-analytics",
    "retries": 2,
    "retry_delay": timedelta(minutes=10),
}


def fetch_ledger(**context):
    """Copy the ledger export of the run's month to the local work folder."""
    month = context["execution_date"].strftime("%Y-%m")
    hook = S3Hook(aws_conn_id="finance_s3")
    key = f"exports/ledger/{month}.csv"
    if not hook.check_for_key(key, bucket_name="finance-exports"):
        raise ValueError(f"ledger export {key} is missing")
    return hook.download_file(key=key, bucket_name="finance-exports", local_path="/tmp")


def build_reports(**context):
    path = context["ti"].xcom_pull(task_ids="fetch_ledger")
    print(f"building month-end reports from {path}")


with DAG(
    dag_id="finance_reporting",
    default_args=default_args,
    schedule_interval="0 6 1 * *",
    start_date=days_ago(30),
    catchup=False,
    tags=["finance", "reports"],
) as dag:
    start = DummyOperator(task_id="start")

    fetch = PythonOperator(
        task_id="fetch_ledger",
        python_callable=fetch_ledger,
        provide_context=True,
    )

    build = PythonOperator(
        task_id="build_reports",
        python_callable=build_reports,
        provide_context=True,
    )

    notify = BashOperator(
        task_id="notify",
        bash_command='echo "month-end reports for {{ ds }} are ready"',
    )

    end = DummyOperator(task_id="end")

    start >> fetch >> build >> notify >> end
