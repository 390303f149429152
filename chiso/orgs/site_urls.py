"""The home page keeps its short, un-namespaced name: `{% url 'home' %}`, LOGIN_REDIRECT_URL."""

from django.urls import path

from chiso.orgs.views import site

urlpatterns = [path("", site.home, name="home")]
