"""The questionnaires chiso ships as data (SIPAS-shaped survey, counter rating)."""

from pathlib import Path

import yaml

from chiso.surveys.models import Questionnaire
from chiso.surveys.services import questionnaire_import

DATA_DIR = Path(__file__).parent / "data"
SHIPPED = ["sipas_2023.yaml", "counter_rating.yaml"]
SIPAS_CODE = "SIPAS-2023"
COUNTER_CODE = "DANH-GIA-QUAY"


def read(name: str) -> dict:
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_shipped() -> dict[str, Questionnaire]:
    """Create each shipped questionnaire unless a version with its code exists already."""
    out = {}
    for name in SHIPPED:
        data = read(name)
        found = Questionnaire.objects.filter(code=data["code"]).current().first()
        out[data["code"]] = found or questionnaire_import(data=data)
    return out
