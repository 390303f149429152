from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "chiso.plans"
    label = "plans"
    verbose_name = "Kế hoạch"
