from django.urls import path
from django.views.generic import RedirectView

from chiso.tracking.views import actions, inbox, notifications, tasks

app_name = "tracking"

urlpatterns = [
    # The list lives below the prefix so the menu highlights it and the inbox separately.
    path("", RedirectView.as_view(pattern_name="tracking:my_tasks"), name="index"),
    path("cua-don-vi/", tasks.my_tasks, name="my_tasks"),
    path("ky/<int:occurrence_id>/", tasks.occurrence_detail, name="occurrence"),
    path("ky/<int:occurrence_id>/phoi-hop/", actions.contribution_add, name="contribution_add"),
    path(
        "ky/<int:occurrence_id>/giai-trinh/",
        actions.explanation_request,
        name="explanation_request",
    ),
    path("ky/<int:occurrence_id>/doi-han/", actions.change_deadline, name="change_deadline"),
    path("ky/<int:occurrence_id>/giao-lai/", actions.reassign, name="reassign"),
    path("ky/<int:occurrence_id>/dung/", actions.cancel, name="cancel"),
    path("bao-cao/<int:report_id>/tham-dinh/", actions.report_review, name="report_review"),
    path("bao-cao/<int:report_id>/mo-lai/", actions.report_reopen, name="report_reopen"),
    path(
        "giai-trinh/<int:explanation_id>/tra-loi/",
        actions.explanation_answer,
        name="explanation_answer",
    ),
    path("minh-chung/<int:evidence_id>/", tasks.evidence_download, name="evidence"),
    path("minh-chung/<int:evidence_id>/xoa/", actions.evidence_delete, name="evidence_delete"),
    path("tham-dinh/", inbox.inbox, name="inbox"),
    path("tham-dinh/chap-nhan/", inbox.inbox_bulk_accept, name="inbox_bulk_accept"),
    path("ti-le-hoan-thanh/", inbox.rates, name="rates"),
    path("thong-bao/", notifications.notification_list, name="notifications"),
]
