from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "wego.members"
    verbose_name = "Members"

    def ready(self) -> None:
        from wego.members import rules  # noqa: F401  (registers the permission rules)
