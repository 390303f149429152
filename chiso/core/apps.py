from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _create_scopes(using, **kwargs) -> None:
    from chiso.core import figures

    figures.create_scopes(using)


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        # Imported once the app registry is ready: security connects the login receivers and
        # needs the models; jobs takes the daily retention job.
        from chiso.core import figures, jobs, security  # noqa: F401

        figures.watch()
        # Every app's watches are connected by now (ready() runs before any migrate): the
        # versions of their scopes are created after each migrate.
        post_migrate.connect(_create_scopes, sender=self, dispatch_uid="figures-scopes")

        jobs.register_periodic("security-log-retention", "chiso.core.security.events_purge", 86400)
        jobs.register_periodic("files-sweep", "chiso.core.files.files_sweep", 86400)
