from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    label = "tracking"
    verbose_name = "Theo dõi thực hiện nhiệm vụ"
