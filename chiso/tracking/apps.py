from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    label = "tracking"
    verbose_name = "Theo dõi thực hiện nhiệm vụ"

    def ready(self):
        from chiso.core import home, scheduler
        from chiso.tracking import audit_scopes

        audit_scopes.register()
        widget = "chiso.tracking.home.home_widget"
        if widget not in home.HOME_WIDGETS:
            home.HOME_WIDGETS.append(widget)
        if not any(j.name == "tracking-reminders" for j in scheduler.JOBS):
            scheduler.JOBS.append(
                scheduler.Job("tracking-reminders", "chiso.tracking.reminders.send_reminders", 3600)
            )
