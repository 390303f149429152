"""Forms of the inspection, initiative and dialogue pages (Vietnamese labels, dd/mm/yyyy)."""

from django import forms

from chiso.accountability.models import Audience, InitiativeStatus, RecognitionLevel
from chiso.core.widgets import OnePassSelect
from chiso.frameworks.models import Component
from chiso.orgs.forms import DATE_WIDGET, UnitChoiceField, UnitMultipleChoiceField, selectable
from chiso.orgs.models import OrgUnit, UnitGroup

YEAR_FIELD = {"min_value": 2000, "max_value": 2100, "label": "Năm"}


class GroupChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: UnitGroup) -> str:
        return obj.name


class ComponentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Component) -> str:
        return f"{'— ' * obj.depth}{obj.code} {obj.name}"[:160]


class InspectionPlanForm(forms.Form):
    year = forms.IntegerField(**YEAR_FIELD)
    title = forms.CharField(label="Tên kế hoạch", max_length=300)
    number = forms.CharField(label="Số, ký hiệu", max_length=60, required=False)
    owner_unit = UnitChoiceField(label="Cấp ban hành", queryset=OrgUnit.objects.none())
    inspecting_unit = UnitChoiceField(
        label="Cơ quan kiểm tra, theo dõi kiến nghị", queryset=OrgUnit.objects.none()
    )
    group = GroupChoiceField(
        label="Nhóm đơn vị thuộc phạm vi", queryset=UnitGroup.objects.none(), required=False
    )
    units = UnitMultipleChoiceField(
        label="Hoặc danh sách đơn vị",
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text="Giữ Ctrl (hoặc Cmd) để chọn nhiều đơn vị.",
    )
    target_percent = forms.IntegerField(
        label="Tỉ lệ đơn vị phải kiểm tra (%)", min_value=1, max_value=100, initial=30
    )

    def __init__(self, *args, units=None, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("owner_unit", "inspecting_unit", "units"):
            self.fields[name].queryset = selectable(units)
        self.fields["group"].queryset = groups

    def clean(self):
        data = super().clean()
        if not data.get("group") and not data.get("units"):
            self.add_error("group", "Chọn nhóm đơn vị hoặc danh sách đơn vị thuộc phạm vi.")
        return data


class InspectionForm(forms.Form):
    unit = UnitChoiceField(
        label="Đơn vị được kiểm tra", queryset=OrgUnit.objects.none(), widget=OnePassSelect
    )
    planned_on = forms.DateField(label="Thời gian dự kiến", widget=DATE_WIDGET, required=False)
    team = forms.CharField(label="Đoàn kiểm tra", max_length=300, required=False)
    content = forms.CharField(
        label="Nội dung kiểm tra", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, units=None, listed=None, **kwargs):
        """`units` are the units accepted; `listed`, when given, the same units already read
        (`UnitRef`s in tree order), which the drop-down then lists without reading them again."""
        super().__init__(*args, **kwargs)
        field = self.fields["unit"]
        field.queryset = units
        if listed is not None:
            empty = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = [*empty, *((u.pk, field.label_from_instance(u)) for u in listed)]


class InspectionRecordForm(forms.Form):
    inspected_on = forms.DateField(label="Ngày kiểm tra", widget=DATE_WIDGET)
    members = forms.CharField(
        label="Thành phần đoàn", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    findings = forms.CharField(
        label="Kết quả kiểm tra, tồn tại, hạn chế", widget=forms.Textarea(attrs={"rows": 4})
    )
    conclusion = forms.FileField(
        label="Văn bản kết luận (PDF, Word)", required=False, help_text="Tối đa theo cấu hình."
    )


class FollowUpForm(forms.Form):
    """A recommendation or a commitment: what, by when."""

    content = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 2}))
    deadline = forms.DateField(label="Thời hạn thực hiện", widget=DATE_WIDGET)


class InitiativeForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị", queryset=OrgUnit.objects.none())
    year = forms.IntegerField(**YEAR_FIELD)
    title = forms.CharField(label="Tên sáng kiến", max_length=300)
    field = forms.CharField(label="Lĩnh vực", max_length=200, required=False)
    summary = forms.CharField(
        label="Tóm tắt nội dung", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label="Trạng thái", choices=InitiativeStatus.choices)
    recognition_level = forms.ChoiceField(
        label="Cấp công nhận", choices=[("", "—"), *RecognitionLevel.choices], required=False
    )
    decision_number = forms.CharField(
        label="Số quyết định công nhận", max_length=60, required=False
    )
    decision_date = forms.DateField(label="Ngày quyết định", widget=DATE_WIDGET, required=False)
    component = ComponentChoiceField(
        label="Tiêu chí Chỉ số CCHC được tính điểm",
        queryset=Component.objects.none(),
        required=False,
    )
    evidence = forms.FileField(label="Tài liệu minh chứng", required=False)

    def __init__(self, *args, units=None, components=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectable(units, self.initial.get("unit"))
        self.fields["component"].queryset = components


class DialogueForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị tổ chức", queryset=OrgUnit.objects.none())
    held_on = forms.DateField(label="Ngày đối thoại", widget=DATE_WIDGET)
    chair = forms.CharField(label="Người chủ trì", max_length=200)
    audience = forms.ChoiceField(label="Đối tượng", choices=Audience.choices)
    audience_unit = UnitChoiceField(
        label="Xã, phường đối thoại (khi đối thoại tại một xã)",
        queryset=OrgUnit.objects.none(),
        required=False,
    )
    topics = forms.CharField(label="Chủ đề", widget=forms.Textarea(attrs={"rows": 2}))
    participants = forms.IntegerField(label="Số người tham dự", min_value=0, initial=0)
    questions = forms.CharField(
        label="Ý kiến, câu hỏi được nêu",
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text="Mỗi ý kiến một dòng.",
    )
    monitoring_unit = UnitChoiceField(
        label="Cơ quan theo dõi thực hiện cam kết", queryset=OrgUnit.objects.none()
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("unit", "audience_unit", "monitoring_unit"):
            self.fields[name].queryset = selectable(units)


class DialogueTargetForm(forms.Form):
    year = forms.IntegerField(**YEAR_FIELD)
    group = GroupChoiceField(label="Nhóm đơn vị", queryset=UnitGroup.objects.none())
    per_year = forms.IntegerField(label="Số cuộc mỗi năm", min_value=0, initial=1)
    per_quarter = forms.IntegerField(label="Số cuộc mỗi quý", min_value=0, initial=0)

    def __init__(self, *args, groups=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].queryset = groups
