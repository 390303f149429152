"""The import engine: stream rows → validate → staging table → one set-based upsert → roll-ups.

Two phases. Reading: rows are parsed and checked, and the good ones go to a temporary staging
table in batches (COPY on PostgreSQL); nothing of the database proper is written (procedures
first seen get a provisional negative id), so a progress counter can be committed meanwhile and
a crash leaves nothing behind. Writing, in one transaction: new procedures, then counting
inserted / updated / unchanged, the upsert by (source, code) and the roll-up of the touched
units, each one SQL statement, so Python never loops over stored rows. With any bad row (and no
`skip_invalid`) the second phase never starts; a crash in it rolls back: the database is exactly
as before.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.db import connection, transaction

from chiso.dossiers import fields as F
from chiso.dossiers import kpi, rollup
from chiso.dossiers.models import Kind, Procedure, Source
from chiso.dossiers.units import UnitResolver

BATCH = 5000
MAX_REJECTED = 100_000  # beyond this the file is clearly not the expected export


@dataclass
class Report:
    rows: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[dict] = field(default_factory=list)
    rejected_rows: list[list] = field(default_factory=list)  # original cells, for the file back
    headers: list[str] = field(default_factory=list)
    unknown_units: list[str] = field(default_factory=list)
    unknown_headers: list[str] = field(default_factory=list)
    written: bool = False

    def as_json(self) -> dict:
        return {
            "rows": self.rows,
            "inserted": self.inserted,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
        }


class _Rejected(Exception):
    """Rolls the transaction back when bad rows make an all-or-nothing import fail."""


# --- per-kind row parsing ----------------------------------------------------------------------


class _Procedures:
    """Procedure code → id. Codes not yet known get a provisional negative id while the file
    is read; `create_new` writes them (in the import's transaction) and fixes the staged rows."""

    def __init__(self):
        self.ids = dict(Procedure.objects.values_list("code", "pk"))
        self.new: dict[str, tuple[int, str, str]] = {}

    def __call__(self, code: str, name: str, field_name: str) -> int:
        pk = self.ids.get(code)
        if pk is None:
            pk = -(len(self.new) + 1)
            self.new[code] = (pk, name, field_name)
            self.ids[code] = pk
        return pk

    def create_new(self, cursor, stage: str) -> None:
        if not self.new:
            return
        Procedure.objects.bulk_create(
            [Procedure(code=c, name=n, field=f) for c, (_, n, f) in self.new.items()],
            ignore_conflicts=True,  # another import may have created the same code meanwhile
        )
        real = dict(Procedure.objects.filter(code__in=list(self.new)).values_list("code", "pk"))
        cursor.execute("DROP TABLE IF EXISTS dossiers_procmap")
        cursor.execute("CREATE TEMP TABLE dossiers_procmap (tmp_id bigint PRIMARY KEY, pk bigint)")
        pairs = [(tmp, real[code]) for code, (tmp, _, _) in self.new.items()]
        cursor.executemany("INSERT INTO dossiers_procmap (tmp_id, pk) VALUES (%s, %s)", pairs)
        cursor.execute(
            f"UPDATE {stage} SET procedure_id = (SELECT m.pk FROM dossiers_procmap m "
            f"WHERE m.tmp_id = {stage}.procedure_id) WHERE procedure_id < 0"
        )
        cursor.execute("DROP TABLE dossiers_procmap")
        self.ids.update(real)
        self.new.clear()


def _cell(cells: list, index: dict[str, int], key: str):
    pos = index.get(key)
    return cells[pos] if pos is not None and pos < len(cells) else None


class _Checker:
    """Collects one row's cell errors under their column headers."""

    def __init__(self, columns: tuple[F.Column, ...]):
        self.headers = {c.key: c.header for c in columns}
        self.errors: list[tuple[str, str]] = []

    def run(self, key: str, parse: Callable, *args):
        try:
            return parse(*args)
        except F.CellError as exc:
            self.errors.append((self.headers[key], str(exc)))
            return None

    def need(self, key: str, value):
        if value is None or value == "":
            self.errors.append((self.headers[key], f"Thiếu {self.headers[key].lower()}."))
        return value


def _dates(check: _Checker, received, due, done, done_key: str) -> kpi.Derived | None:
    if received and due and due < received:
        check.errors.append((check.headers["due"], "Hạn trả trước ngày tiếp nhận."))
    if received and done and done < received:
        check.errors.append((check.headers[done_key], "Ngày trả, xử lý xong trước ngày tiếp nhận."))
    if check.errors:
        return None
    return kpi.derive(received, due, done)


def _dossier_checked(index, units: UnitResolver, procedures: _Procedures):
    def parse(cells: list) -> tuple[tuple | None, list]:
        check = _Checker(F.DOSSIER_COLUMNS)
        get = lambda key: _cell(cells, index, key)  # noqa: E731
        code = check.need("code", F.parse_text(get("code"), 80))
        proc_code = check.need("procedure_code", F.parse_text(get("procedure_code"), 60))
        unit_id = check.run("unit", units, F.parse_text(get("unit"), 255))
        received = check.need("received", check.run("received", F.parse_date, get("received")))
        due = check.need("due", check.run("due", F.parse_date, get("due")))
        returned = check.run("returned", F.parse_date, get("returned"))
        channel = check.run("channel", F.parse_channel, get("channel"))
        digitised = check.run("digitised", F.parse_yes_no, get("digitised"))
        paid = check.run("paid_online", F.parse_yes_no, get("paid_online"))
        apology = check.run("apology", F.parse_yes_no, get("apology"))
        d = _dates(check, received, due, returned, "returned")
        if d is None:
            return None, check.errors
        proc_id = procedures(
            proc_code, F.parse_text(get("procedure_name"), 500), F.parse_text(get("field"), 255)
        )
        return (
            code, proc_id, unit_id, received.isoformat(), due.isoformat(),
            returned.isoformat() if returned else None, channel, bool(digitised), paid,
            bool(apology), d.recv_month, d.ret_month, d.od_open_month, d.od_close_month, d.outcome,
        ), []  # fmt: skip

    return parse


def _feedback_checked(index, units: UnitResolver, _procedures=None):
    def parse(cells: list) -> tuple[tuple | None, list]:
        check = _Checker(F.FEEDBACK_COLUMNS)
        get = lambda key: _cell(cells, index, key)  # noqa: E731
        code = check.need("code", F.parse_text(get("code"), 80))
        unit_id = check.run("unit", units, F.parse_text(get("unit"), 255))
        received = check.need("received", check.run("received", F.parse_date, get("received")))
        due = check.need("due", check.run("due", F.parse_date, get("due")))
        handled = check.run("handled", F.parse_date, get("handled"))
        published = check.run("published", F.parse_yes_no, get("published"))
        satisfied = check.run("satisfied", F.parse_yes_no, get("satisfied"))
        d = _dates(check, received, due, handled, "handled")
        if d is None:
            return None, check.errors
        return (
            code, unit_id, received.isoformat(), due.isoformat(),
            handled.isoformat() if handled else None, F.parse_text(get("channel"), 120),
            bool(published), satisfied,
            d.recv_month, d.ret_month, d.od_open_month, d.od_close_month, d.outcome,
        ), []  # fmt: skip

    return parse


# --- fast paths ----------------------------------------------------------------------------------
# A province-year is millions of rows and almost all are valid: the fast path reads each cell
# through per-import caches (dates, yes/no, channels, units repeat endlessly) and bails out to the
# checked parser above, which names every problem, at the first thing it does not expect.


class _Bail(Exception):
    pass


class _Cache(dict):
    """raw cell → parsed value, computed once by `parse`; cells that fail make the row bail."""

    def __init__(self, parse):
        super().__init__()
        self.parse = parse

    def __missing__(self, raw):
        try:
            value = self.parse(raw)
        except (F.CellError, TypeError, ValueError) as exc:
            raise _Bail from exc
        self[raw] = value
        return value


def _date_entry(raw):
    day = F.parse_date(raw)
    if day is None:
        return None
    return day, day.isoformat(), day.year * 100 + day.month


def _padded(index: dict[str, int], columns: tuple[F.Column, ...]) -> tuple[dict, list, int]:
    """Optional columns the file lacks read from empty cells appended to each row."""
    width = max(index.values()) + 1
    missing = [c.key for c in columns if c.key not in index]
    padded = {**index, **{key: width + n for n, key in enumerate(missing)}}
    return padded, [""] * len(missing), width


def _fast(width: int, pad: list, checked, build):
    """Wrap `build(cells)` (may raise anything) so that any surprise goes to `checked`."""

    def parse(cells: list) -> tuple[tuple | None, list]:
        if len(cells) != width:
            return checked(cells)
        try:
            return build(cells + pad if pad else cells), []
        except Exception:  # noqa: BLE001  (any surprise: the checked parser explains it)
            return checked(cells)

    return parse


def dossier_parser(index, units: UnitResolver, procedures: _Procedures):
    checked = _dossier_checked(index, units, procedures)
    dates, yes_no = _Cache(_date_entry), _Cache(F.parse_yes_no)
    channels, unit_ids = _Cache(F.parse_channel), _Cache(units)
    proc_ids = procedures.ids
    i, pad, width = _padded(index, F.DOSSIER_COLUMNS)

    def build(cells: list) -> tuple:
        code = " ".join(cells[i["code"]].split())
        proc_code = " ".join(cells[i["procedure_code"]].split())
        if not code or not proc_code or len(code) > 80 or len(proc_code) > 60:
            raise _Bail
        received, r_iso, r_month = dates[cells[i["received"]]]
        due, d_iso, d_month = dates[cells[i["due"]]]
        ret = dates[cells[i["returned"]]]
        if due < received:
            raise _Bail
        enters = r_month if r_month > d_month else d_month
        if ret is None:
            ret_iso = ret_month = close = None
            outcome = kpi.PENDING
        else:
            returned, ret_iso, ret_month = ret
            if returned < received:
                raise _Bail
            outcome = kpi.EARLY if returned < due else kpi.ON_TIME if returned == due else kpi.LATE
            close = enters if enters > ret_month else ret_month
        proc_id = proc_ids.get(proc_code)
        if proc_id is None:
            proc_id = procedures(
                proc_code,
                F.parse_text(cells[i["procedure_name"]], 500),
                F.parse_text(cells[i["field"]], 255),
            )
        return (
            code, proc_id, unit_ids[cells[i["unit"]].strip()], r_iso, d_iso, ret_iso,
            channels[cells[i["channel"]]], bool(yes_no[cells[i["digitised"]]]),
            yes_no[cells[i["paid_online"]]], bool(yes_no[cells[i["apology"]]]),
            r_month, ret_month, enters, close, outcome,
        )  # fmt: skip

    return _fast(width, pad, checked, build)


def feedback_parser(index, units: UnitResolver, _procedures=None):
    # Feedback volumes are small (thousands a year): the checked parser is fast enough.
    return _feedback_checked(index, units, _procedures)


@dataclass(frozen=True)
class Spec:
    kind: str
    columns: tuple[F.Column, ...]
    table: str
    stage: str
    stage_columns: tuple[tuple[str, str], ...]  # after `code`; the values the upsert writes
    make_parser: Callable
    rolled_up: bool


_MONTHS = (
    ("recv_month", "integer"),
    ("ret_month", "integer"),
    ("od_open_month", "integer"),
    ("od_close_month", "integer"),
    ("outcome", "smallint"),
)
DOSSIER = Spec(
    Kind.DOSSIER,
    F.DOSSIER_COLUMNS,
    "dossiers_dossier",
    "dossiers_stage",
    (
        ("procedure_id", "bigint"),
        ("unit_id", "bigint"),
        ("received_on", "date"),
        ("due_on", "date"),
        ("returned_on", "date"),
        ("channel", "varchar(10)"),
        ("digitised", "boolean"),
        ("paid_online", "boolean"),
        ("apology", "boolean"),
        *_MONTHS,
    ),
    dossier_parser,
    True,
)
FEEDBACK = Spec(
    Kind.FEEDBACK,
    F.FEEDBACK_COLUMNS,
    "dossiers_feedback",
    "feedback_stage",
    (
        ("unit_id", "bigint"),
        ("received_on", "date"),
        ("due_on", "date"),
        ("handled_on", "date"),
        ("channel", "varchar(120)"),
        ("published", "boolean"),
        ("satisfied", "boolean"),
        *_MONTHS,
    ),
    feedback_parser,
    False,
)
SPECS = {Kind.DOSSIER: DOSSIER, Kind.FEEDBACK: FEEDBACK}


# --- staging and merge (SQL valid on SQLite ≥ 3.39 and PostgreSQL) -------------------------------


def _names(spec: Spec) -> list[str]:
    return ["code", *(name for name, _ in spec.stage_columns)]


def _stage_create(cursor, spec: Spec) -> None:
    cols = ", ".join(f"{n} {t}" for n, t in spec.stage_columns)
    cursor.execute(f"DROP TABLE IF EXISTS {spec.stage}")
    cursor.execute(
        f"CREATE TEMP TABLE {spec.stage} (code varchar(80), {cols}, state smallint DEFAULT 0)"
    )


def _stage_write(cursor, spec: Spec, batch: list[tuple]) -> None:
    """Append a batch to the staging table (a temporary table: the database proper is not
    touched, so this runs outside the import's transaction, one short transaction a batch)."""
    names = ", ".join(_names(spec))
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {spec.stage} ({names}) FROM STDIN") as copy:
                for row in batch:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(batch[0]))
        cursor.executemany(f"INSERT INTO {spec.stage} ({names}) VALUES ({marks})", batch)


