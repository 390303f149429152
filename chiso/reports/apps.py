from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chiso.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        # Imported here, not at the top: audit_scopes imports models, which Django loads only
        # once the app registry is ready.
        from chiso.core import jobs
        from chiso.reports import audit_scopes

        audit_scopes.register()
        jobs.register_periodic(
            "reports.prepare_drafts", "chiso.reports.scheduled.drafts_prepare", 3600
        )
        jobs.register_periodic("reports.close_periods", "chiso.reports.closing.periods_close", 3600)
