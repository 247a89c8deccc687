from django.apps import AppConfig


class AnalysisConfig(AppConfig):
    name = "wego.analysis"
    verbose_name = "Analysis"
