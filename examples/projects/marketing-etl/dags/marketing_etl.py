"""Loads campaign results into the marketing mart (already on Airflow 3)."""
from datetime import datetime

from airflow.datasets import Dataset
from airflow.decorators import dag, task

CAMPAIGNS = Dataset("s3://marketing/campaigns/")


@dag(start_date=datetime(2025, 1, 1), schedule="@daily", catchup=False, tags=["marketing"])
def marketing_etl():
    @task(outlets=[CAMPAIGNS])
    def extract():
        return [{"campaign": "spring", "clicks": 1200}]

    @task
    def load(rows):
        print(f"loaded {len(rows)} campaign rows")

    load(extract())


marketing_etl()
