from django.urls import path

from chiso.importer import views

app_name = "importer"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<int:job_id>/", views.job_detail, name="job"),
    path("<int:job_id>/tien-do/", views.job_progress, name="progress"),
    path("<int:job_id>/xac-nhan/", views.job_confirm, name="confirm"),
    path("<int:job_id>/thoi-han/", views.job_deadline, name="deadline"),
    path("<int:job_id>/huy/", views.job_discard, name="discard"),
]
