"""Writes on results, targets and task ↔ component links. Validate everything, then write in one
transaction: bad input leaves the data exactly as it was."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction

from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.frameworks import matching
from chiso.frameworks.models import Component, Framework, Result, Source, Target, TaskComponent
from chiso.frameworks.tabular import read_rows
from chiso.orgs.models import OrgUnit

MIN_YEAR, MAX_YEAR = 2000, 2100
INDEX_FRAMEWORK_CODES = {
    "PAR INDEX": "PAR_INDEX_PROVINCE",
    "SIPAS": "SIPAS",
    "PAPI": "PAPI",
    "PCI": "PCI",
}


class ImportRejected(DomainError):
    """A spreadsheet had errors; `errors` lists them by row. Nothing was written."""

    def __init__(self, errors: list[str]):
        super().__init__(
            f"Tệp có {len(errors)} lỗi, chưa ghi dữ liệu nào: " + "; ".join(errors[:5])
        )
        self.errors = errors


def to_decimal(value, label: str) -> Decimal | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    text = str(value).strip().replace("%", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise DomainError(f"{label} “{value}” không phải là số.") from exc
    if not number.is_finite():
        raise DomainError(f"{label} “{value}” không phải là số.")
    return number


def _check_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError) as exc:
        raise DomainError(f"Năm “{year}” không hợp lệ.", field="year") from exc
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise DomainError(f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.", field="year")
    return year


def _check_component(framework: Framework, component: Component | None) -> None:
    if component is not None and component.framework_id != framework.pk:
        raise DomainError("Chỉ số thành phần không thuộc bộ chỉ số đã chọn.", field="component")


def _max_for(framework: Framework, component: Component | None, given) -> Decimal | None:
    if given is not None:
        return given
    return component.max_points if component is not None else framework.total_max


@dataclass
class ResultSpec:
    unit: OrgUnit
    framework: Framework
    component: Component | None
    year: int
    score: Decimal
    max_score: Decimal | None = None
    rank: int | None = None
    rank_of: int | None = None
    source: str = Source.PUBLISHED
    note: str = ""


def validate_result(spec: ResultSpec) -> ResultSpec:
    _check_component(spec.framework, spec.component)
    spec.year = _check_year(spec.year)
    if spec.source not in Source.values:
        raise DomainError("Nguồn số liệu không hợp lệ.", field="source")
    if spec.score is None:
        raise DomainError("Chưa nhập điểm.", field="score")
    if spec.score < 0:
        raise DomainError("Điểm không được âm.", field="score")
    top = _max_for(spec.framework, spec.component, spec.max_score)
    if top is not None and spec.score > top:
        what = spec.component.name if spec.component else "điểm tổng"
        raise DomainError(
            f"Điểm {spec.score.normalize():f} vượt điểm tối đa {top.normalize():f} của “{what}”.",
            field="score",
        )
    if spec.rank is not None and spec.rank_of is not None and spec.rank > spec.rank_of:
        raise DomainError(f"Hạng {spec.rank} lớn hơn tổng số {spec.rank_of}.", field="rank")
    if spec.rank is not None and spec.rank < 1:
        raise DomainError("Hạng phải từ 1 trở lên.", field="rank")
    return spec


def _write_result(spec: ResultSpec, *, by=None, source_plan=None) -> Result:
    result, _ = Result.objects.update_or_create(
        unit=spec.unit,
        framework=spec.framework,
        component=spec.component,
        year=spec.year,
        source=spec.source,
        defaults={
            "score": spec.score,
            "max_score": spec.max_score,
            "rank": spec.rank,
            "rank_of": spec.rank_of,
            "note": spec.note[:300],
            "source_plan": source_plan,
            "created_by": by,
        },
    )
    return result


@transaction.atomic
def result_save(*, spec: ResultSpec, by=None, source_plan=None) -> Result:
    return _write_result(validate_result(spec), by=by, source_plan=source_plan)


@dataclass
class TargetSpec:
    unit: OrgUnit
    framework: Framework
    component: Component | None
    year: int
    value: Decimal | None = None
    rank_text: str = ""


def validate_target(spec: TargetSpec) -> TargetSpec:
    _check_component(spec.framework, spec.component)
    spec.year = _check_year(spec.year)
    if spec.value is None and not spec.rank_text.strip():
        raise DomainError("Nhập giá trị mục tiêu hoặc mục tiêu xếp hạng.", field="value")
    if spec.value is not None:
        if spec.value < 0:
            raise DomainError("Giá trị mục tiêu không được âm.", field="value")
        top = _max_for(spec.framework, spec.component, None)
        if top is not None and spec.value > top:
            raise DomainError(
                f"Mục tiêu {spec.value.normalize():f} vượt điểm tối đa {top.normalize():f}.",
                field="value",
            )
    return spec


def _write_target(spec: TargetSpec, *, by=None, source_plan=None) -> Target:
    target, _ = Target.objects.update_or_create(
        unit=spec.unit,
        framework=spec.framework,
        component=spec.component,
        year=spec.year,
        defaults={
            "value": spec.value,
            "rank_text": spec.rank_text.strip()[:120],
            "source_plan": source_plan,
            "created_by": by,
        },
    )
    return target


@transaction.atomic
def target_save(*, spec: TargetSpec, by=None, source_plan=None) -> Target:
    return _write_target(validate_target(spec), by=by, source_plan=source_plan)


@transaction.atomic
def result_delete(*, result: Result) -> None:
    result.delete()


@transaction.atomic
def target_delete(*, target: Target) -> None:
    target.delete()


# --- spreadsheet import -----------------------------------------------------------------------

IMPORT_COLUMNS = {
    "code": ("ma thanh phan", "ma", "ma chi so", "ma chi so thanh phan"),
    "name": ("ten", "ten chi so thanh phan", "chi so thanh phan"),
    "year": ("nam",),
    "kind": ("loai",),
    "value": ("gia tri", "diem", "diem so", "ket qua"),
    "max": ("diem toi da", "toi da"),
    "rank": ("xep hang", "hang"),
    "rank_of": ("tren tong so", "tong so"),
    "rank_text": ("muc tieu xep hang",),
    "source": ("nguon",),
}
TOTAL_WORDS = {"tong", "tong cong", "total", "chi so"}
TARGET_WORDS = {"muc tieu", "chi tieu", "target"}
SOURCE_BY_LABEL = {fold(label): value for value, label in Source.choices} | {
    fold(value): value for value in Source.values
}


def _row_component(framework, by_code, by_name, values) -> Component | None:
    code, name = values.get("code", "").strip(), values.get("name", "").strip()
    if fold(code) in TOTAL_WORDS or (not code and fold(name) in TOTAL_WORDS):
        return None
    if code:
        if code in by_code:
            return by_code[code]
        raise DomainError(f"không có thành phần mã “{code}” trong bộ chỉ số {framework.code}")
    if name and fold(name) in by_name:
        return by_name[fold(name)]
    raise DomainError(f"không tìm thấy thành phần “{name or '(trống)'}”")


def _row_spec(framework, unit, by_code, by_name, values):
    component = _row_component(framework, by_code, by_name, values)
    year = _check_year(values.get("year"))
    is_target = fold(values.get("kind", "")) in TARGET_WORDS
    value = to_decimal(values.get("value"), "Giá trị")
    if is_target:
        spec = TargetSpec(unit, framework, component, year, value, values.get("rank_text", ""))
        return validate_target(spec)
    if value is None:
        raise DomainError("thiếu giá trị")
    source = SOURCE_BY_LABEL.get(fold(values.get("source", "")), Source.PUBLISHED)
    rank = to_decimal(values.get("rank"), "Hạng")
    rank_of = to_decimal(values.get("rank_of"), "Tổng số")
    spec = ResultSpec(
        unit,
        framework,
        component,
        year,
        value,
        to_decimal(values.get("max"), "Điểm tối đa"),
        int(rank) if rank is not None else None,
        int(rank_of) if rank_of is not None else None,
        source,
    )
    return validate_result(spec)


@transaction.atomic
def results_import(
    *, data: bytes, filename: str, unit: OrgUnit, framework: Framework, by=None
) -> dict[str, int]:
    """Import results and targets of one unit for one framework; all rows or none."""
    rows, found = read_rows(data, filename, IMPORT_COLUMNS)
    missing = [label for key, label in [("year", "Năm"), ("value", "Giá trị")] if key not in found]
    if "code" not in found and "name" not in found:
        missing.insert(0, "Mã thành phần")
    if missing:
        raise DomainError("Thiếu cột: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    components = list(framework.components.all())
    by_code = {c.code: c for c in components}
    by_name = {fold(c.name): c for c in components}
    specs, errors = [], []
    for row in rows:
        try:
            specs.append(_row_spec(framework, unit, by_code, by_name, row.values))
        except DomainError as exc:
            errors.append(f"Dòng {row.number}: {exc.message}")
    if errors:
        raise ImportRejected(errors)
    counts = {"results": 0, "targets": 0}
    for spec in specs:
        if isinstance(spec, TargetSpec):
            _write_target(spec, by=by)
            counts["targets"] += 1
        else:
            _write_result(spec, by=by)
            counts["results"] += 1
    return counts


# --- plan importer contract -------------------------------------------------------------------


def framework_for_index(index_code: str | None, unit: OrgUnit | None = None) -> Framework | None:
    """The current framework of an index at the unit's level (province frameworks by default)."""
    code = INDEX_FRAMEWORK_CODES.get((index_code or "").upper().strip())
    if code is None:
        return None
    return Framework.objects.filter(code=code).current().first()


