"""Writes of the emulation module: create a scoring model, adjust it while it is a draft, freeze
it with its results."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from chiso.core.errors import ConflictError, DomainError
from chiso.emulation import selectors
from chiso.emulation.models import Component, EmulationModel, EmulationResult, ModelState
from chiso.emulation.scoring import COUNT, PENALTY
from chiso.emulation.sources import REGISTRY
from chiso.orgs.models import UnitGroup

# (code, name, source, weight, params): the components a new model starts with; the
# coordinator changes weights, removes or adds components before freezing.
DEFAULT_COMPONENTS = [
    ("TD1", "Hoàn thành nhiệm vụ đúng hạn", "on_time", 35, {}),
    ("TD2", "Báo cáo đúng hạn", "reporting", 15, {}),
    ("TD3", "Kết quả chỉ số cải cách hành chính", "par_index", 25, {}),
    ("TD4", "Giải quyết hồ sơ một cửa đúng hạn", "one_stop", 10, {}),
    ("TD5", "Thực hiện kiến nghị sau kiểm tra đúng hạn", "recommendations", 5, {}),
    ("TD6", "Sáng kiến được công nhận", "initiatives", 5, {"target": 1}),
    ("TD7", "Thực hiện cam kết sau đối thoại", "commitments", 5, {}),
    ("TD8", "Bị yêu cầu giải trình (điểm trừ)", "explanations", 10, {"per_item": 2}),
]

FROZEN = "Bảng tiêu chí đã chốt, không sửa được nữa."


def _decimal(raw, label: str, field: str, *, minimum: Decimal = Decimal(0)) -> Decimal:
    try:
        value = Decimal(str(raw).strip().replace(",", "."))
    except (InvalidOperation, ValueError) as exc:
        raise DomainError(f"{label} phải là một số.", field=field) from exc
    if not value.is_finite() or value < minimum or value > Decimal("1000"):
        raise DomainError(f"{label} phải là số từ {minimum} đến 1000.", field=field)
    return value.quantize(Decimal("0.01"))


def _draft(model: EmulationModel) -> None:
    if model.is_frozen:
        raise DomainError(FROZEN)


def _claim(
    model: EmulationModel, version: int, by, reason: str, *, save: bool = True, **changes
) -> EmulationModel:
    """Lock the model row and move it to the next version, if nobody saved it since `version`
    (the version the user's page was loaded with); ConflictError otherwise, nothing written.

    Called first in the transaction of every write to a model or its components, so writers of
    one model queue on its row and only the first of those who loaded the same version wins.
    """
    current = EmulationModel.objects.select_for_update().get(pk=model.pk)
    if current.version != version:
        last = current.history.select_related("history_user").first()
        who = (
            (last.history_user.get_full_name() or last.history_user.username)
            if (last and last.history_user)
            else "người khác"
        )
        when = timezone.localtime(current.updated_at).strftime("%H:%M ngày %d/%m/%Y")
        raise ConflictError(
            f"Bảng tiêu chí thi đua đã được {who} lưu phiên bản mới lúc {when}, sau khi bạn mở "
            "trang. Thay đổi của bạn chưa được lưu; tải lại trang và thử lại."
        )
    _draft(current)
    current.version += 1
    for field, value in changes.items():
        setattr(current, field, value)
    if save:  # (freezing saves the model itself once its results are stored)
        _save(_by(current, by, reason))
    model.version = current.version
    return current


def _by(obj, by, reason: str = ""):
    """Record who changed `obj`, and why, in its history."""
    if by is not None and getattr(by, "is_authenticated", False):
        obj._history_user = by
    if reason:
        obj._change_reason = reason
    return obj


def _save(obj) -> None:
    try:
        obj.full_clean()
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(messages[0], field=field) from exc
    obj.save()


@transaction.atomic
def model_create(*, year: int, group: UnitGroup, by, name: str = "") -> EmulationModel:
    if not 2000 <= int(year) <= 2100:
        raise DomainError("Năm không hợp lệ.", field="year")
    if EmulationModel.objects.filter(year=year, group=group).exists():
        raise DomainError(
            f"Nhóm “{group.name}” đã có bảng tiêu chí thi đua năm {year}.", field="group"
        )
    model = EmulationModel(
        year=year,
        group=group,
        name=name.strip() or f"Bảng tiêu chí thi đua năm {year} — {group.name}",
        created_by=by,
    )
    _save(_by(model, by, "Lập bảng tiêu chí thi đua"))
    position = 0
    for code, label, source, weight, params in DEFAULT_COMPONENTS:
        if source in REGISTRY:
            position += 1
            component = Component(
                model=model,
                position=position,
                code=code,
                name=label,
                source=source,
                weight=Decimal(weight),
                params=dict(params),
            )
            _by(component, by).save()
    return model


@transaction.atomic
def thresholds_save(
    *, model: EmulationModel, excellent, good, done, by, version: int
) -> EmulationModel:
    _draft(model)
    excellent = _decimal(excellent, "Ngưỡng xuất sắc", "excellent_from")
    good = _decimal(good, "Ngưỡng tốt", "good_from")
    done = _decimal(done, "Ngưỡng hoàn thành", "done_from")
    if not (excellent > good > done) or excellent > 100:
        raise DomainError(
            "Các ngưỡng phải giảm dần: xuất sắc > tốt > hoàn thành, và không quá 100 điểm.",
            field="excellent_from",
        )
    thresholds = {"excellent_from": excellent, "good_from": good, "done_from": done}
    return _claim(model, version, by, "Sửa ngưỡng xếp loại", **thresholds)


def parse_weights(model: EmulationModel, data) -> dict[str, Decimal]:
    """Weights from a form (`trong_so_<code>`), validated; components not in `data` keep theirs."""
    weights = {}
    for c in model.components.all():
        raw = data.get(f"trong_so_{c.code}")
        if raw not in (None, ""):
            weights[c.code] = _decimal(raw, f"Trọng số của {c.code}", f"trong_so_{c.code}")
    return weights


@transaction.atomic
def weights_save(
    *, model: EmulationModel, weights: dict[str, Decimal], by, version: int
) -> EmulationModel:
    _draft(model)
    model = _claim(model, version, by, "Sửa trọng số")
    for c in model.components.select_for_update():
        if c.code in weights and c.weight != weights[c.code]:
            c.weight = weights[c.code]
            _by(c, by, "Sửa trọng số").save(update_fields=["weight"])
    return model


@transaction.atomic
def component_add(
    *, model: EmulationModel, code: str, name: str, source: str, weight, param, by, version: int
) -> Component:
    _draft(model)
    code, name = (code or "").strip().upper(), (name or "").strip()
    if not code:
        raise DomainError("Nhập mã tiêu chí.", field="code")
    if model.components.filter(code=code).exists():
        raise DomainError(f"Đã có tiêu chí mã “{code}”.", field="code")
    if source not in REGISTRY:
        raise DomainError("Chọn nguồn số liệu trong danh sách.", field="source")
    spec = REGISTRY[source]
    params = dict(spec.default_params)
    if spec.param_name and param not in (None, ""):
        params[spec.param_name] = str(_decimal(param, spec.param_label, "param"))
    if (
        spec.kind in (COUNT, PENALTY)
        and spec.param_name
        and Decimal(str(params.get(spec.param_name, 0))) <= 0
    ):
        raise DomainError(f"{spec.param_label} phải lớn hơn 0.", field="param")
    model = _claim(model, version, by, f"Thêm tiêu chí {code}")
    last = model.components.order_by("-position").first()
    component = Component(
        model=model,
        position=(last.position + 1) if last else 1,
        code=code,
        name=name or spec.label,
        source=source,
        weight=_decimal(weight, "Trọng số", "weight"),
        params=params,
    )
    _save(_by(component, by, "Thêm tiêu chí"))
    return component


@transaction.atomic
def component_delete(*, component: Component, by, version: int) -> None:
    _draft(component.model)
    _claim(component.model, version, by, f"Bỏ tiêu chí {component.code}")
    _by(component, by, "Bỏ tiêu chí").delete()


@transaction.atomic
def model_freeze(*, model: EmulationModel, by, version: int) -> EmulationModel:
    """Store every unit's result as computed now; the model and its results no longer change."""
    _draft(model)
    model = _claim(model, version, by, "Chốt kết quả thi đua", save=False)
    if not model.components.exists():
        raise DomainError("Bảng tiêu chí chưa có tiêu chí nào.")
    today = selectors.judging_day(model)
    computed = selectors.compute(model, today=today)
    rows = selectors.rows_of(computed)
    EmulationResult.objects.bulk_create(
        EmulationResult(
            model=model,
            unit_id=r["unit_id"],
            unit_name=r["unit"],
            score=r["score"],
            rank=r["rank"],
            classification=r["classification"],
            partial=r["partial"],
            note=r["note"][:255],
            ended=r["ended"],
            position=i,
            components=[
                {
                    **c,
                    "weight": str(c["weight"]),
                    "value": None if c["value"] is None else str(c["value"]),
                    "points": None if c["points"] is None else str(c["points"]),
                }
                for c in r["components"]
            ],
        )
        for i, r in enumerate(rows)
    )
    model.state = ModelState.FROZEN
    model.frozen_at = timezone.now()
    model.frozen_on = today
    model.frozen_by = by
    _by(model, by, "Chốt kết quả thi đua").save()
    return model
