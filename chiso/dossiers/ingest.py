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

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, transaction

from chiso.core import figures
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

    def create_new(self, cursor) -> dict[int, int]:
        """Write the new procedures; gives back provisional id → real id, also left in the
        temporary table `dossiers_procmap` that the upsert joins (rewriting a million staged
        rows to the real ids would cost more than the whole upsert)."""
        cursor.execute("DROP TABLE IF EXISTS dossiers_procmap")
        cursor.execute("CREATE TEMP TABLE dossiers_procmap (tmp_id bigint PRIMARY KEY, pk bigint)")
        if not self.new:
            return {}
        Procedure.objects.bulk_create(
            [Procedure(code=c, name=n, field=f) for c, (_, n, f) in self.new.items()],
            ignore_conflicts=True,  # another import may have created the same code meanwhile
        )
        real = dict(Procedure.objects.filter(code__in=list(self.new)).values_list("code", "pk"))
        pairs = [(tmp, real[code]) for code, (tmp, _, _) in self.new.items()]
        cursor.executemany("INSERT INTO dossiers_procmap (tmp_id, pk) VALUES (%s, %s)", pairs)
        self.ids.update(real)
        self.new.clear()
        return dict(pairs)


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


class _Dates(_Cache):
    """Like _Cache, for date cells: 'dd/mm/yyyy HH:MM' (the usual export, nearly every value
    distinct) is read through its date part, so a new time of day costs a lookup, not a parse.
    Other shapes go to the full parser (F.parse_date), which accepts the same times."""

    def __init__(self):
        super().__init__(_date_entry)

    def __missing__(self, raw):
        if (
            isinstance(raw, str)
            and len(raw) == 16
            and raw[10] == " "
            and raw[13] == ":"
            and raw[11:13].isdecimal()
            and raw[14:16].isdecimal()
        ):
            value = self[raw[:10]]
            self[raw] = value
            return value
        return super().__missing__(raw)


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


def _tidy(text: str) -> bool:
    """True when `" ".join(text.split())` would give the text back unchanged."""
    return text == text.strip() and "  " not in text and text.isprintable()


