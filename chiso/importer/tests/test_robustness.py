"""Random input never crashes the readers or the parser: a draft or a DocumentError."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chiso.importer.cli_json import parse_file
from chiso.importer.errors import DocumentError

CELL = st.sampled_from(
    [
        "STT",
        "Nhiệm vụ",
        "Cơ quan chủ trì",
        "Thời gian hoàn thành",
        "1",
        "I",
        "1.1",
        "Sở Nội vụ",
        "Thường xuyên",
        "Quý II/2024",
        "- Rà soát",
        "Theo kế hoạch",
        "",
        "PHỤ LỤC 1",
        "Chỉ số PAPI",
    ]
)


def _check(name: str, data: bytes) -> None:
    try:
        draft = parse_file(name, data)
    except DocumentError as err:
        assert err.message
        return
    assert isinstance(draft["tasks"], list) and draft["tasks"]


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.binary(max_size=2000), st.sampled_from(["a.txt", "a.docx", "a.pdf", "a.html", "a"]))
def test_random_bytes(data, name):
    _check(name, data)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=2000))
def test_random_text(text):
    _check("a.txt", text.encode("utf-8"))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(CELL, min_size=1, max_size=7), max_size=30), st.booleans())
def test_random_tables(rows, tabs):
    sep = "\t" if tabs else "\n"
    text = "\n".join(sep.join(row) for row in rows)
    _check("a.txt", text.encode("utf-8"))
    html = (
        "<table>"
        + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
        + "</table>"
    )
    _check("a.html", html.encode("utf-8"))
