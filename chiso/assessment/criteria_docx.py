"""The criteria table of a provincial decision (.docx) read into the spec the xlsx path gives.

The document goes through the shared readers (`chiso.core.readers`: merged cells resolved,
tables in document order); this module only understands a criteria table (pure, no database):

- header row with columns like STT | Tiêu chí, tiêu chí thành phần | Điểm tối đa | Cách chấm
  (or Hướng dẫn chấm) | Tài liệu kiểm chứng; a row numbering the columns (1, 2, 3 …) is skipped;
- numbering I, 1, 1.1 (fields in Roman numerals, criteria numbered again in each field) or 1.,
  1.1, 1.1.1; codes are stored as dotted paths (field I, criterion 2, sub 2.1 → "1.2.1");
- a table split across pages or into several tables continues the same tree (a repeated header
  is skipped; a table without header continues with the previous table's columns);
- a row without number but with text adds to the previous row's rule (a rule written over
  several rows); a vertically merged row repeated by the reader is read once;
- the scoring method of each leaf comes from its rule (`criteria_rules.recognise`); a rule that is
  not plain becomes "free within [0, max]" and is flagged for review.

Problems are reported by table and row ("Bảng 2, dòng 5: …"); the review step shows them and
nothing is created while there is one.
"""

from __future__ import annotations

import re
from decimal import Decimal

from chiso.assessment import methods
from chiso.assessment.criteria_rules import recognise, scorer
from chiso.assessment.criteria_sheet import SheetResult, read_sheet
from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.core.readers import Document, Table, detect_format, read_document

NOT_A_CRITERIA_TABLE = (
    "Không tìm thấy bảng tiêu chí trong tài liệu: cần một bảng có các cột STT, Tiêu chí "
    "(nội dung) và Điểm tối đa."
)
_CODE = re.compile(r"^(?P<code>[IVXL]+|\d+(?:\.\d+)*|[a-zđ])\s*[.):]?(?:\s+(?P<rest>.*))?$", re.S)
_ROMAN = re.compile(r"^[IVXL]+$")
_MAX = re.compile(r"^(\d+(?:[.,]\d+)?)\s*(?:điểm|đ)?\.?$", re.I)
_COLUMN_NUMBER = re.compile(r"^\(?\d{1,2}\)?$")


def _column(label: str) -> str | None:
    text = fold(label)
    if text in ("stt", "tt", "so tt", "s tt", "ma", "ma so", "ma tieu chi", "so thu tu"):
        return "code"
    if text.startswith(("tieu chi", "noi dung", "linh vuc", "ten tieu chi")):
        return "name"
    if text.startswith(("diem toi da", "diem chuan", "thang diem", "so diem toi da")):
        return "max"
    if text == "diem":
        return "max"
    if any(
        w in text for w in ("cach cham", "huong dan cham", "cach tinh diem", "phuong phap cham")
    ):
        return "method"
    if "kiem chung" in text:
        return "evidence"
    if text.startswith(("nguoi cham", "doi tuong cham", "chu the cham")):
        return "scored_by"
    return None


def _header(rows: list[list[str]]) -> tuple[int, dict[str, int]] | None:
    """(index of the header row, column of each role) if one of the first rows is a header."""
    for index, row in enumerate(rows[:3]):
        columns: dict[str, int] = {}
        for position, cell in enumerate(row):
            role = _column(cell)
            if role and role not in columns:
                columns[role] = position
        if {"code", "name", "max"} <= set(columns) or {"name", "max", "method"} <= set(columns):
            return index, columns
    return None


def _numbering_row(row: list[str]) -> bool:
    cells = [c for c in row if c.strip()]
    return len(cells) >= 3 and all(_COLUMN_NUMBER.match(c.strip()) for c in cells)


def _roman(text: str) -> int:
    values = {"I": 1, "V": 5, "X": 10, "L": 50}
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = values[char]
        total += -value if following and values[following] > value else value
    return total


