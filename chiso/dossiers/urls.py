from django.urls import path

from chiso.dossiers import views

app_name = "dossiers"

urlpatterns = [
    path("", views.service, name="service"),
    path("ho-so/", views.drill, name="drill"),
    path("nhap-tep/", views.imports, name="imports"),
    path("nhap-tep/<int:run_id>/", views.run_detail, name="run"),
    path("nhap-tep/<int:run_id>/doi-chieu/", views.run_map, name="run_map"),
    path("nhap-tep/<int:run_id>/dong-loi/", views.run_rejected, name="run_rejected"),
    path("nhap-tay/<str:kind>/", views.entry, name="entry"),
    path("chi-tieu/<int:unit_id>/", views.target_bind, name="target_bind"),
    path("chi-tieu/<int:target_id>/bo/", views.target_delete, name="target_delete"),
]
