"""Skip rules and answer checks, without the database."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chiso.surveys import rules
from chiso.surveys.rules import AnswerError, ItemSpec

USED = ItemSpec("A1", rules.YESNO, "Đã làm thủ tục?", required=True)
SERVICE = ItemSpec(
    "E1", rules.SAT5, "Biển hiệu", required=True, show_if={"item": "A1", "values": [1]}
)
STARS = ItemSpec("SAO", rules.STARS, "Số sao", required=True)
REASONS = ItemSpec(
    "LYDO",
    rules.CHOICE,
    "Lý do",
    options=("Chờ lâu", "Thái độ", "Khác"),
    multiple=True,
    show_if={"item": "SAO", "max": 3},
)
AGE = ItemSpec("TUOI", rules.NUMBER, "Tuổi", low=18, high=120)
NOTE = ItemSpec("GOPY", rules.TEXT, "Góp ý")


def test_a_question_behind_a_skip_rule_is_required_only_when_it_applies():
    assert rules.clean_answers([USED, SERVICE], {"A1": 0}) == {"A1": 0}
    with pytest.raises(AnswerError) as exc:
        rules.clean_answers([USED, SERVICE], {"A1": "1"})
    assert exc.value.messages == ["Câu E1 bắt buộc trả lời: Biển hiệu"]
    assert rules.clean_answers([USED, SERVICE], {"A1": "1", "E1": "5"}) == {"A1": 1, "E1": 5}


def test_answers_to_questions_that_do_not_apply_are_dropped():
    assert rules.clean_answers([USED, SERVICE], {"A1": 0, "E1": 2}) == {"A1": 0}
    assert rules.clean_answers([STARS, REASONS], {"SAO": 5, "LYDO": [1]}) == {"SAO": 5}


def test_reasons_are_kept_when_the_rating_is_three_stars_or_fewer():
    clean = rules.clean_answers([STARS, REASONS], {"SAO": "2", "LYDO": ["3", "1", "1"]})
    assert clean == {"SAO": 2, "LYDO": [1, 3]}


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({"SAO": 6}, "Câu SAO: giá trị 6 nằm ngoài thang 1–5."),
        ({"SAO": "năm"}, "Câu SAO: câu trả lời phải là một số."),
        ({"SAO": 4.5}, "Câu SAO: câu trả lời phải là một số."),
        ({"SAO": 2, "LYDO": [4]}, "Câu LYDO: phương án chọn không hợp lệ."),
        ({"SAO": 4, "X9": 1}, "Không có câu hỏi mã “X9”."),
        ({}, "Câu SAO bắt buộc trả lời: Số sao"),
        ({"SAO": 4, "TUOI": 12}, "Câu TUOI: giá trị 12 nằm ngoài thang 18–120."),
        ({"SAO": 4, "GOPY": "x" * 1001}, "Câu GOPY: câu trả lời dài quá 1000 ký tự."),
    ],
)
def test_bad_answers_are_refused_with_a_vietnamese_message(answers, message):
    with pytest.raises(AnswerError) as exc:
        rules.clean_answers([STARS, REASONS, AGE, NOTE], answers)
    assert message in exc.value.messages


def test_an_empty_form_is_refused_even_without_required_questions():
    with pytest.raises(AnswerError) as exc:
        rules.clean_answers([NOTE], {"GOPY": "  "})
    assert exc.value.messages == ["Phiếu chưa có câu trả lời nào."]


def test_rules_may_only_look_back_at_earlier_questions():
    assert rules.check_rule({"item": "A1", "values": [1]}, {"A1"}) is None
    assert "chưa có ở phía trước" in rules.check_rule({"item": "Z", "values": [1]}, {"A1"})
    assert "đúng một" in rules.check_rule({"item": "A1"}, {"A1"})
    assert "số nguyên" in rules.check_rule({"item": "A1", "max": "3"}, {"A1"})


rule_strategy = st.one_of(
    st.builds(
        lambda i, v: {"item": i, "values": v},
        st.from_regex(r"[A-Z][0-9]{1,2}", fullmatch=True),
        st.lists(st.integers(0, 9), min_size=1, max_size=4),
    ),
    st.builds(
        lambda i, v: {"item": i, "max": v},
        st.from_regex(r"[A-Z]{1,4}", fullmatch=True),
        st.integers(0, 10),
    ),
    st.builds(
        lambda i, v: {"item": i, "min": v},
        st.from_regex(r"[A-Z]{1,4}", fullmatch=True),
        st.integers(0, 10),
    ),
)


@given(rule_strategy)
def test_a_rule_survives_the_round_trip_through_its_spreadsheet_text(rule):
    assert rules.parse_rule(rules.format_rule(rule)) == rule


@given(st.integers(-5, 15))
def test_a_rule_on_a_threshold_shows_the_question_exactly_at_and_below_it(value):
    assert rules.shown({"item": "SAO", "max": 3}, {"SAO": value}) == (value <= 3)
    assert rules.shown({"item": "SAO", "min": 3}, {"SAO": value}) == (value >= 3)
    assert rules.shown({"item": "SAO", "max": 3}, {}) is False
