from django.urls import path

from chiso.assessment import views

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("<int:round_id>/", views.round_detail, name="round"),
    path("<int:round_id>/don-vi/<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:round_id>/don-vi/<int:unit_id>/tu-cham/", views.self_save, name="self_save"),
    path("<int:round_id>/don-vi/<int:unit_id>/tham-dinh/", views.appraisal_save, name="appraisal"),
]
