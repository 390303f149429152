"""A user's own account page, where API access tokens are created and revoked."""

from django.urls import path

from chiso.api import views

app_name = "account"

urlpatterns = [
    path("", views.profile, name="profile"),
    path("ma-truy-cap/<int:token_id>/thu-hoi/", views.token_revoke, name="token_revoke"),
]
