from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "wego.common"
    verbose_name = "Common"
