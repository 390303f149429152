from django.urls import path

from chiso.accountability.views import dialogues, initiatives, inspections

app_name = "accountability"

urlpatterns = [
    path("kiem-tra/", inspections.plan_list, name="inspection_plans"),
    path("kiem-tra/tao/", inspections.plan_create, name="inspection_plan_create"),
    path("kiem-tra/<int:plan_id>/", inspections.plan_detail, name="inspection_plan"),
    path("kiem-tra/<int:plan_id>/them/", inspections.inspection_add, name="inspection_add"),
    path("kiem-tra/cuoc/<int:inspection_id>/", inspections.inspection_detail, name="inspection"),
    path(
        "kiem-tra/cuoc/<int:inspection_id>/ghi-nhan/",
        inspections.inspection_record,
        name="inspection_record",
    ),
    path(
        "kiem-tra/cuoc/<int:inspection_id>/kien-nghi/",
        inspections.recommendation_add,
        name="recommendation_add",
    ),
    path(
        "kiem-tra/cuoc/<int:inspection_id>/ket-luan/",
        inspections.conclusion_download,
        name="conclusion",
    ),
    path("sang-kien/", initiatives.initiative_list, name="initiatives"),
    path("sang-kien/tao/", initiatives.initiative_create, name="initiative_create"),
    path("sang-kien/<int:initiative_id>/", initiatives.initiative_detail, name="initiative"),
    path(
        "sang-kien/<int:initiative_id>/minh-chung/",
        initiatives.evidence_download,
        name="initiative_evidence",
    ),
    path("doi-thoai/", dialogues.dialogue_list, name="dialogues"),
    path("doi-thoai/tao/", dialogues.dialogue_create, name="dialogue_create"),
    path("doi-thoai/chi-tieu/", dialogues.target_save, name="dialogue_target"),
    path("doi-thoai/<int:dialogue_id>/", dialogues.dialogue_detail, name="dialogue"),
    path("doi-thoai/<int:dialogue_id>/cam-ket/", dialogues.commitment_add, name="commitment_add"),
]
