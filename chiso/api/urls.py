from django.urls import path

from chiso.api.api import api

urlpatterns = [path("", api.urls)]
