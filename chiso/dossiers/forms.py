"""Forms of the service pages: upload, hand entry, header and unit mapping, target binding."""

from django import forms

from chiso.dossiers import kpi
from chiso.dossiers.fields import DOSSIER_COLUMNS, FEEDBACK_COLUMNS
from chiso.dossiers.models import Kind

DATE_HELP = "Dạng dd/mm/yyyy."


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label="Loại dữ liệu", choices=Kind.choices)
    file = forms.FileField(label="Tệp xuất từ hệ thống (.csv hoặc .xlsx)")
    source = forms.CharField(
        label="Tên nguồn dữ liệu",
        required=False,
        max_length=120,
        help_text="Để trống nếu là Hệ thống thông tin giải quyết TTHC của tỉnh. Cách đặt tên cột "
        "của mỗi nguồn được ghi nhớ.",
    )
    skip_invalid = forms.BooleanField(
        label="Bỏ qua các dòng lỗi (nhập các dòng hợp lệ, trả lại tệp các dòng lỗi)",
        required=False,
    )


def entry_form(kind: str, units, data=None) -> forms.Form:
    """A form with one field per column of the export, the unit chosen from a list."""
    columns = DOSSIER_COLUMNS if kind == Kind.DOSSIER else FEEDBACK_COLUMNS
    fields = {"unit": forms.ModelChoiceField(label="Đơn vị", queryset=units)}
    for col in columns:
        if col.key == "unit":
            continue
        help_text = DATE_HELP if col.key in {"received", "due", "returned", "handled"} else ""
        fields[col.key] = forms.CharField(
            label=col.header, required=col.required, max_length=500, help_text=help_text
        )
    return type("EntryForm", (forms.Form,), fields)(data)


class TargetForm(forms.Form):
    kpi = forms.ChoiceField(label="Chỉ số", choices=list(kpi.KPI_LABELS.items()))
    op = forms.ChoiceField(label="So sánh", choices=[(">=", "≥"), (">", ">"), ("<=", "≤")])
    value = forms.DecimalField(label="Giá trị (%)", min_value=0, max_value=100, decimal_places=2)
    label = forms.CharField(label="Chỉ tiêu như kế hoạch ghi", max_length=500)
    task = forms.IntegerField(required=False, widget=forms.HiddenInput)
