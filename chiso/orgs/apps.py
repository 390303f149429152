from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chiso.orgs"
    label = "orgs"
    verbose_name = "Đơn vị và người dùng"

    def ready(self):
        from chiso.orgs import audit_scopes

        audit_scopes.register()
