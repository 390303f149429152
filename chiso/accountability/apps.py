from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "chiso.accountability"
    label = "accountability"
    verbose_name = "Kiểm tra, sáng kiến, đối thoại"

    def ready(self) -> None:
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.accountability import audit_scopes

        audit_scopes.register()
