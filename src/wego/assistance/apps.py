from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "wego.assistance"
    verbose_name = "Technical assistance"

    def ready(self) -> None:
        from wego.assistance import rules  # noqa: F401  (registers the permission rules)
