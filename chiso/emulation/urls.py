from django.urls import path

from chiso.emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.model_list, name="list"),
    path("them/", views.model_create, name="create"),
    path("<int:model_id>/", views.model_detail, name="detail"),
    path("<int:model_id>/thu/", views.what_if, name="what_if"),
    path("<int:model_id>/trong-so/", views.weights_save, name="weights"),
    path("<int:model_id>/nguong/", views.thresholds_save, name="thresholds"),
    path("<int:model_id>/tieu-chi/them/", views.component_add, name="component_add"),
    path(
        "<int:model_id>/tieu-chi/<int:component_id>/xoa/",
        views.component_delete,
        name="component_delete",
    ),
    path("<int:model_id>/chot/", views.freeze, name="freeze"),
    path("<int:model_id>/don-vi/<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:model_id>/de-nghi.docx", views.export_docx, name="export_docx"),
    path("<int:model_id>/de-nghi.xlsx", views.export_xlsx, name="export_xlsx"),
]
