from datetime import timedelta

import pytest
from django.utils import timezone

from chiso.frameworks.loader import load_shipped_frameworks
from chiso.orgs.models import OrgUnit
from chiso.surveys import services
from chiso.surveys.models import RoundStatus
from chiso.surveys.shipped import COUNTER_CODE, SIPAS_CODE, load_shipped

COMMUNE = "Ủy ban nhân dân phường Tân Phong"

# Every required item of the shipped SIPAS form answered "4", A1 = 1 (used a service).
SIPAS_REQUIRED = ["B1", "B2", "B3", "B4"] + [f"C{i}" for i in range(1, 10)]
SIPAS_REQUIRED += [f"D{i}" for i in range(1, 11)]
SERVICE_ITEMS = ["E1", "E2", "E3", "F1", "F2", "F3", "F4", "G1", "G2", "G3"]
SERVICE_ITEMS += ["H1", "H2", "H3", "K1", "K2", "K3"]


def full_answers(level: int = 4, used: bool = True) -> dict:
    answers = {"A1": 1 if used else 0} | {code: level for code in SIPAS_REQUIRED}
    if used:
        answers |= {code: level for code in SERVICE_ITEMS}
    return answers


@pytest.fixture
def questionnaires(province):
    load_shipped_frameworks()
    return load_shipped()


@pytest.fixture
def commune(province):
    return OrgUnit.objects.get(name=COMMUNE)


@pytest.fixture
def make_round(questionnaires, commune):
    def make(code="tan-phong", unit=None, kind=SIPAS_CODE, status=RoundStatus.OPEN, **kwargs):
        today = timezone.localdate()
        survey = services.round_create(
            questionnaire=questionnaires[kind],
            unit=unit or commune,
            name=kwargs.pop("name", f"Khảo sát {code}"),
            starts_on=today - timedelta(days=10),
            ends_on=today + timedelta(days=30),
            code=code,
            **kwargs,
        )
        return services.round_set_status(survey=survey, status=status)

    return make


@pytest.fixture
def sipas_round(make_round):
    return make_round()


@pytest.fixture
def counter_round(make_round):
    return make_round(code="quay-1", kind=COUNTER_CODE)
