"""The roles a person holds in a unit.

Defined here, below every app, because the main navigation (core) filters its items by role;
`chiso.orgs.models.Role` is the same class, where memberships store it.
"""

from django.db import models


class Role(models.TextChoices):
    ADMIN = "admin", "Quản trị hệ thống"
    COORDINATOR = "coordinator", "Điều phối (đơn vị chủ trì kế hoạch)"
    LEADER = "leader", "Lãnh đạo (chỉ xem)"
    OFFICER = "officer", "Cán bộ đầu mối đơn vị"
    APPRAISER = "appraiser", "Thành viên thẩm định"
