from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "chiso.emulation"
    label = "emulation"
    verbose_name = "Thi đua, khen thưởng"

    def ready(self) -> None:
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.emulation import audit_scopes

        audit_scopes.register()
