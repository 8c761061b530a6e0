"""Orders pipeline: extract the day's orders and load them (written for Airflow 3)."""
from datetime import datetime

from airflow.sdk import Asset, dag, task

ORDERS = Asset("s3://orders/daily/")


@dag(start_date=datetime(2025, 1, 1), schedule="@daily", catchup=False, tags=["orders"])
def orders_pipeline():
    @task(outlets=[ORDERS])
    def extract():
        return [1, 2, 3]

    @task
    def load(rows):
        print(f"loaded {len(rows)} rows")

    load(extract())


orders_pipeline()
