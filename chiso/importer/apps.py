from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "chiso.importer"
    label = "importer"
    verbose_name = "Nhập kế hoạch từ văn bản"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.importer import audit_scopes

        audit_scopes.register()
