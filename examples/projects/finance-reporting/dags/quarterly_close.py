"""Quarterly close: one SubDAG per region, then the consolidated report."""
from airflow import DAG
from airflow.operators.bash_operator import BashOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.operators.subdag import SubDagOperator
from airflow.utils.dates import days_ago

REGIONS = ["emea", "amer", "apac"]
PARENT_DAG_ID = "quarterly_close"


def region_subdag(parent_dag_id, region, args):
    subdag = DAG(
        dag_id=f"{parent_dag_id}.close_{region}",
        default_args=args,
        schedule_interval="@quarterly",
    )
    with subdag:
        reconcile = BashOperator(
            task_id="reconcile",
            bash_command=f"echo reconcile {region} for {{{{ ds }}}}",
        )
        lock = BashOperator(task_id="lock_period", bash_command=f"echo lock {region}")
        reconcile >> lock
    return subdag


default_args = {"owner": "team-analytics", "start_date": days_ago(90)}

with DAG(
    dag_id=PARENT_DAG_ID,
    default_args=default_args,
    schedule_interval="@quarterly",
    catchup=False,
) as dag:
    start = DummyOperator(task_id="start")
    consolidate = BashOperator(task_id="consolidate", bash_command="echo consolidate")
    for region in REGIONS:
        close = SubDagOperator(
            task_id=f"close_{region}",
            subdag=region_subdag(PARENT_DAG_ID, region, default_args),
        )
        start >> close >> consolidate
