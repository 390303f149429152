"""Shared body of `chiso dossiers …` and `chiso feedback …` (subcommands import and kpi).

Other systems rely on these outputs: JSON keys, CSV columns and exit codes are a contract.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chiso.core.errors import DomainError
from chiso.dossiers import ingest, selectors, services

EXIT_REJECTED = 2


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise CommandError(f"Ngày “{text}” không hợp lệ (cần YYYY-MM-DD).") from exc


def _plain(value):
    return float(value) if isinstance(value, Decimal) else value


def _csv_cell(value) -> str:
    if value is None:
        return ""
    return f"{value:.2f}" if isinstance(value, Decimal) else str(value)


class RecordsCommand(BaseCommand):
    kind = ""
    noun = ""
    columns: tuple[str, ...] = ()

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser("import", help=f"Nhập tệp {self.noun} (.csv, .xlsx)")
        imp.add_argument("file")
        imp.add_argument("--source", help="Tên nguồn dữ liệu (mặc định: hệ thống một cửa)")
        imp.add_argument("--skip-invalid", action="store_true", help="Nhập các dòng hợp lệ")
        imp.add_argument("--json", dest="as_json", action="store_true", help="In kết quả JSON")
        imp.add_argument("--rejected-file", help="Nơi ghi các dòng bị từ chối (.csv)")
        k = sub.add_parser("kpi", help="Bảng chỉ số theo đơn vị, tháng")
        k.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        k.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD")
        k.add_argument("--by", default="unit,month", choices=["unit,month", "unit", "month"])
        k.add_argument("--format", default="csv", choices=["csv", "json"])

    def handle(self, *args, action, **opts):
        if action == "import":
            self._import(**opts)
        else:
            self._kpi(**opts)

    # --- import ---

    def _import(self, file, source, skip_invalid, as_json, rejected_file, **_):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {file}.")
        progress = lambda n: self.stderr.write(f"Đã đọc {n:,} dòng…")  # noqa: E731
        try:
            with path.open("rb") as stream:
                report = services.records_import(
                    kind=self.kind,
                    filename=path.name,
                    stream=stream,
                    source_name=source,
                    skip_invalid=skip_invalid,
                    progress=None if as_json else progress,
                )
        except DomainError as exc:
            report = ingest.Report(rejected=[{"row": 0, "column": "", "message": exc.message}])
        if report.written and report.rejected_rows:
            target = Path(rejected_file or path.with_name(f"{path.stem}.dong-loi.csv"))
            target.write_bytes(services.rejected_csv(report))
            self.stderr.write(f"Các dòng bị từ chối đã ghi vào {target}.")
        if as_json:
            self.stdout.write(json.dumps(report.as_json(), ensure_ascii=False))
        else:
            self._summary(report)
        if not report.written:
            sys.exit(EXIT_REJECTED)

    def _summary(self, report) -> None:
        w = self.stdout.write
        w(
            f"Đọc {report.rows} dòng: thêm mới {report.inserted}, cập nhật {report.updated}, "
            f"không đổi {report.unchanged}, từ chối {len(report.rejected_rows)}."
        )
        for r in report.rejected[:50]:
            w(f"  Dòng {r['row']}, cột “{r['column']}”: {r['message']}")
        if len(report.rejected) > 50:
            w(f"  … và {len(report.rejected) - 50} lỗi khác.")
        if not report.written:
            w("Không ghi gì vào cơ sở dữ liệu. Sửa tệp hoặc dùng --skip-invalid.")

    # --- kpi ---

    def rows(self, period, by):
        raise NotImplementedError

    def _kpi(self, start, end, by, format, **_):
        first, last = _day(start), _day(end)
        if last < first:
            raise CommandError("--to phải sau --from.")
        by_keys = selectors.BY_CHOICES[by]
        rows = self.rows(selectors.Period.of(first, last), by_keys)
        columns = [c for c in self.columns if c not in {"unit", "month"} - set(by_keys)]
        if format == "json":
            data = [{c: _plain(r.get(c)) for c in columns} for r in rows]
            self.stdout.write(json.dumps(data, ensure_ascii=False))
            return
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows([_csv_cell(r.get(c)) for c in columns] for r in rows)
