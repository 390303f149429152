from django.urls import path

from chiso.surveys.views import entry, questionnaires, results, rounds

app_name = "surveys"

urlpatterns = [
    path("", rounds.round_list, name="list"),
    path("dot-moi/", rounds.round_create, name="round_create"),
    path("dot/<str:round_id>/", rounds.round_detail, name="round_detail"),
    path("dot/<str:round_id>/trang-thai/", rounds.round_status, name="round_status"),
    path("dot/<str:round_id>/khung-mau/", rounds.round_sample, name="round_sample"),
    path("dot/<str:round_id>/ma-moi/", rounds.round_invitations, name="round_invitations"),
    path("dot/<str:round_id>/qr.<str:fmt>", rounds.round_qr, name="round_qr"),
    path("dot/<str:round_id>/ap-phich/", rounds.round_poster, name="round_poster"),
    path("dot/<str:round_id>/ket-qua/", results.round_results, name="results"),
    path("dot/<str:round_id>/ket-qua.xlsx", results.results_export, name="results_export"),
    path("dot/<str:round_id>/ghi-ket-qua/", results.results_record, name="results_record"),
    path("dot/<str:round_id>/nhap-phieu/", entry.paper_entry, name="entry"),
    path("dot/<str:round_id>/nhap-excel/", entry.answers_import, name="answers_import"),
    path("dot/<str:round_id>/mau-nhap.xlsx", entry.answers_template, name="answers_template"),
    path("dot/<str:round_id>/phieu.xlsx", entry.answers_export, name="answers_export"),
    path("phieu/<str:response_id>/sua/", entry.response_correct, name="response_correct"),
    path("bo-cau-hoi/nhap/", questionnaires.questionnaire_import, name="questionnaire_import"),
    path(
        "bo-cau-hoi/<str:questionnaire_id>/",
        questionnaires.questionnaire_detail,
        name="questionnaire",
    ),
    path(
        "bo-cau-hoi/<str:questionnaire_id>/tai-ve.xlsx",
        questionnaires.questionnaire_export,
        name="questionnaire_export",
    ),
]
