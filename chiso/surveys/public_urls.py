"""Public survey pages (no login), short paths for QR codes: /ks/<code>/."""

from django.urls import path

from chiso.surveys.views import public

app_name = "survey_public"

urlpatterns = [
    path("<slug:code>/", public.survey_form, name="form"),
    path("<slug:code>/cam-on/", public.thanks, name="thanks"),
]
