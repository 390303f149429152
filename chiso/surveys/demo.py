"""Demo data: the shipped questionnaires, an open SIPAS-shaped round for phường Tân Phong whose
public code is `demo` (a few hundred generated answers, a sample frame of three quarters), and a
counter-rating round. Running it twice changes nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from chiso.orgs.models import OrgUnit
from chiso.surveys import selectors, services, submissions
from chiso.surveys.models import Mode, RoundStatus, SurveyRound
from chiso.surveys.shipped import COUNTER_CODE, SIPAS_CODE, load_shipped

DEMO_CODE = "demo"
COUNTER_DEMO_CODE = "demo-quay"
COMMUNE = "Ủy ban nhân dân phường Tân Phong"
VILLAGES = [("Khu phố 1", 4200), ("Khu phố 2", 3100), ("Khu phố 3", 2700)]
ANSWERS = 360
# Items the demo makes weaker, so the results page has something to act on.
WEAK = {"K1": 0.9, "K2": 0.8, "K3": 0.9, "F4": 0.6, "B3": 0.7, "B4": 0.7}


def _level(rng: random.Random, low: int, high: int, drag: float = 0.0) -> int:
    """Mostly satisfied answers with some spread; `drag` pulls towards the middle."""
    weights = [0.03, 0.07, 0.15 + drag * 0.2, 0.45, 0.30 - drag * 0.2]
    levels = list(range(low, high + 1))
    return rng.choices(levels, weights=weights[-len(levels) :])[0]


def _answers(rng: random.Random, items) -> dict:
    out: dict = {}
    used = rng.random() < 0.7
    for item in items:
        spec = item.spec()
        if item.code == "A1":
            out["A1"] = 1 if used else 0
        elif item.show_if and not used and item.show_if.get("item") == "A1":
            continue
        elif item.kind in ("sat5", "stars"):
            out[item.code] = _level(rng, *spec.bounds(), WEAK.get(item.code, 0.0))
        elif item.kind == "scale4" and rng.random() < 0.8:
            out[item.code] = rng.randint(1, 4)
        elif item.kind == "choice" and not item.multiple and rng.random() < 0.9:
            out[item.code] = rng.randint(1, len(item.options))
    return out


def _generate(survey: SurveyRound, count: int, seed: int) -> int:
    rng = random.Random(seed)
    items = submissions.items_of(survey)
    today = timezone.localdate()
    stored = 0
    for mode, share in ((Mode.ONLINE, 0.6), (Mode.PAPER, 0.3), (Mode.COUNTER, 0.1)):
        rows = []
        for _ in range(int(count * share)):
            village = rng.choices([v for v, _ in VILLAGES], weights=[p for _, p in VILLAGES])[0]
            answers = _answers(rng, items)
            if "SAO" in answers and answers["SAO"] <= 3:
                answers["LYDO"] = sorted(rng.sample(range(1, 7), rng.randint(1, 2)))
            day = today - timedelta(days=rng.randint(0, 75))
            rows.append({"unit": survey.unit, "village": village, "day": day, "answers": answers})
        stored += len(submissions.import_rows(survey=survey, rows=rows, by=None, mode=mode))
    return stored


def _round(questionnaire, unit, code: str, name: str, modes: list[str]) -> SurveyRound:
    today = timezone.localdate()
    survey = services.round_create(
        questionnaire=questionnaire,
        unit=unit,
        name=name,
        starts_on=today - timedelta(days=80),
        ends_on=today + timedelta(days=120),
        modes=modes,
        code=code,
    )
    services.round_set_status(survey=survey, status=RoundStatus.OPEN)
    return survey


@transaction.atomic
def load_demo(stdout=None) -> None:
    shipped = load_shipped()
    unit = OrgUnit.objects.filter(name=COMMUNE).first()
    if unit is None or SurveyRound.objects.filter(code=DEMO_CODE).exists():
        return
    survey = _round(
        shipped[SIPAS_CODE],
        unit,
        DEMO_CODE,
        f"Khảo sát sự hài lòng năm {timezone.localdate().year} — phường Tân Phong",
        [Mode.ONLINE, Mode.PAPER, Mode.COUNTER],
    )
    services.sample_set(survey=survey, rows=[(unit, v, p) for v, p in VILLAGES])
    stored = _generate(survey, ANSWERS, seed=2026)
    result = selectors.round_results(survey)
    if survey.questionnaire.framework_id:
        year = timezone.localdate().year
        services.result_record(survey=survey, unit=unit, year=year, figures=result)
    counter = _round(
        shipped[COUNTER_CODE],
        unit,
        COUNTER_DEMO_CODE,
        "Đánh giá tại quầy — phường Tân Phong",
        [Mode.COUNTER],
    )
    services.sample_set(survey=counter, rows=[(unit, v, p) for v, p in VILLAGES])
    stored += _generate(counter, 150, seed=7)
    if stdout is not None:
        stdout.write(
            f"Khảo sát: 2 đợt đang thu phiếu tại {unit.name} ({stored} phiếu mẫu); "
            f"phiếu công khai tại /ks/{DEMO_CODE}/.\n"
        )
