"""One call from file bytes to the JSON draft: what `chiso import-plan FILE --json` prints."""

from __future__ import annotations

import logging
from typing import Any

from chiso.core.readers import read_document
from chiso.importer.draft import PlanDraft, draft_to_json
from chiso.importer.errors import DocumentError, UnreadableDocument
from chiso.importer.parse import parse_document

log = logging.getLogger(__name__)


def parse_draft(filename: str, data: bytes) -> PlanDraft:
    """Read and parse; raises a DocumentError subclass (Vietnamese message) on bad input.

    The web import, the API and `chiso import-plan` all come through here, so an input the
    parser does not survive is logged with its traceback and answered with the same clean
    "cannot read" message everywhere.
    """
    doc = read_document(filename, data)
    try:
        return parse_document(doc)
    except DocumentError:
        raise
    except Exception as exc:
        log.exception("parsing %r failed", filename)
        raise UnreadableDocument(detail=repr(exc)) from exc


def parse_file(filename: str, data: bytes) -> dict[str, Any]:
    return draft_to_json(parse_draft(filename, data))