class _Reader:
    def __init__(self):
        self.result = SheetResult()
        self.warnings: list[str] = []
        self.stack: list[dict] = []  # the last node at each depth
        self.codes: set[str] = set()
        self.previous: dict | None = None
        self.previous_cells: tuple = ()
        self.roman = False
        self.stated_total: tuple[Decimal, str] | None = None

    def error(self, where: str, text: str) -> None:
        self.result.errors.append(f"{where}: {text}")

    def table(self, number: int, rows: list[list[str]], columns: dict[str, int], start: int):
        def cell(row, role):
            position = columns.get(role)
            return row[position].strip() if position is not None and position < len(row) else ""

        for index in range(start, len(rows)):
            row = rows[index]
            where = f"Bảng {number}, dòng {index + 1}"
            if not any(c.strip() for c in row) or _numbering_row(row):
                continue
            if _header([row]) is not None:
                continue  # the header repeated on the next page
            values = {role: cell(row, role) for role in columns}
            self.row(where, values)

    def row(self, where: str, values: dict[str, str]) -> None:
        raw_code, name = values.get("code", ""), values.get("name", "")
        if not raw_code and name:  # numbering written in the text column: "1.2. Nội dung"
            match = _CODE.match(name)
            if match and match.group("rest") and not _MAX.match(name):
                raw_code, name = match.group("code"), match.group("rest")
        cells = (raw_code, name, values.get("max", ""))
        if self.previous is not None and cells == self.previous_cells:
            self._more_rule(values)  # a vertically merged row the reader repeated
            return
        match = _CODE.match(raw_code) if raw_code else None
        if match and match.group("rest") and not name:
            name = match.group("rest")  # "I. CÔNG TÁC …" spanning the number and text columns
        if match is None:
            if fold(name).startswith("tong"):
                self._total(where, values.get("max", ""))
            elif raw_code:
                self.error(where, f"số thứ tự “{raw_code}” không đọc được.")
            elif values.get("max"):
                self.error(where, f"tiêu chí “{name[:60]}” không có số thứ tự (STT).")
            elif self.previous is not None:
                self._more_rule(values)
            return
        node = self._place(where, match.group("code"), name.strip(), values)
        if node is not None:
            self.previous, self.previous_cells = node, cells

    def _more_rule(self, values: dict[str, str]) -> None:
        extra = "\n".join(v for v in (values.get("name", ""), values.get("method", "")) if v)
        node = self.previous
        if extra and extra not in node["_rule"]:
            node["_rule"] = f"{node['_rule']}\n{extra}".strip()
        if values.get("evidence") and values["evidence"] not in node["evidence"]:
            node["evidence"] = f"{node['evidence']}\n{values['evidence']}".strip()

    def _depth_and_code(self, where: str, code: str) -> tuple[int, str] | None:
        if _ROMAN.match(code):
            self.roman = True
            return 0, str(_roman(code))
        if code.isdigit() or "." in code:
            parts = code.split(".")
            depth = len(parts) if self.roman else len(parts) - 1
            if depth == 0:
                return 0, parts[0]
        else:  # a), b): one level below the last numbered row
            if not self.stack:
                self.error(where, f"mục “{code}” đứng trước mọi tiêu chí.")
                return None
            depth, parts = len(self.stack), [str(ord(code) - ord("a") + 1)]
        if depth > len(self.stack):
            self.error(where, f"số thứ tự “{code}” không có tiêu chí cấp trên.")
            return None
        parent = self.stack[depth - 1]
        return depth, f"{parent['code']}.{int(parts[-1])}"

    def _place(self, where: str, raw: str, name: str, values: dict[str, str]) -> dict | None:
        placed = self._depth_and_code(where, raw)
        if placed is None:
            return None
        depth, code = placed
        if code in self.codes:
            self.error(where, f"số thứ tự “{raw}” bị trùng (mã {code}).")
            return None
        maximum, invalid = None, False
        if values.get("max"):
            found = _MAX.match(values["max"].strip())
            if found is None:
                self.error(
                    where, f"điểm tối đa “{values['max']}” của tiêu chí {raw} không phải là số."
                )
                invalid = True  # kept in the tree so that its children and parent read on
            else:
                maximum = methods.to_decimal(found.group(1))
        node = {
            "code": code,
            "name": name,
            "max": None if maximum is None else str(maximum),
            "children": [],
            "evidence": values.get("evidence", ""),
            "_where": where,
            "_rule": values.get("method", ""),
            "_who": values.get("scored_by", ""),
            "_invalid": invalid,
        }
        self.codes.add(code)
        del self.stack[depth:]
        if depth:
            self.stack[depth - 1]["children"].append(node)
        else:
            self.result.tree.append(node)
        self.stack.append(node)
        return node

    def _total(self, where: str, text: str) -> None:
        found = _MAX.match(text.strip()) if text else None
        if found:
            self.stated_total = (methods.to_decimal(found.group(1)), where)

    def finish(self) -> SheetResult:
        for node in self.result.tree:
            self._finish(node)
        result = self.result
        result.total = sum((methods.to_decimal(n["max"] or 0) for n in result.tree), Decimal(0))
        if self.stated_total and self.stated_total[0] != result.total:
            stated, where = self.stated_total
            self.error(
                where,
                f"tổng điểm ghi trong bảng ({stated}) khác tổng các lĩnh vực ({result.total}).",
            )
        result.warnings = self.warnings
        return result

    def _finish(self, node: dict) -> None:
        where, rule, who = node.pop("_where"), node.pop("_rule"), node.pop("_who")
        invalid = node.pop("_invalid")
        children = node["children"]
        for child in children:
            self._finish(child)
        if invalid or any(child["max"] is None for child in children):
            return  # already reported: no sums over a maximum that could not be read
        if children:
            total = sum(methods.to_decimal(c["max"] or 0) for c in children)
            if node["max"] is None:
                node["max"] = str(total)
            elif total != methods.to_decimal(node["max"]):
                self.error(
                    where,
                    f"điểm tối đa của tiêu chí {node['code']} ({node['max']}) khác tổng của các "
                    f"tiêu chí con ({total}).",
                )
            return
        del node["children"]
        if node["max"] is None:
            self.error(where, f"tiêu chí {node['code']} thiếu điểm tối đa.")
            return
        self.result.leaves += 1
        found = recognise(rule, node["max"])
        node.update(
            method=found.method,
            params=found.params,
            method_text=rule,
            scored_by=scorer(who, rule, node["name"]),
        )
        if found.review:
            node["review"] = found.review
            self.warnings.append(f"Tiêu chí {node['code']}: {found.review}")


