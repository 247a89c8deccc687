from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "wego.awards"
    verbose_name = "WeGO Awards"

    def ready(self) -> None:
        from wego.awards import rules  # noqa: F401  (registers the permission rules)
