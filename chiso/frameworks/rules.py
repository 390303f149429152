"""Who edits frameworks, results and targets.

National frameworks are edited by admins and by coordinators whose scope is a whole province (a
root unit); local ones by coordinators managing their owner unit. Results and targets are written
by coordinators managing their unit. The querysets are on the models (`.visible_to`,
`.managed_by`).
"""

from chiso.core.lookup import get_visible_or_404
from chiso.frameworks.models import Framework, Result, Target
from chiso.orgs import access


def can_manage_framework(user, framework: Framework) -> bool:
    return Framework.objects.managed_by(user).filter(pk=framework.pk).exists()


def can_create_framework(user) -> bool:
    return access.is_coordinator(user)


def get_managed_framework(user, pk) -> Framework:
    """The framework if the user may see it (404 otherwise) and edit it (403 otherwise)."""
    framework = get_visible_or_404(
        Framework.objects.visible_to(user), pk, "Không tìm thấy bộ chỉ số"
    )
    access.require(can_manage_framework(user, framework), "Bạn không có quyền sửa bộ chỉ số này.")
    return framework


def get_managed_result(user, pk) -> Result:
    visible = Result.objects.visible_to(user).select_related("unit")
    result = get_visible_or_404(visible, pk, "Không tìm thấy kết quả")
    access.require(
        access.can_manage_unit(user, result.unit), "Bạn không có quyền sửa kết quả của đơn vị này."
    )
    return result


def get_managed_target(user, pk) -> Target:
    visible = Target.objects.visible_to(user).select_related("unit")
    target = get_visible_or_404(visible, pk, "Không tìm thấy mục tiêu")
    access.require(
        access.can_manage_unit(user, target.unit), "Bạn không có quyền sửa mục tiêu của đơn vị này."
    )
    return target
