from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "chiso.frameworks"
    label = "frameworks"
    verbose_name = "Chỉ số và kết quả"

    def ready(self):
        from chiso.frameworks import audit_scopes

        audit_scopes.register()
