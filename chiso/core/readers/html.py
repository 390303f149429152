"""HTML reader: <table> rows and cells (with colspan/rowspan) and block-level paragraphs."""

from __future__ import annotations

from bs4 import BeautifulSoup, NavigableString, Tag

from chiso.core.readers.document import Document, Paragraph, Table, clean
from chiso.core.readers.errors import TooComplex

BLOCK_TAGS = {
    "p",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "pre",
    "blockquote",
    "dt",
    "dd",
    "caption",
}
CONTAINER_TAGS = {
    "html",
    "body",
    "div",
    "section",
    "article",
    "main",
    "header",
    "footer",
    "ul",
    "ol",
    "dl",
    "span",
    "center",
    "font",
    "form",
    "nav",
    "aside",
    "figure",
}
_BREAKS = BLOCK_TAGS | {"br", "div", "tr", "ul", "ol"}
SKIP_TAGS = {"script", "style", "head", "title", "meta", "noscript", "template"}


# Real plans nest a few levels (a table in a cell at most); thousands of levels only come from
# broken or hostile files, and would make the recursive walk and the cell texts quadratic.
MAX_DEPTH = 100
MAX_TABLE_DEPTH = 4


def read_html(data: bytes | str) -> Document:
    soup = BeautifulSoup(data, "lxml")
    _check_nesting(soup)
    root = soup.body or soup
    blocks: list[Paragraph | Table] = []
    _walk(root, blocks)
    return Document(blocks=blocks, source_format="html")


def _check_nesting(soup: BeautifulSoup) -> None:
    """TooComplex when elements or tables nest deeper than any real document (one pass)."""
    depth: dict[int, tuple[int, int]] = {id(soup): (0, 0)}
    for tag in soup.find_all(True):
        level, tables = depth.get(id(tag.parent), (0, 0))
        level, tables = level + 1, tables + (tag.name == "table")
        if level > MAX_DEPTH or tables > MAX_TABLE_DEPTH:
            raise TooComplex(detail=f"html nesting {level} / tables {tables}")
        depth[id(tag)] = (level, tables)


def _walk(node: Tag, blocks: list[Paragraph | Table]) -> None:
    inline: list[str] = []
    for child in node.children:
        if isinstance(child, NavigableString):
            inline.append(str(child))
            continue
        if not isinstance(child, Tag) or child.name in SKIP_TAGS:
            continue
        if child.name == "br":
            inline.append("\n")
            continue
        if child.name == "table" or child.name in BLOCK_TAGS or child.name in CONTAINER_TAGS:
            _flush(inline, blocks)
            if child.name == "table":
                blocks.append(Table(rows=table_rows(child)))
            elif child.name in BLOCK_TAGS and not child.find(["table", *BLOCK_TAGS]):
                blocks.append(Paragraph(clean(cell_text(child))))
            else:
                _walk(child, blocks)
        else:
            inline.append(cell_text(child))
    _flush(inline, blocks)


def _flush(inline: list[str], blocks: list[Paragraph | Table]) -> None:
    text = clean("".join(inline))
    if text:
        blocks.extend(Paragraph(line) for line in text.split("\n"))
    inline.clear()


def cell_text(node: Tag) -> str:
    """Text of an element with <p>, <li>, <br> and <div> boundaries as line breaks."""
    parts: list[str] = []
    for item in node.descendants:
        if isinstance(item, NavigableString):
            if not any(p.name in SKIP_TAGS for p in item.parents if isinstance(p, Tag)):
                parts.append(str(item).replace("\n", " "))
        elif isinstance(item, Tag) and item.name in _BREAKS:
            parts.append("\n")
    return clean("".join(parts))


def table_rows(table: Tag) -> list[list[str]]:
    """Rows of a table; rowspan repeats the cell below, colspan leaves "" on its right."""
    rows: list[list[str]] = []
    pending: dict[int, tuple[int, str]] = {}  # column -> (rows left, text)
    for tr in _own_rows(table):
        row: list[str] = []
        cells = tr.find_all(["td", "th"], recursive=False)
        queue = list(cells)
        col = 0
        while queue or col in pending:
            if col in pending:
                left, text = pending.pop(col)
                row.append(text)
                if left > 1:
                    pending[col] = (left - 1, text)
                col += 1
                continue
            cell = queue.pop(0)
            text = cell_text(cell)
            span = _int(cell.get("colspan"))
            down = _int(cell.get("rowspan"))
            for k in range(span):
                row.append(text if k == 0 else "")
                if down > 1:
                    pending[col + k] = (down - 1, text if k == 0 else "")
            col += span
        rows.append(row)
    return rows


def _own_rows(table: Tag) -> list[Tag]:
    return [tr for tr in table.find_all("tr") if tr.find_parent("table") is table]


def _int(value: object) -> int:
    try:
        return max(1, min(int(str(value)), 50))
    except (TypeError, ValueError):
        return 1
