from django.apps import AppConfig


class MembersConfig(AppConfig):
    name = "wego.members"
    verbose_name = "Members"
