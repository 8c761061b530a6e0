"""Replays a day of partner drops (kept from the Python 2 days; it no longer parses)."""
from airflow import DAG
from airflow.operators.python_operator import PythonOperator
from airflow.utils.dates import days_ago


def replay(ds, **kwargs):
    print "replaying drops of %s" % ds


dag = DAG("legacy_replay", schedule_interval=None, start_date=days_ago(1))
PythonOperator(task_id="replay", python_callable=replay, provide_context=True, dag=dag)
