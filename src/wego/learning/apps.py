from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "wego.learning"
    verbose_name = "Capacity building"
