from django.apps import AppConfig


class KnowledgeConfig(AppConfig):
    name = "wego.knowledge"
    verbose_name = "Knowledge sharing"
