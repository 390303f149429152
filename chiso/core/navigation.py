"""Main navigation: one list, filtered by role and by which modules are installed."""

from django.urls import NoReverseMatch, reverse

from chiso.core.roles import Role

ALL = None
MANAGERS = {Role.ADMIN, Role.COORDINATOR}
OVERSEERS = {Role.ADMIN, Role.COORDINATOR, Role.LEADER}
# Those with a unit to report or review for; a read-only leader or an appraiser has neither.
UNIT_WORKERS = {Role.ADMIN, Role.COORDINATOR, Role.OFFICER}

# The newer modules, grouped under one entry (a <details> drop-down, no script needed) so that
# the menu stays on one line at 1280 px.
PAR_WORK = [
    ("Chấm điểm CCHC", "assessment:list", ALL),
    ("Khảo sát hài lòng", "surveys:list", ALL),
    ("Dịch vụ công", "dossiers:service", ALL),
    ("Kiểm tra CCHC", "accountability:inspection_plans", ALL),
    ("Sáng kiến", "accountability:initiatives", ALL),
    ("Đối thoại", "accountability:dialogues", ALL),
    ("Thi đua", "emulation:list", ALL),
]

# (label, url name or a list of sub-items, roles allowed or ALL)
ITEMS = [
    ("Trang chủ", "home", ALL),
    ("Tổng quan chỉ số", "dashboard:index", OVERSEERS),
    ("Kế hoạch", "plans:list", ALL),
    ("Nhiệm vụ của đơn vị", "tracking:my_tasks", UNIT_WORKERS),
    ("Duyệt báo cáo", "tracking:inbox", UNIT_WORKERS),
    ("Báo cáo định kỳ", "reports:list", ALL),
    ("Công tác CCHC", PAR_WORK, ALL),
    ("Chỉ số", "frameworks:list", ALL),
    ("Đơn vị", "orgs:unit_list", ALL),
    ("Người dùng", "orgs:user_list", MANAGERS),
    ("Lịch sử thay đổi", "orgs:audit", MANAGERS),
    ("Nhật ký an ninh", "orgs:security_log", {Role.ADMIN}),
]


def nav_items(held_roles: set[str], current_path: str, entries=None) -> list[dict]:
    """The menu for someone holding `held_roles` (the context processor in orgs supplies them).

    A group is {"label", "children": [...], "active"}; it is left out when none of its items is
    installed, and its items are kept even when only one remains."""
    items = []
    for label, target, allowed in ITEMS if entries is None else entries:
        if allowed is not ALL and not (held_roles & allowed):
            continue
        if isinstance(target, list):
            children = nav_items(held_roles, current_path, target)
            if children:
                active = any(c["active"] for c in children)
                items.append({"label": label, "children": children, "active": active})
            continue
        try:
            url = reverse(target)
        except NoReverseMatch:
            continue  # module not installed yet
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append({"label": label, "url": url, "active": active})
    return items
