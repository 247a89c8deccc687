from django.apps import AppConfig


class SolutionsConfig(AppConfig):
    name = "wego.solutions"
    verbose_name = "Solutions"

    def ready(self) -> None:
        from wego.solutions import rules  # noqa: F401  (registers the permission rules)
