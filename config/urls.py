from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("chiso.core.urls")),
    path("", include("chiso.orgs.urls")),
    path("api/v1/", include("chiso.api.urls")),
    path("quan-tri-he-thong/", admin.site.urls),
]
