"""Background jobs of the analysis, run by `wego db_worker` (django-tasks' database backend)."""

from django_tasks import task

from wego.analysis.report import report_build


@task()
def report_make(report_id: int) -> None:
    report_build(report_id=report_id)