def dossier_parser(index, units: UnitResolver, procedures: _Procedures):
    checked = _dossier_checked(index, units, procedures)
    dates, yes_no = _Dates(), _Cache(F.parse_yes_no)
    channels, unit_ids = _Cache(F.parse_channel), _Cache(units)
    proc_ids = procedures.ids
    i, pad, width = _padded(index, F.DOSSIER_COLUMNS)

    # positions as locals: `build` runs once per row
    i_code, i_proc, i_unit = i["code"], i["procedure_code"], i["unit"]
    i_recv, i_due, i_ret, i_chan = i["received"], i["due"], i["returned"], i["channel"]
    i_dig, i_paid, i_apo = i["digitised"], i["paid_online"], i["apology"]
    i_name, i_field = i["procedure_name"], i["field"]
    early, on_time, late, pending = kpi.EARLY, kpi.ON_TIME, kpi.LATE, kpi.PENDING

    def build(cells: list) -> tuple:
        code, proc_code = cells[i_code], cells[i_proc]
        if not _tidy(code):
            code = " ".join(code.split())
        if not _tidy(proc_code):
            proc_code = " ".join(proc_code.split())
        if not code or not proc_code or len(code) > 80 or len(proc_code) > 60:
            raise _Bail
        received, r_iso, r_month = dates[cells[i_recv]]
        due, d_iso, d_month = dates[cells[i_due]]
        ret = dates[cells[i_ret]]
        if due < received:
            raise _Bail
        enters = r_month if r_month > d_month else d_month
        if ret is None:
            ret_iso = ret_month = close = None
            outcome = pending
        else:
            returned, ret_iso, ret_month = ret
            if returned < received:
                raise _Bail
            outcome = early if returned < due else on_time if returned == due else late
            close = enters if enters > ret_month else ret_month
        proc_id = proc_ids.get(proc_code)
        if proc_id is None:
            proc_id = procedures(
                proc_code,
                F.parse_text(cells[i_name], 500),
                F.parse_text(cells[i_field], 255),
            )
        return (
            code, proc_id, unit_ids[cells[i_unit].strip()], r_iso, d_iso, ret_iso,
            channels[cells[i_chan]], bool(yes_no[cells[i_dig]]),
            yes_no[cells[i_paid]], bool(yes_no[cells[i_apo]]),
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


def _merge(
    cursor, spec: Spec, source_id: int, report: Report, added: list[tuple] | None = None
) -> None:
    t, s = spec.table, spec.stage
    key = f"d.source_id = %s AND d.code = {s}.code"
    same = " AND ".join(f"d.{n} IS NOT DISTINCT FROM {s}.{n}" for n, _ in spec.stage_columns)
    exists = f"EXISTS (SELECT 1 FROM {t} d WHERE {key}"
    cursor.execute(f"SELECT 1 FROM {t} WHERE source_id = %s LIMIT 1", [source_id])
    replaces = cursor.fetchone() is not None  # a first import has nothing to compare with
    if replaces:
        cursor.execute(f"CREATE INDEX {s}_code ON {s} (code)")
        cursor.execute(f"UPDATE {s} SET state = 2 WHERE {exists} AND {same})", [source_id])
        cursor.execute(f"UPDATE {s} SET state = 1 WHERE state = 0 AND {exists})", [source_id])
    cursor.execute(f"SELECT state, COUNT(*) FROM {s} GROUP BY state")
    counts = dict(cursor.fetchall())
    report.inserted, report.updated, report.unchanged = (counts.get(i, 0) for i in (0, 1, 2))
    if spec.rolled_up and report.unchanged < report.inserted + report.updated + report.unchanged:
        rollup.apply_delta(cursor, t, s, source_id, added or [], replaces)
    names = _names(spec)
    values = ", ".join(
        "COALESCE(m.pk, s.procedure_id)" if n == "procedure_id" else f"s.{n}" for n in names
    )
    procmap = (
        " LEFT JOIN dossiers_procmap m ON m.tmp_id = s.procedure_id"
        if "procedure_id" in names
        else ""
    )
    sql = (
        f"INSERT INTO {t} (source_id, {', '.join(names)}) "
        f"SELECT %s, {values} FROM {s} s{procmap} WHERE s.state < 2"
    )
    if replaces:  # rows of this source may exist: update them (a first import only inserts)
        sets = ", ".join(f"{n} = excluded.{n}" for n in names[1:])
        sql += f" ON CONFLICT (source_id, code) DO UPDATE SET {sets}"
    cursor.execute(sql, [source_id])


# --- the import --------------------------------------------------------------------------------


def _reject(report: Report, row_no: int, cells: list, errors: list[tuple[str, str]]) -> None:
    for column, message in errors:
        report.rejected.append({"row": row_no, "column": column, "message": message})
    report.rejected_rows.append([row_no, "; ".join(m for _, m in errors), *cells])
    if len(report.rejected) > MAX_REJECTED:
        raise _Rejected


def _is_blank(cells: list) -> bool:
    return all(c is None or str(c).strip() == "" for c in cells)


def _load(
    cursor, spec, parse, rows: Iterator[list], report: Report, progress, added: rollup.Added | None
) -> None:
    seen: set[str] = set()
    batch: list[tuple] = []
    for row_no, cells in enumerate(rows, start=2):
        if not (cells and isinstance(cells[0], str) and cells[0].strip()) and _is_blank(cells):
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
            if added is not None:
                added.add_batch(batch)
            _stage_write(cursor, spec, batch)
            batch.clear()
            if progress and report.rows % 50_000 < BATCH:
                progress(report.rows)
    if batch:
        if added is not None:
            added.add_batch(batch)
        _stage_write(cursor, spec, batch)


@contextmanager
def _no_gc_pauses():
    """Reading a million rows allocates tens of millions of short-lived objects and keeps a few
    long-lived ones (codes seen, roll-up cells): the cyclic collector would scan the long-lived
    ones again and again, for nothing (rows hold no reference cycles). Reference counting still
    frees everything; the collector runs again afterwards."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


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
        added = rollup.Added() if spec.rolled_up else None
        try:
            with _no_gc_pauses():
                _load(cursor, spec, parse, rows, report, progress, added)
            if progress:
                progress(report.rows)
            report.unknown_units = units.unknown
            if report.rejected and not skip_invalid:
                raise _Rejected
            with transaction.atomic():
                # Imports of one source take turns: each must see what the one before wrote,
                # or both would count their rows as new in the roll-ups.
                Source.objects.select_for_update().filter(pk=source.pk).first()
                figures.bump(labels=["dossiers"])  # the kept one-stop figures read what it writes
                real_ids = procedures.create_new(cursor)
                _merge(cursor, spec, source.pk, report, added.rows(real_ids) if added else None)
            report.written = True
        except _Rejected:
            report.inserted = report.updated = report.unchanged = 0
        finally:
            cursor.execute(f"DROP TABLE IF EXISTS {spec.stage}")
            cursor.execute("DROP TABLE IF EXISTS dossiers_procmap")
        if report.written and report.inserted + report.updated >= ANALYZE_AFTER:
            _refresh_statistics(cursor, spec)
    return report


# PostgreSQL plans the pages' reads from table statistics; a bulk load leaves them stale until
# autovacuum samples the table (up to a minute or more later), and with stale statistics the
# planner reads a province's dossiers the slow way (the list behind a figure: 0.7 → 350 ms).
ANALYZE_AFTER = 10_000


def _refresh_statistics(cursor, spec: Spec) -> None:
    if connection.vendor != "postgresql":
        return
    tables = [spec.table, *(rollup.TABLES if spec.rolled_up else ())]
    cursor.execute(f"ANALYZE {', '.join(tables)}")
