from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        # Imported once the app registry is ready: security connects the login receivers and
        # needs the models; jobs takes the daily retention job.
        from chiso.core import figures, jobs, security  # noqa: F401

        figures.watch()

        jobs.register_periodic("security-log-retention", "chiso.core.security.events_purge", 86400)
        jobs.register_periodic("files-sweep", "chiso.core.files.files_sweep", 86400)
