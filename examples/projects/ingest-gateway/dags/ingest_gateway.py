"""Ingests partner drops from S3 into the raw zone."""
from airflow import DAG
from airflow.contrib.operators.s3_copy_object_operator import S3CopyObjectOperator
from airflow.hooks.S3_hook import S3Hook
from airflow.operators.python_operator import PythonOperator
from airflow.sensors.s3_key_sensor import S3KeySensor
from airflow.utils.dates import days_ago


def list_drops(ds, **kwargs):
    keys = S3Hook(aws_conn_id="partners").list_keys("partner-drops", prefix=f"in/{ds}/")
    kwargs["ti"].xcom_push(key="drops", value=keys or [])


with DAG(
    "ingest_gateway",
    schedule_interval="@hourly",
    start_date=days_ago(1),
    catchup=False,
) as dag:
    wait = S3KeySensor(
        task_id="wait_for_drop",
        bucket_key="s3://partner-drops/in/{{ ds }}/_SUCCESS",
        aws_conn_id="partners",
    )
    listing = PythonOperator(task_id="list_drops", python_callable=list_drops, provide_context=True)
    load = S3CopyObjectOperator(
        task_id="load",
        source_bucket_key="s3://partner-drops/in/{{ ds }}/data.parquet",
        dest_bucket_key="s3://raw-zone/partners/{{ ds }}/data.parquet",
        aws_conn_id="partners",
    )
    wait >> listing >> load
