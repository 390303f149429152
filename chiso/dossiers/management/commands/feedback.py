"""`chiso feedback import FILE …` and `chiso feedback kpi …`, in the shapes of `chiso dossiers`."""

from chiso.dossiers import kpi, selectors
from chiso.dossiers.cli import RecordsCommand
from chiso.dossiers.models import Kind


class Command(RecordsCommand):
    help = "Phản ánh, kiến nghị: nhập tệp, bảng chỉ số (gồm mức độ hài lòng theo QĐ 766)."
    kind = Kind.FEEDBACK
    noun = "phản ánh, kiến nghị"
    columns = kpi.FEEDBACK_COLUMNS

    def rows(self, period, by):
        return selectors.feedback_kpi(period=period, by=by)