def _candidates(framework: Framework) -> list[matching.Candidate]:
    return [matching.Candidate(c, c.code, c.name) for c in framework.components.all()]


def _num(value) -> Decimal | None:
    try:
        return to_decimal(value, "Giá trị")
    except DomainError:
        return None


def _rank(text) -> tuple[int | None, int | None]:
    """'45/63' -> (45, 63); '20-30/63' -> (None, 63): ranges are targets, not results."""
    m = re.search(r"(\d+)\s*/\s*(\d+)", str(text or ""))
    if m and "-" not in str(text) and "–" not in str(text):
        return int(m.group(1)), int(m.group(2))
    m = re.fullmatch(r"\s*(?:thu|hang)?\s*(\d+)\s*", fold(str(text or "")))
    return (int(m.group(1)), None) if m else (None, None)


def _target_row(plan, unit, row: dict, framework, component) -> tuple[list, list]:
    results, targets = [], []
    base, year = _num(row.get("baseline_value")), row.get("baseline_year")
    if base is not None and year:
        rank, rank_of = _rank(row.get("rank_baseline"))
        top = _num(row.get("baseline_max"))
        results.append(
            ResultSpec(
                unit, framework, component, year, base, top, rank, rank_of, Source.PLAN_DOCUMENT
            )
        )
    goal, goal_year = _num(row.get("target_value")), row.get("target_year")
    if goal_year and (goal is not None or row.get("rank_target")):
        targets.append(
            TargetSpec(unit, framework, component, goal_year, goal, row.get("rank_target") or "")
        )
    return results, targets


