from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    name = "wego.governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        from wego.governance import rules  # noqa: F401  (registers the permission rules)
