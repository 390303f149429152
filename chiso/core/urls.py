from django.contrib.auth import views as auth_views
from django.urls import include, path

from chiso.core import account_views, views
from chiso.core import auth_views as chiso_auth_views

auth_patterns = [
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path("dang-xuat/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "doi-mat-khau/",
        chiso_auth_views.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "doi-mat-khau/xong/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
]

core_patterns = [
    path("lich-su/", views.audit_log, name="audit"),
    path("tai-khoan/", account_views.profile, name="profile"),
    path(
        "tai-khoan/ma-truy-cap/<int:token_id>/thu-hoi/",
        account_views.token_revoke,
        name="token_revoke",
    ),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    *auth_patterns,
    path("", include((core_patterns, "core"))),
]
