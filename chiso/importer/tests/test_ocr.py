"""OCR repair: garbled administrative words come back only where the context confirms them."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chiso.core.lib.vntext import load_lexicon
from chiso.importer.parse.ocr import repair_ocr, restore_ocr

WORDS = sorted({w for key in load_lexicon() for w in key.split()})


@pytest.mark.parametrize(
    ("ocr", "restored"),
    [
        ("Theo ddi, d6n ddc", "Theo dõi, đôn đốc"),
        ("Trudng Phong Néi vu", "Trưởng Phòng Nội vụ"),
        ("thực hiện thudng xuyén", "thực hiện thường xuyên"),
        ("Chu tri theo doi, don dég", "Chủ trì theo dõi, đôn đốc"),
    ],
)
def test_garbled_words_are_restored(ocr, restored):
    assert restore_ocr(ocr) == restored


def test_a_word_without_a_confirming_neighbour_is_kept():
    assert repair_ocr("x4") == "x4"  # "xã" only when a known phrase surrounds it
    assert repair_ocr("Mã số 1142/BC-SNV") == "Mã số 1142/BC-SNV"


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
def test_vocabulary_text_is_never_changed(words):
    text = " ".join(words)
    assert repair_ocr(text) == text


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="abcdeghinostuy6w4é ,.", max_size=40))
def test_repair_keeps_punctuation_and_the_number_of_words(text):
    repaired = repair_ocr(text)
    assert re.sub(r"[^\W_]+", "w", repaired) == re.sub(r"[^\W_]+", "w", text)
