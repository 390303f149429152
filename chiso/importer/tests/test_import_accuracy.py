"""The importer's accuracy on the labelled corpus never falls below its floors.

The same measure is printed by `python bench/import_accuracy.py`; the floors sit at the issue's
targets (recall and precision 0.98, field accuracy 0.96).
"""

from collections import Counter
from functools import cache

import pytest

from chiso.importer.cli_json import parse_file
from chiso.importer.tests.corpus import documents
from chiso.importer.tests.corpus.ocr_excerpt import ocr_measurements
from chiso.importer.tests.corpus.score import Score, score_draft
from chiso.importer.tests.seeds import SEEDS

RECALL, PRECISION, FIELD_ACC, HEADER_ACC = 0.98, 0.98, 0.96, 0.95


@cache
def corpus() -> tuple:
    return tuple(documents())


@cache
def total() -> Score:
    score = Score()
    for doc in corpus():
        score.add(score_draft(doc.name, parse_file(doc.name, doc.data), doc.gold))
    return score


def test_corpus_covers_every_format_and_shape_class():
    docs = corpus()
    assert len(docs) >= 12
    formats = Counter(doc.name.rsplit(".", 1)[1] for doc in docs)
    assert set(formats) == {"docx", "pdf", "html", "txt"}
    assert {c for doc in docs for c in doc.classes} >= {1, 2, 3, 4, 5, 6, 7, 9}


def test_accuracy_floors():
    score = total()
    misses = "\n".join(score.misses)
    assert score.recall >= RECALL, misses
    assert score.precision >= PRECISION, misses
    assert score.field_acc >= FIELD_ACC, misses
    assert score.header_acc >= HEADER_ACC, misses


@pytest.mark.parametrize("path", sorted(SEEDS.glob("*.txt")), ids=lambda p: p.name)
def test_no_seed_task_without_a_lead(path):
    draft = parse_file(path.name, path.read_bytes())
    assert [t["no"] for t in draft["tasks"] if not t["lead"]] == []


def test_ocr_restoration_lowers_the_character_error_rate():
    ocr = ocr_measurements()
    assert ocr["cer_after"] < ocr["cer_before"]
