"""A labelled corpus of plan documents written for the accuracy benchmark (not the seeds).

Each document is built here from its text, in the format it is meant to test (.docx with
python-docx, .pdf with fpdf2, .html, .txt), together with its gold labels in the shape of the
`chiso import-plan --json` contract: the plan's issuer and monitoring body and, per task, its
content, lead, coordinating units, index and deadline (kind and due dates). The labels are
written by hand next to the text they describe; nothing here runs the parser.

`documents()` returns them in memory; `python -m chiso.importer.tests.corpus OUTDIR` writes the
files and their `.gold.json` next to them for inspection.
"""

from __future__ import annotations

from chiso.importer.tests.corpus.build import Doc, documents

__all__ = ["Doc", "documents"]