def _merge(cursor, spec: Spec, source_id: int, report: Report) -> None:
    t, s = spec.table, spec.stage
    cursor.execute(f"CREATE INDEX {s}_code ON {s} (code)")
    key = f"d.source_id = %s AND d.code = {s}.code"
    same = " AND ".join(f"d.{n} IS NOT DISTINCT FROM {s}.{n}" for n, _ in spec.stage_columns)
    exists = f"EXISTS (SELECT 1 FROM {t} d WHERE {key}"
    cursor.execute(f"SELECT 1 FROM {t} WHERE source_id = %s LIMIT 1", [source_id])
    if cursor.fetchone():  # a first import of a source has nothing to compare with
        cursor.execute(f"UPDATE {s} SET state = 2 WHERE {exists} AND {same})", [source_id])
        cursor.execute(f"UPDATE {s} SET state = 1 WHERE state = 0 AND {exists})", [source_id])
    cursor.execute(f"SELECT state, COUNT(*) FROM {s} GROUP BY state")
    counts = dict(cursor.fetchall())
    report.inserted, report.updated, report.unchanged = (counts.get(i, 0) for i in (0, 1, 2))
    if spec.rolled_up:
        rollup.apply_delta(cursor, t, s, source_id)
    names = _names(spec)
    sets = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
    cursor.execute(
        f"INSERT INTO {t} (source_id, {', '.join(names)}) "
        f"SELECT %s, {', '.join(names)} FROM {s} WHERE state < 2 "
        f"ON CONFLICT (source_id, code) DO UPDATE SET {sets}",
        [source_id],
    )


