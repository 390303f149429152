"""Date helpers: the dd/mm/yyyy convention and parsing of user-typed dates."""

from datetime import date, datetime


def format_vn(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def parse_vn(text: str) -> date | None:
    """Parse 'dd/mm/yyyy' (or ISO); None for empty; ValueError for anything else."""
    text = (text or "").strip()
    if not text:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"Ngày không hợp lệ: {text!r} (định dạng dd/mm/yyyy)")
