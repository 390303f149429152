"""The reorganisation screen sits with the units (/don-vi/…) though it moves tracking's work."""

from django.urls import path

from chiso.tracking.views import reorganisation

app_name = "reorganisation"

urlpatterns = [
    path("don-vi/<int:unit_id>/ke-nhiem/", reorganisation.unit_reorganise, name="unit"),
]
