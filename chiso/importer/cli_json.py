"""One call from file bytes to the JSON draft: what `chiso import-plan FILE --json` prints."""

from __future__ import annotations

from typing import Any

from chiso.importer.draft import PlanDraft, draft_to_json
from chiso.importer.parse import parse_document
from chiso.importer.readers import read_document


def parse_draft(filename: str, data: bytes) -> PlanDraft:
    """Read and parse; raises a DocumentError subclass (Vietnamese message) on bad input."""
    return parse_document(read_document(filename, data))


def parse_file(filename: str, data: bytes) -> dict[str, Any]:
    return draft_to_json(parse_draft(filename, data))
