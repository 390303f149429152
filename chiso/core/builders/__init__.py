"""Document builders: one document model (`base.ReportDocument`), one builder per file format."""

from chiso.core.builders.base import Builder, ReportDocument
from chiso.core.builders.docx import DocxBuilder
from chiso.core.builders.xlsx import XlsxBuilder

BUILDERS: dict[str, Builder] = {"docx": DocxBuilder(), "xlsx": XlsxBuilder()}

__all__ = ["BUILDERS", "Builder", "ReportDocument"]
