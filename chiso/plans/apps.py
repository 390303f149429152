from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "chiso.plans"
    label = "plans"
    verbose_name = "Kế hoạch"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.plans import audit_scopes

        audit_scopes.register()