@transaction.atomic
def targets_from_plan(plan, targets: list[dict], unit: OrgUnit) -> list[str]:
    """Baselines become Result(source=plan_document), goals become Target rows for `unit`.

    `targets` is the importer JSON "targets" shape. Returns warnings (Vietnamese) for rows it
    could not match or validate; the rows it could are written.
    """
    warnings: list[str] = []
    cache: dict[str, tuple[Framework | None, list]] = {}
    for row in targets:
        index = (row.get("index") or "").strip()
        if index not in cache:
            fw = framework_for_index(index, unit)
            cache[index] = (fw, _candidates(fw) if fw else [])
        framework, candidates = cache[index]
        name = row.get("component") or ""
        if framework is None:
            warnings.append(f"Không rõ bộ chỉ số của dòng “{name}” (chỉ số “{index}”).")
            continue
        component = None
        if fold(name) not in TOTAL_WORDS and not fold(name).startswith("tong"):
            found = matching.best_match(name, candidates, code_hint=row.get("code") or "")
            if found is None:
                warnings.append(f"{index}: không khớp được thành phần “{name}”.")
                continue
            component = found.key
        results, goals = _target_row(plan, unit, row, framework, component)
        for spec in [*results, *goals]:
            try:
                if isinstance(spec, ResultSpec):
                    _write_result(validate_result(spec), source_plan=plan)
                else:
                    _write_target(validate_target(spec), source_plan=plan)
            except DomainError as exc:
                warnings.append(f"{index} “{name}”: {exc.message}")
    return warnings


def _task_candidates(task, cache: dict) -> list[matching.Candidate]:
    if task.index_code not in cache:
        fw = framework_for_index(task.index_code)
        cache[task.index_code] = _candidates(fw) if fw else []
    return cache[task.index_code]


@transaction.atomic
def task_components_link(task, *, _cache: dict | None = None) -> list[TaskComponent]:
    """Set the task's components from its index_code / component_text (replacing old links)."""
    candidates = _task_candidates(task, _cache if _cache is not None else {})
    found = matching.best_match(task.component_text, candidates) if candidates else None
    task.component_links.all().delete()
    if found is None:
        return []
    link = TaskComponent.objects.create(
        task=task,
        component=found.key,
        matched_text=task.component_text[:500],
        score=found.score,
    )
    return [link]


@transaction.atomic
def task_components_set(*, task, components: list[Component], by=None) -> None:
    """The user's choice of components for a task (edit screen)."""
    keep = {c.pk for c in components}
    task.component_links.exclude(component_id__in=keep).delete()
    have = set(task.component_links.values_list("component_id", flat=True))
    for component in components:
        if component.pk not in have:
            TaskComponent.objects.create(task=task, component=component, created_by=by)
