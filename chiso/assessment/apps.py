from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "chiso.assessment"
    label = "assessment"
    verbose_name = "Chấm điểm chỉ số cải cách hành chính"