# --- the import --------------------------------------------------------------------------------


def _reject(report: Report, row_no: int, cells: list, errors: list[tuple[str, str]]) -> None:
    for column, message in errors:
        report.rejected.append({"row": row_no, "column": column, "message": message})
    report.rejected_rows.append([row_no, "; ".join(m for _, m in errors), *cells])
    if len(report.rejected) > MAX_REJECTED:
        raise _Rejected


def _is_blank(cells: list) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _load(cursor, spec, parse, rows: Iterator[list], report: Report, progress) -> None:
    seen: set[str] = set()
    batch: list[tuple] = []
    for row_no, cells in enumerate(rows, start=2):
        if _is_blank(cells):
            continue
        report.rows += 1
        values, errors = parse(cells)
        if values is not None and values[0] in seen:
            errors = [(spec.columns[0].header, f"Mã “{values[0]}” lặp lại trong tệp.")]
        if errors:
            _reject(report, row_no, cells, errors)
            continue
        seen.add(values[0])
        batch.append(values)
        if len(batch) >= BATCH:
            _stage_write(cursor, spec, batch)
            batch.clear()
            if progress and report.rows % 50_000 < BATCH:
                progress(report.rows)
    if batch:
        _stage_write(cursor, spec, batch)


def _check_headers(spec: Spec, headers: list, source: Source, report: Report):
    report.headers = [str(h or "").strip() for h in headers]
    match = F.match_headers(headers, spec.columns, source.header_map)
    report.unknown_headers = match.unknown
    for col in match.missing:
        message = f"Thiếu cột “{col.header}”."
        report.rejected.append({"row": 1, "column": col.header, "message": message})
    return match


