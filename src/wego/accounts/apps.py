from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "wego.accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from wego.accounts import rules  # noqa: F401  (registers the permission rules)
