from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = "Lõi hệ thống"
