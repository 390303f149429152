from decimal import Decimal

from django import forms

from chiso.orgs.forms import DATE_WIDGET, UnitChoiceField
from chiso.orgs.models import OrgUnit
from chiso.surveys.models import Mode, Questionnaire


class QuestionnaireChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Questionnaire) -> str:
        return f"{obj.title} — phiên bản {obj.version}"


class RoundForm(forms.Form):
    name = forms.CharField(label="Tên đợt khảo sát", max_length=300)
    questionnaire = QuestionnaireChoiceField(
        label="Bộ câu hỏi", queryset=Questionnaire.objects.none()
    )
    unit = UnitChoiceField(label="Đơn vị tổ chức khảo sát", queryset=OrgUnit.objects.none())
    starts_on = forms.DateField(label="Từ ngày", widget=DATE_WIDGET)
    ends_on = forms.DateField(label="Đến ngày", widget=DATE_WIDGET)
    margin_pct = forms.DecimalField(
        label="Sai số cho phép (%)",
        initial=Decimal("5"),
        min_value=Decimal("0.5"),
        max_value=Decimal("50"),
        help_text="Dùng để tính cỡ mẫu n = N / (1 + N·e²); thường là 5%.",
    )
    modes = forms.MultipleChoiceField(
        label="Hình thức thu phiếu",
        choices=Mode.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=[Mode.ONLINE, Mode.PAPER],
    )
    invitation_only = forms.BooleanField(
        label="Chỉ nhận phiếu có mã mời (mỗi mã một phiếu)", required=False
    )

    def __init__(self, *args, questionnaires=None, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["unit"].queryset = units

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", "Ngày kết thúc phải sau ngày bắt đầu.")
        return data


class SampleForm(forms.Form):
    rows = forms.CharField(
        label="Khung mẫu: mỗi dòng “Tên xã, phường; Thôn, ấp (nếu có); Dân số”",
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="Ví dụ: phường Tân Phong; Khu phố 1; 4200. Cỡ mẫu được tính trên tổng dân số và "
        "chia theo tỷ lệ dân số cho từng xã, rồi từng thôn.",
    )


class UploadForm(forms.Form):
    file = forms.FileField(label="Tệp Excel (.xlsx)", help_text="Tối đa 5 MB.")


class RecordForm(forms.Form):
    unit = UnitChoiceField(label="Ghi cho đơn vị", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class CorrectionForm(forms.Form):
    reason = forms.CharField(label="Lý do sửa phiếu", max_length=300)
