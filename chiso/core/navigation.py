"""Main navigation: one list, filtered by role and by which modules are installed."""

from django.urls import NoReverseMatch, reverse

from chiso.core.roles import Role

ALL = None
MANAGERS = {Role.ADMIN, Role.COORDINATOR}
OVERSEERS = {Role.ADMIN, Role.COORDINATOR, Role.LEADER}
# Those with a unit to report or review for; a read-only leader or an appraiser has neither.
UNIT_WORKERS = {Role.ADMIN, Role.COORDINATOR, Role.OFFICER}

# (label, url name, roles allowed or ALL)
ITEMS = [
    ("Trang chủ", "home", ALL),
    ("Tổng quan chỉ số", "dashboard:index", OVERSEERS),
    ("Kế hoạch", "plans:list", ALL),
    ("Nhiệm vụ của đơn vị", "tracking:my_tasks", UNIT_WORKERS),
    ("Duyệt báo cáo", "tracking:inbox", UNIT_WORKERS),
    ("Báo cáo định kỳ", "reports:list", ALL),
    ("Chấm điểm CCHC", "assessment:list", ALL),
    ("Dịch vụ công", "dossiers:service", ALL),
    ("Chỉ số", "frameworks:list", ALL),
    ("Khảo sát hài lòng", "surveys:list", ALL),
    ("Kiểm tra CCHC", "accountability:inspection_plans", ALL),
    ("Sáng kiến", "accountability:initiatives", ALL),
    ("Đối thoại", "accountability:dialogues", ALL),
    ("Thi đua", "emulation:list", ALL),
    ("Đơn vị", "orgs:unit_list", ALL),
    ("Người dùng", "orgs:user_list", MANAGERS),
    ("Lịch sử thay đổi", "orgs:audit", MANAGERS),
    ("Nhật ký an ninh", "orgs:security_log", {Role.ADMIN}),
]


def nav_items(held_roles: set[str], current_path: str) -> list[dict]:
    """The menu for someone holding `held_roles` (the context processor in orgs supplies them)."""
    items = []
    for label, name, allowed in ITEMS:
        if allowed is not ALL and not (held_roles & allowed):
            continue
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue  # module not installed yet
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items
