from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    label = "tracking"
    verbose_name = "Theo dõi thực hiện nhiệm vụ"

    def ready(self):
        from chiso.core import home, jobs
        from chiso.tracking import audit_scopes

        audit_scopes.register()
        widget = "chiso.tracking.home.home_widget"
        if widget not in home.HOME_WIDGETS:
            home.HOME_WIDGETS.append(widget)
        jobs.register_periodic(
            "tracking-reminders", "chiso.tracking.reminders.reminders_send", 3600
        )
