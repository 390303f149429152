from django import forms

from chiso.frameworks.models import Component, Framework, IndexCode
from chiso.orgs.forms import selectable
from chiso.plans.models import Plan


def DateInput():  # noqa: N802 - reads like the widget class it builds
    return forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


class PlanForm(forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "number",
            "issuer",
            "place",
            "date",
            "title",
            "owner_unit",
            "coordinator_unit",
            "monitoring_unit",
            "period_start",
            "period_end",
            "reporting_frequency",
            "source_file",
        ]
        widgets = {
            "date": DateInput(),
            "period_start": DateInput(),
            "period_end": DateInput(),
            "title": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, owner_units, units, **kwargs):
        super().__init__(*args, **kwargs)
        plan = self.instance
        self.fields["owner_unit"].queryset = selectable(owner_units, plan.owner_unit_id)
        self.fields["coordinator_unit"].queryset = selectable(units, plan.coordinator_unit_id)
        self.fields["monitoring_unit"].queryset = selectable(units, plan.monitoring_unit_id)


class TaskForm(forms.Form):
    number = forms.CharField(label="Số thứ tự", required=False, max_length=40)
    content = forms.CharField(label="Nội dung nhiệm vụ", widget=forms.Textarea(attrs={"rows": 3}))
    expected_output = forms.CharField(
        label="Chỉ tiêu, kết quả, sản phẩm",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    index_code = forms.ChoiceField(
        label="Chỉ số", required=False, choices=[("", "—"), *IndexCode.choices]
    )
    component_text = forms.CharField(
        label="Chỉ số thành phần, tiêu chí phục vụ", required=False, max_length=500
    )
    components = forms.ModelMultipleChoiceField(
        label="Chỉ số thành phần nhiệm vụ phục vụ",
        queryset=None,
        required=False,
        help_text="Để trống thì hệ thống tự đối chiếu theo ô “Chỉ số thành phần” ở trên.",
    )
    target_value = forms.DecimalField(
        label="Chỉ tiêu bằng số (nếu có)",
        required=False,
        max_digits=14,
        decimal_places=2,
        help_text="Khi có chỉ tiêu bằng số, đơn vị báo cáo kết quả đạt được bằng số.",
    )
    target_unit = forms.CharField(label="Đơn vị tính", required=False, max_length=40)
    deadline_text = forms.CharField(
        label="Thời hạn",
        max_length=500,
        help_text="Ghi như văn bản: “31/12/2025”, “Quý III/2025”, “Hằng quý”, “Thường xuyên”, "
        "“Sau khi UBND tỉnh phê duyệt”…",
    )
    lead_units = forms.ModelMultipleChoiceField(
        label="Cơ quan chủ trì", queryset=None, required=False
    )
    lead_groups = forms.ModelMultipleChoiceField(
        label="Nhóm đơn vị chủ trì",
        queryset=None,
        required=False,
        help_text="Ví dụ “UBND các xã, phường”: mỗi đơn vị trong nhóm báo cáo riêng.",
    )
    coordinating_units = forms.ModelMultipleChoiceField(
        label="Cơ quan phối hợp", queryset=None, required=False
    )
    coordinating_groups = forms.ModelMultipleChoiceField(
        label="Nhóm đơn vị phối hợp", queryset=None, required=False
    )
    monitoring_units = forms.ModelMultipleChoiceField(
        label="Cơ quan theo dõi, thẩm định",
        queryset=None,
        required=False,
        help_text="Để trống thì cơ quan theo dõi chung của kế hoạch thẩm định báo cáo.",
    )
    reason = forms.CharField(
        label="Lý do thay đổi",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi đổi thời hạn hoặc đơn vị chủ trì của nhiệm vụ đã giao.",
    )

    def __init__(self, *args, units, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["components"].queryset = (
            Component.objects.filter(framework__in=Framework.objects.current())
            .select_related("framework")
            .order_by("framework__index_code", "order", "pk")
        )
        self.fields["components"].widget.attrs["size"] = 8
        for name in ("lead_units", "coordinating_units", "monitoring_units"):
            self.fields[name].queryset = selectable(units, self.initial.get(name, []))
            self.fields[name].widget.attrs["size"] = 8
        for name in ("lead_groups", "coordinating_groups"):
            self.fields[name].queryset = groups

    def clean(self):
        data = super().clean()
        if not data.get("lead_units") and not data.get("lead_groups"):
            self.add_error("lead_units", "Chọn ít nhất một cơ quan chủ trì.")
        return data
