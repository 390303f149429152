from django.urls import path

from chiso.frameworks.views import catalogue, results

app_name = "frameworks"

urlpatterns = [
    path("", catalogue.framework_list, name="list"),
    path("them/", catalogue.framework_create, name="create"),
    path("<int:framework_id>/", catalogue.framework_detail, name="detail"),
    path("<int:framework_id>/phien-ban/", catalogue.framework_new_version, name="new_version"),
    path("<int:framework_id>/them-thanh-phan/", catalogue.component_add, name="component_add"),
    path("thanh-phan/<int:component_id>/sua/", catalogue.component_edit, name="component_edit"),
    path("<int:framework_id>/ket-qua/", results.results, name="results"),
    path("<int:framework_id>/ket-qua/nhap-tep/", results.results_import, name="results_import"),
    path("<int:framework_id>/ket-qua/tep-mau.xlsx", results.results_template, name="template"),
    path("<slug:kind>/<int:row_id>/xoa/", results.row_delete, name="row_delete"),
]