def parse_criteria(document: Document) -> SheetResult:
    """Every criteria table of the document, continued across tables, as one tree."""
    reader = _Reader()
    columns: dict[str, int] | None = None
    width = 0
    tables = [b for b in document.blocks if isinstance(b, Table)]
    for number, table in enumerate(tables, start=1):
        found = _header(table.rows)
        if found is not None:
            start, columns = found[0] + 1, found[1]
            width = len(table.rows[found[0]])
        elif columns is not None and table.rows and len(table.rows[0]) == width:
            start = 0  # the table goes on after a page or section break
        else:
            continue
        reader.table(number, table.rows, columns, start)
    if columns is None:
        reader.result.errors.append(NOT_A_CRITERIA_TABLE)
        return reader.result
    result = reader.finish()
    if not result.tree and not result.errors:
        result.errors.append(NOT_A_CRITERIA_TABLE)
    return result


def is_docx(filename: str, data: bytes) -> bool:
    return filename.lower().endswith(".docx") or (
        data[:4] == b"PK\x03\x04" and detect_format(filename, data) == "docx"
    )


def read_criteria_file(data: bytes, filename: str) -> SheetResult:
    """A criteria set from the decision's .docx, or from the spreadsheet template."""
    if not is_docx(filename, data):
        return read_sheet(data, filename)
    try:
        document = read_document(filename, data)
    except DomainError as exc:
        result = SheetResult()
        result.errors.append(exc.message)
        return result
    return parse_criteria(document)
