from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "chiso.reports"
    label = "reports"
    verbose_name = "Báo cáo định kỳ"

    def ready(self):
        from chiso.core import audit, scheduler
        from chiso.orgs import access
        from chiso.reports.models import Report

        audit.register(Report, audit.scoped("id", access.visible_period_reports))
        jobs = [
            scheduler.Job(
                "reports.prepare_drafts", "chiso.reports.scheduled.prepare_due_drafts", 3600
            ),
            scheduler.Job("reports.close_periods", "chiso.reports.closing.close_due_periods", 3600),
        ]
        for job in jobs:
            if all(j.name != job.name for j in scheduler.JOBS):
                scheduler.JOBS.append(job)
