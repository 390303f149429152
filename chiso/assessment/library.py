"""Evidence library: what a unit used as evidence, criterion by criterion, year after year.

A criterion is matched across years by its code (the provincial decisions keep the numbering
of fields and criteria from one year to the next; a renumbered set starts a new shelf). The
library of a unit lists, per code and year, the files uploaded for that leaf, the files carried
over from an earlier year, and the task-report evidence attached to it. Using an item again in
this year's leaf attaches the same object (no copy, no re-upload).

Who sees a unit's library is who sees its assessments (`UnitAssessment.objects.visible_to`):
the unit itself, its appraisers and the coordinators above it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import transaction
from django.http import Http404

from chiso.assessment.models import AssessmentFile, LeafScore, UnitAssessment
from chiso.assessment.services import editable_by_unit
from chiso.core.errors import DomainError
from chiso.orgs.models import OrgUnit
from chiso.tracking.models import Evidence

FILE, EVIDENCE = "file", "evidence"


@dataclass
class Item:
    kind: str  # FILE (uploaded for a leaf) or EVIDENCE (from a task report)
    pk: int
    name: str
    size: int | None = None
    source: str = ""


@dataclass
class Shelf:
    """One criterion code: its latest name and the items per year (newest year first)."""

    code: str
    name: str
    order: int
    years: dict[int, list[Item]] = field(default_factory=dict)


def visible_unit(user, unit_id: int) -> OrgUnit:
    """The unit whose library the user may read; 404 otherwise (forged ids included)."""
    seen = UnitAssessment.objects.visible_to(user).filter(unit_id=unit_id)
    unit = OrgUnit.objects.filter(pk=unit_id, pk__in=seen.values("unit_id")).first()
    if unit is None:
        raise Http404("Không tìm thấy thư viện tài liệu của đơn vị")
    return unit


def _rows(unit_id: int, *, before_year: int | None, code: str | None):
    """(year, code, name, order, item) for every use of an item by the unit: three queries."""
    scope = {"assessment__unit_id": unit_id}
    if before_year is not None:
        scope["assessment__round__year__lt"] = before_year
    if code is not None:
        scope["criterion__code"] = code
    prefixed = {f"score__{k}": v for k, v in scope.items()}
    leaf = ("criterion__code", "criterion__name", "criterion__order", "assessment__round__year")
    for f in AssessmentFile.objects.filter(**prefixed).values(
        "pk", "original_name", "size", *(f"score__{x}" for x in leaf)
    ):
        yield (
            f["score__assessment__round__year"],
            f["score__criterion__code"],
            f["score__criterion__name"],
            f["score__criterion__order"],
            Item(FILE, f["pk"], f["original_name"], f["size"], "Tải lên cho tiêu chí"),
        )
    carried = LeafScore.carried_files.through.objects.filter(
        **{f"leafscore__{k}": v for k, v in scope.items()}
    )
    for row in carried.values(
        "assessmentfile_id",
        "assessmentfile__original_name",
        "assessmentfile__size",
        *(f"leafscore__{x}" for x in leaf),
    ):
        yield (
            row["leafscore__assessment__round__year"],
            row["leafscore__criterion__code"],
            row["leafscore__criterion__name"],
            row["leafscore__criterion__order"],
            Item(
                FILE,
                row["assessmentfile_id"],
                row["assessmentfile__original_name"],
                row["assessmentfile__size"],
                "Dùng lại từ năm trước",
            ),
        )
    linked = LeafScore.evidence.through.objects.filter(
        **{f"leafscore__{k}": v for k, v in scope.items()}
    )
    for row in linked.values(
        "evidence_id",
        "evidence__original_name",
        "evidence__size",
        "evidence__report__occurrence__task__content",
        *(f"leafscore__{x}" for x in leaf),
    ):
        task = row["evidence__report__occurrence__task__content"] or ""
        yield (
            row["leafscore__assessment__round__year"],
            row["leafscore__criterion__code"],
            row["leafscore__criterion__name"],
            row["leafscore__criterion__order"],
            Item(
                EVIDENCE,
                row["evidence_id"],
                row["evidence__original_name"],
                row["evidence__size"],
                f"Báo cáo nhiệm vụ: {task[:80]}",
            ),
        )


def shelves(unit_id: int, *, before_year: int | None = None, code: str | None = None):
    """The unit's library grouped by criterion code and year (codes in document order)."""
    found: dict[str, Shelf] = {}
    latest: dict[str, int] = {}
    seen = set()
    for year, leaf_code, name, order, item in _rows(unit_id, before_year=before_year, code=code):
        shelf = found.setdefault(leaf_code, Shelf(leaf_code, name, order))
        if year >= latest.get(leaf_code, 0):
            latest[leaf_code] = year
            shelf.name, shelf.order = name, order
        key = (leaf_code, year, item.kind, item.pk)
        if key in seen:
            continue
        seen.add(key)
        shelf.years.setdefault(year, []).append(item)
    result = sorted(found.values(), key=lambda s: (s.order, s.code))
    for shelf in result:
        shelf.years = dict(sorted(shelf.years.items(), reverse=True))
        for items in shelf.years.values():
            items.sort(key=lambda i: i.name.lower())
    return result


def earlier_items(score: LeafScore) -> list[tuple[int, Item]]:
    """Items the unit used for this criterion in earlier years and not yet attached here."""
    assessment = score.assessment
    attached_files = {f.pk for f in score.files.all()} | set(
        score.carried_files.values_list("pk", flat=True)
    )
    attached_evidence = set(score.evidence.values_list("pk", flat=True))
    items, seen = [], set()
    for shelf in shelves(
        assessment.unit_id, before_year=assessment.round.year, code=score.criterion.code
    ):
        for year, year_items in shelf.years.items():
            for item in year_items:
                attached = attached_files if item.kind == FILE else attached_evidence
                if item.pk in attached or (item.kind, item.pk) in seen:
                    continue
                seen.add((item.kind, item.pk))
                items.append((year, item))
    return items


def _library_ids(unit_id: int, before_year: int) -> tuple[set[int], set[int]]:
    files, evidence = set(), set()
    for *_leaf, item in _rows(unit_id, before_year=before_year, code=None):
        (files if item.kind == FILE else evidence).add(item.pk)
    return files, evidence


@transaction.atomic
def library_attach(*, score: LeafScore, file_ids: list[int], evidence_ids: list[int], by) -> int:
    """Attach items of the unit's earlier years to this year's leaf: the same objects."""
    assessment = editable_by_unit(score)
    files, evidence = _library_ids(assessment.unit_id, assessment.round.year)
    if not set(file_ids) <= files or not set(evidence_ids) <= evidence:
        raise DomainError("Chỉ chọn được tài liệu trong thư viện các năm trước của đơn vị.")
    if not file_ids and not evidence_ids:
        raise DomainError("Hãy chọn ít nhất một tài liệu.")
    score.carried_files.add(*file_ids)
    score.evidence.add(*Evidence.objects.filter(pk__in=evidence_ids))
    return len(set(file_ids)) + len(set(evidence_ids))


@transaction.atomic
def library_detach(*, score: LeafScore, file_id: int, by) -> None:
    editable_by_unit(score)
    score.carried_files.remove(file_id)


def file_of_unit(unit_id: int, file_id: int) -> AssessmentFile:
    """A file the unit uploaded in any round (the library's download); 404 otherwise."""
    found = AssessmentFile.objects.filter(pk=file_id, score__assessment__unit_id=unit_id).first()
    if found is None:
        raise Http404("Không tìm thấy tệp")
    return found
