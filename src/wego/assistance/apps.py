from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "wego.assistance"
    verbose_name = "Technical assistance"
