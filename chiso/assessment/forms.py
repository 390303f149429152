from django import forms

from chiso.assessment.models import CriteriaSet, Level, RoundStatus
from chiso.orgs.models import OrgUnit, UnitGroup


def _date():
    return forms.DateField(
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


class RoundForm(forms.Form):
    name = forms.CharField(label="Tên đợt đánh giá", max_length=255)
    year = forms.IntegerField(label="Năm đánh giá", min_value=2000, max_value=2100)
    criteria_set = forms.ModelChoiceField(label="Bộ tiêu chí", queryset=CriteriaSet.objects.none())
    group = forms.ModelChoiceField(
        label="Nhóm đơn vị được đánh giá", queryset=UnitGroup.objects.none()
    )
    coordinator_unit = forms.ModelChoiceField(
        label="Cơ quan tổ chức", queryset=OrgUnit.objects.none()
    )
    status = forms.ChoiceField(
        label="Giai đoạn",
        choices=[
            (RoundStatus.DRAFT, RoundStatus.DRAFT.label),
            (RoundStatus.SELF, RoundStatus.SELF.label),
        ],
        initial=RoundStatus.SELF,
    )
    self_opens = _date()
    self_closes = _date()
    appraisal_closes = _date()
    explanation_closes = _date()

    def __init__(self, *args, groups, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["criteria_set"].queryset = CriteriaSet.objects.all()
        self.fields["group"].queryset = groups
        self.fields["coordinator_unit"].queryset = units
        labels = {
            "self_opens": "Mở tự đánh giá",
            "self_closes": "Hạn nộp tự đánh giá",
            "appraisal_closes": "Hạn thẩm định",
            "explanation_closes": "Hạn giải trình",
        }
        for name, label in labels.items():
            self.fields[name].label = label

    def clean(self):
        data = super().clean()
        order = ["self_opens", "self_closes", "appraisal_closes", "explanation_closes"]
        dates = [(n, data.get(n)) for n in order if data.get(n)]
        for (first, a), (second, b) in zip(dates, dates[1:], strict=False):
            if b < a:
                self.add_error(second, f"Phải sau “{self.fields[first].label}”.")
        return data


class CriteriaImportForm(forms.Form):
    name = forms.CharField(label="Tên bộ tiêu chí", max_length=255)
    level = forms.ChoiceField(label="Cấp áp dụng", choices=Level.choices)
    year = forms.IntegerField(label="Năm áp dụng", min_value=2000, max_value=2100)
    decision = forms.CharField(
        label="Quyết định ban hành (số, ngày)", max_length=120, required=False
    )
    file = forms.FileField(
        label="Tệp bộ tiêu chí (.xlsx hoặc .csv theo mẫu, hoặc .docx của quyết định ban hành)"
    )
