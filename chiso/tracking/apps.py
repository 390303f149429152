from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    label = "tracking"
    verbose_name = "Theo dõi thực hiện nhiệm vụ"

    def ready(self):
        from chiso.core import home, jobs
        from chiso.plans import services as plans
        from chiso.tracking import audit_scopes
        from chiso.tracking.services import occurrences_sync

        audit_scopes.register()
        widget = "chiso.tracking.home.home_widget"
        if widget not in home.HOME_WIDGETS:
            home.HOME_WIDGETS.append(widget)
        plans.register_task_derived(occurrences_sync)
        jobs.register_periodic(
            "tracking-reminders", "chiso.tracking.reminders.reminders_send", 3600
        )
