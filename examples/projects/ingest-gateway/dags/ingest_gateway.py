"""Example DAG for the ingest-gateway Astro project."""
from datetime import datetime

from airflow.decorators import dag, task


@dag(start_date=datetime(2025, 1, 1), schedule="@daily", catchup=False, tags=["example"])
def ingest_gateway():
    @task
    def extract():
        return [1, 2, 3]

    @task
    def load(rows):
        print(f"loaded {len(rows)} rows")

    load(extract())


ingest_gateway()
