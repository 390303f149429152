from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chiso.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        from chiso.core import audit, jobs
        from chiso.orgs import access
        from chiso.reports.models import Report

        audit.register(Report, audit.scoped("id", access.visible_period_reports))
        jobs.register_periodic(
            "reports.prepare_drafts", "chiso.reports.scheduled.drafts_prepare", 3600
        )
