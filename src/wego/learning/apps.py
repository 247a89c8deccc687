from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "wego.learning"
    verbose_name = "Capacity building"

    def ready(self) -> None:
        from wego.learning import rules  # noqa: F401  (registers the permission rules)
