"""Syncs CRM accounts into the warehouse every hour."""
from datetime import datetime

from airflow.decorators import dag, task
from airflow.operators.dummy import DummyOperator
from airflow.providers.http.hooks.http import HttpHook


@dag(
    start_date=datetime(2025, 1, 1),
    schedule_interval="@hourly",
    catchup=False,
    tags=["crm"],
)
def crm_sync():
    start = DummyOperator(task_id="start")

    @task
    def extract(**context):
        since = context["prev_execution_date"] or context["data_interval_start"]
        response = HttpHook(method="GET", http_conn_id="crm_api").run(
            "accounts", data={"updated_since": since.isoformat()}
        )
        return response.json()["accounts"]

    @task
    def load(accounts):
        print(f"loaded {len(accounts)} accounts")

    start >> load(extract())


crm_sync()
