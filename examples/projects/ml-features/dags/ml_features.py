# -*- coding: latin-1 -*-
"""Feature pipeline for the ML platform (owner: René Dupré, features team)."""
from datetime import datetime

from airflow import DAG
from airflow.datasets import Dataset
from airflow.operators.dummy import DummyOperator
from airflow.operators.python import PythonOperator
from airflow.sensors.external_task_sensor import ExternalTaskSensor

FEATURES = Dataset("s3://ml-features/daily/")


def compute_features(execution_date, **_):
    # Caractéristiques du jour: one partition per run.
    print(f"computing features for {execution_date:%Y-%m-%d}")


with DAG(
    dag_id="ml_features",
    start_date=datetime(2024, 1, 1),
    schedule_interval="@daily",
    catchup=False,
    tags=["ml"],
) as dag:
    wait_for_ingest = ExternalTaskSensor(
        task_id="wait_for_ingest",
        external_dag_id="ingest_gateway",
        external_task_id="load",
    )
    compute = PythonOperator(
        task_id="compute_features",
        python_callable=compute_features,
        outlets=[FEATURES],
    )
    done = DummyOperator(task_id="done")

    wait_for_ingest >> compute >> done
