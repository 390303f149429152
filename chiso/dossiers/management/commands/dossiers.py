"""`chiso dossiers import FILE [--source NAME] [--skip-invalid] [--json]` and
`chiso dossiers kpi --from YYYY-MM-DD --to YYYY-MM-DD [--by unit,month|unit|month]
[--format csv|json]`."""

from chiso.dossiers import kpi, selectors
from chiso.dossiers.cli import RecordsCommand
from chiso.dossiers.models import Kind


class Command(RecordsCommand):
    help = "Hồ sơ thủ tục hành chính: nhập tệp xuất từ hệ thống một cửa, bảng chỉ số."
    kind = Kind.DOSSIER
    noun = "hồ sơ"
    columns = kpi.DOSSIER_COLUMNS

    def rows(self, period, by):
        return selectors.dossier_kpi(period=period, by=by)
