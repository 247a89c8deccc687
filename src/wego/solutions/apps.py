from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "wego.solutions"
    verbose_name = "Solutions"
