from django.apps import AppConfig


class ImporterConfig(AppConfig):
    name = "chiso.importer"
    label = "importer"
    verbose_name = "Nhập kế hoạch từ văn bản"

    def ready(self):
        from chiso.importer import audit_scopes

        audit_scopes.register()
