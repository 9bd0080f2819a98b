"""Airflow DAG: runs sparkllm's data-preparation chain (conf/pipeline/prep.conf) once a day.

One task per pipeline stage, each `sparkllm pipeline --only STAGE` submitted to YARN through
submit/spark-submit-yarn.sh, so a failed stage is retried on its own and a stage whose output is
already up to date (same job, config and inputs) finishes at once. Set the Airflow Variables
`sparkllm_home` (this repository, built, on the worker), `sparkllm_work` (a Hadoop path),
`sparkllm_raw` (the day's raw corpus) and `sparkllm_eval` (HumanEval-X and Multi30K data).
"""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.models import Variable
from airflow.operators.bash import BashOperator

# The stages of conf/pipeline/prep.conf, in order (a test keeps the two in step).
PREP_STAGES = ["sample", "clean", "dedup", "decontaminate"]

SPARKLLM_HOME = Variable.get("sparkllm_home", default_var="/opt/sparkllm")
WORK = Variable.get("sparkllm_work", default_var="hdfs:///sparkllm/prep")
# The day's raw corpus (a glob that may use {{ ds }}) and the evaluation data; without a raw
# corpus the chain runs on the generated sample.
RAW = Variable.get("sparkllm_raw", default_var="")
EVAL = Variable.get("sparkllm_eval", default_var="")


def stage_command(stage: str) -> str:
    """The shell command for one stage; the run date keeps each day's outputs apart."""
    sets = f"--set vars.work={WORK}/{{{{ ds }}}}"
    if RAW:
        sets += f" --set 'vars.raw=[\"{RAW}\"]' --set vars.generate-sample=false"
    if EVAL:
        sets += f" --set vars.eval={EVAL}"
    return (
        f"{SPARKLLM_HOME}/submit/spark-submit-yarn.sh --deploy-mode cluster -- "
        f"pipeline --conf {SPARKLLM_HOME}/conf/pipeline/prep.conf {sets} --only {stage}"
    )


with DAG(
    dag_id="sparkllm_prep",
    description="sparkllm data preparation, one task per pipeline stage",
    schedule="@daily",
    start_date=datetime(2026, 1, 1),
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10)},
    tags=["sparkllm", "data-prep"],
) as dag:
    previous = None
    for stage in PREP_STAGES:
        task = BashOperator(task_id=f"prep_{stage}", bash_command=stage_command(stage))
        if previous is not None:
            previous >> task
        previous = task
