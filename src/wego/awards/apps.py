from django.apps import AppConfig


class AwardsConfig(AppConfig):
    name = "wego.awards"
    verbose_name = "WeGO Awards"
