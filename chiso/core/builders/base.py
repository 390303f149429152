"""The document model every builder renders: header block, title, body blocks, recipients and
signature (the parts Nghị định 30/2020/NĐ-CP prescribes for an administrative document)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

from chiso.core.spreadsheet import clean as clean  # re-exported: the builders import it here


@dataclass(frozen=True)
class Percent:
    """A rate in a table cell: 87.5 is 87,5 % (a number in the .xlsx annex, text in Word)."""

    value: float


def cell_text(value) -> str:
    """How a table cell reads in the document: Vietnamese dates and decimal commas."""
    if value is None:
        return ""
    if isinstance(value, Percent):
        return f"{value.value:.1f}%".replace(".", ",")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal | float):
        return f"{value:.2f}".replace(".", ",")
    return str(value)


def score(value) -> Decimal | None:
    """An index score at the frameworks' published precision (two decimals, half up), as the
    dashboard shows it: 87,003 is 87,00 and 66,215 is 66,22."""
    if value is None or value == "":
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1: "I. ...", 2: "1. ..."


@dataclass(frozen=True)
class Paragraph:
    text: str
    italic: bool = False


@dataclass(frozen=True)
class Table:
    """A table in the body; `sheet` names it in the .xlsx annex (None: body only)."""

    columns: list[str]
    rows: list[list[object]]
    widths_mm: list[float] = field(default_factory=list)
    sheet: str | None = None
    in_body: bool = True


Block = Heading | Paragraph | Table


@dataclass(frozen=True)
class Header:
    superior: str  # "UBND TỈNH ĐỒNG NAI" ('' for the top level)
    issuer: str  # "SỞ NỘI VỤ"
    number: str  # "Số: .../BC-SNV"
    place_date: str  # "Đồng Nai, ngày ... tháng ... năm 2025"


@dataclass(frozen=True)
class Signature:
    authority: list[str]  # ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"]
    name: str = ""


@dataclass(frozen=True)
class ReportDocument:
    header: Header
    title: str  # "BÁO CÁO"
    summary: str  # trích yếu
    blocks: list[Block]
    recipients: list[str]
    signature: Signature
    annex_title: str = ""

    def tables(self, *, annex: bool = False) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table) and (b.sheet or not annex)]


class Builder(Protocol):
    extension: str
    content_type: str

    def build(self, doc: ReportDocument) -> bytes: ...
