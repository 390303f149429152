from django.urls import path

from chiso.assessment import library_views, views, views_publication

app_name = "assessment"

urlpatterns = [
    path("", views.round_list, name="list"),
    path("them/", views.round_create, name="round_create"),
    path("bo-tieu-chi/", views.criteria_list, name="criteria_list"),
    path("bo-tieu-chi/mau.xlsx", views.criteria_template, name="criteria_template"),
    path("bo-tieu-chi/nhap/", views.criteria_import, name="criteria_import"),
    path("<int:round_id>/", views.round_detail, name="round"),
    path("<int:round_id>/dieu-tra/", views.survey_import, name="survey_import"),
    path("<int:round_id>/chot/", views_publication.round_close, name="round_close"),
    path("<int:round_id>/cong-bo/", views_publication.round_publish, name="publish"),
    path(
        "<int:round_id>/cong-bo/phu-luc.<str:kind>",
        views_publication.annex_download,
        name="annex",
    ),
    path("<int:round_id>/don-vi/<int:unit_id>/", views.unit_detail, name="unit"),
    path("<int:round_id>/don-vi/<int:unit_id>/tu-cham/", views.self_save, name="self_save"),
    path("<int:round_id>/don-vi/<int:unit_id>/tham-dinh/", views.appraisal_save, name="appraisal"),
    path("<int:round_id>/don-vi/<int:unit_id>/chot/", views.finalize, name="finalize"),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/", views.leaf_detail, name="leaf"
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/tai-lieu/",
        views.leaf_evidence,
        name="leaf_evidence",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/giai-trinh/",
        views.leaf_objection,
        name="leaf_objection",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/ket-luan/",
        views.leaf_decision,
        name="leaf_decision",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tep/<int:file_id>/",
        views.file_download,
        name="file",
    ),
    path("thu-vien/<int:unit_id>/", library_views.library_page, name="library"),
    path(
        "thu-vien/<int:unit_id>/tep/<int:file_id>/",
        library_views.library_file,
        name="library_file",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/tieu-chi/<str:code>/thu-vien/",
        library_views.leaf_library,
        name="leaf_library",
    ),
    path(
        "<int:round_id>/don-vi/<int:unit_id>/gia-han/",
        library_views.self_extend,
        name="self_extend",
    ),
]
