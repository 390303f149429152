from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "chiso.assessment"
    label = "assessment"
    verbose_name = "Chấm điểm chỉ số cải cách hành chính"

    def ready(self):
        from chiso.core import jobs

        jobs.register_periodic(
            "assessment-reminders", "chiso.assessment.reminders.assessment_reminders_send", 3600
        )
