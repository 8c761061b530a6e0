"""Example DAG for the finance-reporting Astro project."""
from datetime import datetime

from airflow.decorators import dag, task


@dag(start_date=datetime(2025, 1, 1), schedule="@daily", catchup=False, tags=["example"])
def finance_reporting():
    @task
    def extract():
        return [1, 2, 3]

    @task
    def load(rows):
        print(f"loaded {len(rows)} rows")

    load(extract())


finance_reporting()
