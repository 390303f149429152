"""The JSON API under /api/v1/: thin over services and selectors, same permissions as pages."""

from importlib import import_module

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from chiso.api import errors
from chiso.api.auth import API_AUTH
from chiso.core import security
from chiso.core.errors import ConflictError, DomainError
from chiso.core.models import SecurityEventKind

api = NinjaAPI(
    title="chiso API",
    version="1",
    description="API của chiso: đơn vị, nhóm đơn vị, kế hoạch, nhiệm vụ, kết quả chỉ số.",
    auth=API_AUTH,
    urls_namespace="api",
)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    message = str(exc) or "Bạn không có quyền thực hiện thao tác này."
    security.record(SecurityEventKind.PERMISSION_DENIED, request=request, detail=message)
    return api.create_response(request, {"detail": message}, status=403)


@api.exception_handler(ValidationError)
def invalid_input(request, exc):
    return api.create_response(request, {"detail": errors.translate(exc.errors)}, status=422)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return api.create_response(request, {"detail": errors.UNAUTHORIZED}, status=401)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or "Không tìm thấy."}, status=404)


@api.exception_handler(ConflictError)
def conflict(request, exc):
    return api.create_response(request, {"detail": exc.message}, status=409)


@api.exception_handler(DomainError)
def domain_error(request, exc):
    return api.create_response(request, {"detail": exc.message, "field": exc.field}, status=400)


ROUTERS = [
    "chiso.orgs.api",
    "chiso.plans.api",
    "chiso.importer.api",
    "chiso.tracking.api",
    "chiso.frameworks.api",
    "chiso.dashboard.api",
    "chiso.reports.api",
    "chiso.assessment.api",
    "chiso.dossiers.api",
    "chiso.surveys.api",
    "chiso.accountability.api",
    "chiso.emulation.api",
]


def _register_routers() -> None:
    for dotted in ROUTERS:
        api.add_router("/", import_module(dotted).router)


_register_routers()
