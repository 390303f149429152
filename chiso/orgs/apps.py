from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "chiso.orgs"
    label = "orgs"
    verbose_name = "Đơn vị và người dùng"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.orgs import audit_scopes

        audit_scopes.register()
