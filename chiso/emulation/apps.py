from django.apps import AppConfig


class EmulationConfig(AppConfig):
    name = "chiso.emulation"
    label = "emulation"
    verbose_name = "Thi đua, khen thưởng"

    def ready(self) -> None:
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.core import figures
        from chiso.emulation import audit_scopes
        from chiso.emulation.sources.base import watched_models

        audit_scopes.register()
        import chiso.emulation.sources  # noqa: F401 - fills the registry the watches come from

        # the sources' models, and the models and stored results (the frozen rankings kept)
        figures.watch([*watched_models(), "emulation.EmulationModel", "emulation.EmulationResult"])
