from django.urls import path

from chiso.orgs.views import groups, security, site, units, users

app_name = "orgs"

urlpatterns = [
    path("lich-su/", site.audit_log, name="audit"),
    path("don-vi/", units.unit_list, name="unit_list"),
    path("don-vi/them/", units.unit_create, name="unit_create"),
    path("don-vi/<int:unit_id>/", units.unit_detail, name="unit_detail"),
    path("don-vi/<int:unit_id>/sua/", units.unit_edit, name="unit_edit"),
    path("nhom-don-vi/", groups.group_list, name="group_list"),
    path("nhom-don-vi/them/", groups.group_create, name="group_create"),
    path("nhom-don-vi/<int:group_id>/", groups.group_detail, name="group_detail"),
    path("nhom-don-vi/<int:group_id>/sua/", groups.group_edit, name="group_edit"),
    path("nguoi-dung/", users.user_list, name="user_list"),
    path("nguoi-dung/them/", users.user_create, name="user_create"),
    path("nguoi-dung/<int:user_id>/", users.user_detail, name="user_detail"),
    path("nhat-ky-an-ninh/", security.security_log, name="security_log"),
    path("phien-dang-nhap/", security.session_list, name="session_list"),
    path("phien-dang-nhap/<int:session_id>/ket-thuc/", security.session_end, name="session_end"),
    path("nguoi-dung/<int:user_id>/khoa/", users.user_toggle_active, name="user_toggle_active"),
    path(
        "nguoi-dung/<int:user_id>/vai-tro/<int:membership_id>/thu-hoi/",
        users.membership_revoke,
        name="membership_revoke",
    ),
]
