from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("chiso.core.urls")),
    path("", include("chiso.orgs.urls")),
    path("", include("chiso.tracking.urls_reorganisation")),
    path("", include("chiso.orgs.site_urls")),
    path("tai-khoan/", include("chiso.api.account_urls")),
    path("ke-hoach/", include("chiso.plans.urls")),
    path("nhap-ke-hoach/", include("chiso.importer.urls")),
    path("nhiem-vu/", include("chiso.tracking.urls")),
    path("chi-so/", include("chiso.frameworks.urls")),
    path("tong-quan/", include("chiso.dashboard.urls")),
    path("bao-cao/", include("chiso.reports.urls")),
    path("cham-diem/", include("chiso.assessment.urls")),
    path("dich-vu-cong/", include("chiso.dossiers.urls")),
    path("khao-sat/", include("chiso.surveys.urls")),
    path("ks/", include("chiso.surveys.public_urls")),
    path("", include("chiso.accountability.urls")),
    path("thi-dua/", include("chiso.emulation.urls")),
    path("nap-diem/", include("chiso.feeds.urls")),
    path("api/v1/", include("chiso.api.urls")),
    path("quan-tri-he-thong/", admin.site.urls),
]

handler403 = "chiso.core.error_views.permission_denied"
