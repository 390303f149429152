"""Building export files for the tests, as the one-stop systems write them."""

import csv
import io

from chiso.dossiers.fields import DOSSIER_COLUMNS, FEEDBACK_COLUMNS

HEADERS = [c.header for c in DOSSIER_COLUMNS]
FEEDBACK_HEADERS = [c.header for c in FEEDBACK_COLUMNS]


def dossier(code="H1", unit="Sở Tư pháp", received="03/03/2025 08:30", due="10/03/2025",
            returned="", channel="Trực tuyến", digitised="Có", paid="Có", apology="Không",
            procedure="1.001193"):  # fmt: skip
    return [code, procedure, "Cấp Phiếu lý lịch tư pháp", "Lý lịch tư pháp", unit,
            received, due, returned, channel, digitised, paid, apology]  # fmt: skip


def csv_bytes(rows, headers=HEADERS, *, bom=True, delimiter=",") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig" if bom else "utf-8")
