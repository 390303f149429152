from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "chiso.core"
    label = "core"
    verbose_name = "Lõi hệ thống"

    def ready(self):
        # Imported once the app registry is ready: security connects the login receivers and
        # needs the models; the scheduler takes the retention job.
        from chiso.core import scheduler, security  # noqa: F401

        job = scheduler.Job("security-log-retention", "chiso.core.security.purge_old_events", 86400)
        if all(j.name != job.name for j in scheduler.JOBS):
            scheduler.JOBS.append(job)
