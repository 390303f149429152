from django.urls import path

from chiso.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_list, name="list"),
    path("chot-so-lieu/", views.period_close, name="close"),
    path("chot-so-lieu/<int:close_id>/mo-lai/", views.period_reopen, name="reopen"),
    path("yeu-cau/<int:job_id>/", views.job_detail, name="job"),
    path("<int:report_id>/", views.report_detail, name="detail"),
    path("<int:report_id>/hoan-thien/", views.report_finalize, name="finalize"),
    path("<int:report_id>/lap-lai/", views.report_regenerate, name="regenerate"),
    path("<int:report_id>/tai/<str:fmt>/", views.report_download, name="download"),
]
