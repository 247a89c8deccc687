from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "wego.assessments"
    verbose_name = "Assessments"