def run_import(
    spec: Spec,
    *,
    source: Source,
    rows: Iterator[list],
    skip_invalid: bool = False,
    allowed_unit_ids: set[int] | None = None,
    fixed_unit=None,
    progress: Callable[[int], None] | None = None,
) -> Report:
    """Import the rows (header first) of one export; see the module docstring."""
    report = Report()
    headers = next(rows, None)
    if headers is None:
        report.rejected.append({"row": 1, "column": "", "message": "Tệp không có dữ liệu."})
        return report
    match = _check_headers(spec, headers, source, report)
    if match.missing:
        return report
    with connection.cursor() as cursor:
        units = UnitResolver(allowed_unit_ids, fixed_unit)
        procedures = _Procedures()
        parse = spec.make_parser(match.index, units, procedures)
        _stage_create(cursor, spec)
        try:
            _load(cursor, spec, parse, rows, report, progress)
            if progress:
                progress(report.rows)
            report.unknown_units = units.unknown
            if report.rejected and not skip_invalid:
                raise _Rejected
            with transaction.atomic():
                procedures.create_new(cursor, spec.stage)
                _merge(cursor, spec, source.pk, report)
            report.written = True
        except _Rejected:
            report.inserted = report.updated = report.unchanged = 0
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {spec.stage}")
    return report
