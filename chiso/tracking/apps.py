from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "chiso.tracking"
    label = "tracking"
    verbose_name = "Theo dõi thực hiện nhiệm vụ"

    def ready(self):
        # Imported here, not at the top: these modules import models, which Django loads only
        # once the app registry is ready.
        from chiso.core import jobs
        from chiso.orgs import home
        from chiso.plans import hooks
        from chiso.tracking import audit_scopes, selectors, services
        from chiso.tracking.home import home_widget

        audit_scopes.register()
        home.register_widget(home_widget)
        hooks.register(hooks.TASK_CHANGED, services.occurrences_sync)
        hooks.register(hooks.PLAN_LIST_FIGURES, selectors.plan_list_rates)
        hooks.register(hooks.PLAN_PAGE_FIGURES, selectors.plan_page_figures)
        jobs.register_periodic(
            "tracking-reminders", "chiso.tracking.reminders.reminders_send", 3600
        )
        # hourly, so that the day's new statuses are stored soon after midnight
        jobs.register_periodic("tracking-statuses", "chiso.tracking.tasks.statuses_advance", 3600)
