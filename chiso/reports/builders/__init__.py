"""Report builders: one document model (`base.ReportDocument`), one builder per file format."""

from chiso.reports.builders.base import Builder, ReportDocument
from chiso.reports.builders.docx import DocxBuilder
from chiso.reports.builders.xlsx import XlsxBuilder

BUILDERS: dict[str, Builder] = {"docx": DocxBuilder(), "xlsx": XlsxBuilder()}

__all__ = ["BUILDERS", "Builder", "ReportDocument"]
