"""Which fields the review screen highlights (pure rules over the draft)."""

from chiso.importer.review import deadline_view, low_fields, sections

AGENCIES = {
    "Sở Nội vụ": {"kind": "unit", "id": 1, "label": "Sở Nội vụ", "score": 100.0},
    "Sở Tư pháp (cũ)": {"kind": "unit", "id": 2, "label": "Sở Tư pháp", "score": 86.0},
    "Hội Nông dân": None,
}


def _task(**kw):
    base = {
        "content": "Tuyên truyền",
        "lead": ["Sở Nội vụ"],
        "deadline": {"raw": "Quý III/2024", "kind": "quarter", "dates": ["2024-09-30"]},
        "confidence": {"content": 0.95, "lead": 0.6, "deadline": 0.95},
    }
    return {**base, **kw}


def test_resolved_agencies_are_not_highlighted_for_a_column_guess():
    assert low_fields(_task(), AGENCIES) == set()


def test_unresolved_or_weak_agency_is_highlighted():
    assert "lead" in low_fields(_task(lead=["Hội Nông dân"]), AGENCIES)
    assert "coordinating" in low_fields(_task(coordinating=["Sở Tư pháp (cũ)"]), AGENCIES)


def test_missing_lead_unparsed_deadline_and_unsure_content():
    task = _task(
        lead=[],
        deadline={"raw": "càng sớm càng tốt", "kind": "unparsed", "dates": []},
        confidence={"content": 0.49},
    )
    assert low_fields(task, AGENCIES) == {"lead", "deadline", "content"}


def test_deadline_view_shortens_long_recurrences():
    dates = [f"2024-{m:02d}-28" for m in range(1, 13)]
    view = deadline_view({"raw": "Hằng tháng", "kind": "recurring", "dates": dates})
    assert view["kind_label"] == "Định kỳ" and view["dates"][0] == "28/01/2024"
    assert view["more"] == 8 and view["count"] == 12


def test_sections_follow_appendices():
    draft = {
        "tasks": [_task(appendix="PHỤ LỤC 1"), _task(appendix="PHỤ LỤC 1"), _task(appendix="PL 2")]
    }
    assert [(s["title"], len(s["rows"])) for s in sections(draft)] == [
        ("PHỤ LỤC 1", 2),
        ("PL 2", 1),
    ]
