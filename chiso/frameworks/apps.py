from django.apps import AppConfig


class FrameworksConfig(AppConfig):
    name = "chiso.frameworks"
    label = "frameworks"
    verbose_name = "Chỉ số và kết quả"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.frameworks import audit_scopes

        audit_scopes.register()
