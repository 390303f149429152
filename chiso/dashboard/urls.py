from django.urls import path

from chiso.dashboard.views import drill, overview

app_name = "dashboard"

urlpatterns = [
    path("", overview.index, name="index"),
    path("xuat/<slug:table>.xlsx", overview.export, name="export"),
    path("chi-tiet/ky-thuc-hien/", drill.occurrences, name="occurrences"),
    path("chi-tiet/ket-qua/", drill.results, name="results"),
    path("chi-tiet/tham-chieu/", drill.benchmark, name="benchmark"),
]
