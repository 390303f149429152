from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chiso.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.core import scheduler
        from chiso.reports import audit_scopes

        audit_scopes.register()
        job = scheduler.Job(
            "reports.prepare_drafts", "chiso.reports.scheduled.prepare_due_drafts", 3600
        )
        if all(j.name != job.name for j in scheduler.JOBS):
            scheduler.JOBS.append(job)
