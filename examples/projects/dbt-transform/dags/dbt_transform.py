"""dbt models of the analytics warehouse: seed, run, test, then publish the docs."""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator
from airflow.operators.dummy import DummyOperator
from airflow.operators.trigger_dagrun import TriggerDagRunOperator

DBT_DIR = "/usr/local/airflow/dbt"
DBT = f"dbt --no-write-json --project-dir {DBT_DIR} --profiles-dir {DBT_DIR}"

with DAG(
    dag_id="dbt_transform",
    start_date=datetime(2024, 6, 1),
    schedule_interval="30 5 * * *",
    max_active_runs=1,
    catchup=False,
    tags=["dbt", "warehouse"],
) as dag:
    start = DummyOperator(task_id="start")
    seed = BashOperator(task_id="dbt_seed", bash_command=f"{DBT} seed")
    run = BashOperator(task_id="dbt_run", bash_command=f"{DBT} run --vars '{{\"ds\": \"{{{{ ds }}}}\"}}'")
    test = BashOperator(task_id="dbt_test", bash_command=f"{DBT} test")
    publish = TriggerDagRunOperator(
        task_id="publish_docs",
        trigger_dag_id="dbt_docs",
        execution_date="{{ ds }}",
    )

    start >> seed >> run >> test >> publish
