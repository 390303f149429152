from django.urls import path

from chiso.feeds import survey_assessment

app_name = "feeds"

urlpatterns = [
    path("khao-sat/<int:survey_id>/cham-diem/", survey_assessment.feed, name="survey_assessment"),
]
