from __future__ import annotations

from airflow.operators.bash_operator import BashOperator
from airflow.operators.dagrun_operator import (
    TriggerDagRunLink,
    TriggerDagRunOperator,
)
from airflow.operators.latest_only_operator import LatestOnlyOperator
from airflow.operators.python_operator import (
    BranchPythonOperator,
    PythonOperator,
    PythonVirtualenvOperator,
    ShortCircuitOperator,
)
from airflow.sensors.external_task_sensor import (
    ExternalTaskMarker,
    ExternalTaskSensor,
)

BashOperator()

TriggerDagRunLink()
TriggerDagRunOperator()

LatestOnlyOperator()

BranchPythonOperator()
PythonOperator()
PythonVirtualenvOperator()
ShortCircuitOperator()

ExternalTaskMarker()
ExternalTaskSensor()


from airflow.hooks.subprocess import SubprocessResult

SubprocessResult()

from airflow.hooks.subprocess import working_directory

working_directory()

from airflow.operators.datetime import target_times_as_dates

target_times_as_dates()

from airflow.operators.trigger_dagrun import TriggerDagRunLink

TriggerDagRunLink()

from airflow.sensors.external_task import ExternalTaskSensorLink

ExternalTaskSensorLink()

from airflow.sensors.time_delta import WaitSensor

WaitSensor()

from airflow.operators.dummy import DummyOperator

DummyOperator()

from airflow.operators.dummy import EmptyOperator

EmptyOperator()

from airflow.operators.dummy_operator import DummyOperator

DummyOperator()

from airflow.operators.dummy_operator import EmptyOperator

EmptyOperator()

from airflow.sensors.external_task_sensor import ExternalTaskSensorLink

ExternalTaskSensorLink()
