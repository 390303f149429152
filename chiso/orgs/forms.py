from django import forms
from django.contrib.auth import password_validation

from chiso.core.widgets import OnePassSelect
from chiso.orgs.models import OrgUnit, Role, SuccessionKind, UnitType

DATE_WIDGET = forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})


def selectable(units, *chosen):
    """A "chọn đơn vị" list: units in operation today, plus those already chosen (`chosen` are
    initial values: units, ids, or lists of them) so editing an old record keeps its value."""
    keep = []
    for value in chosen:
        keep.extend(value if isinstance(value, list | tuple | set) else [value])
    return units.active_or(*keep)


def unit_label(name: str, depth: int) -> str:
    """A unit in a drop-down, indented by its depth in the tree."""
    return "— " * depth + name


class _UnitChoices(forms.models.ModelChoiceIterator):
    """The options as (id, label) read as plain values: a unit object per option (the whole row,
    for its name and depth) cost more than the rest of a results page for an admin's list of
    every unit. A submitted value is still checked against the queryset by the field."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, depth in self.queryset.values_list("pk", "name", "depth"):
            yield (pk, unit_label(name, depth))


class UnitChoiceField(forms.ModelChoiceField):
    widget = OnePassSelect  # a province's unit list is long: written without a template per unit
    iterator = _UnitChoices

    def label_from_instance(self, obj: OrgUnit) -> str:
        return unit_label(obj.name, obj.depth)


class UnitMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        return "— " * obj.depth + obj.name


class UnitForm(forms.Form):
    name = forms.CharField(label="Tên đầy đủ", max_length=255)
    short_name = forms.CharField(label="Tên viết tắt", max_length=100, required=False)
    unit_type = forms.ChoiceField(label="Loại đơn vị", choices=UnitType.choices)
    parent = UnitChoiceField(
        label="Đơn vị cấp trên", queryset=OrgUnit.objects.none(), required=False
    )
    aliases = forms.CharField(
        label="Tên gọi khác trong văn bản",
        help_text="Mỗi dòng một tên, ví dụ: Phòng LĐ-TB&XH",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    code = forms.CharField(label="Mã đơn vị", max_length=40, required=False)
    document_code = forms.CharField(
        label="Ký hiệu trên văn bản",
        max_length=20,
        required=False,
        help_text="Phần sau dấu gạch ngang trong số văn bản của đơn vị, ví dụ: UBND, SNV.",
    )
    email = forms.EmailField(label="Thư điện tử", required=False)
    active_from = forms.DateField(label="Hoạt động từ", required=False, widget=DATE_WIDGET)
    active_to = forms.DateField(label="Hoạt động đến", required=False, widget=DATE_WIDGET)

    def __init__(self, *args, parents=None, allow_root=False, **kwargs):
        super().__init__(*args, **kwargs)
        parents = parents if parents is not None else OrgUnit.objects.none()
        self.fields["parent"].queryset = selectable(parents, self.initial.get("parent"))
        self.fields["parent"].required = not allow_root

    @staticmethod
    def initial_for(unit: OrgUnit) -> dict:
        return {
            "name": unit.name,
            "short_name": unit.short_name,
            "unit_type": unit.unit_type,
            "parent": unit.parent_id,
            "aliases": "\n".join(unit.aliases),
            "code": unit.code,
            "document_code": unit.document_code,
            "email": unit.email,
            "active_from": unit.active_from,
            "active_to": unit.active_to,
        }


class SuccessionForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=SuccessionKind.choices)
    successors = UnitMultipleChoiceField(label="Đơn vị kế nhiệm", queryset=OrgUnit.objects.none())
    effective_date = forms.DateField(label="Ngày hiệu lực", widget=DATE_WIDGET)
    legal_basis = forms.CharField(
        label="Căn cứ pháp lý",
        max_length=255,
        help_text="Số, ký hiệu, ngày của văn bản, ví dụ: Nghị quyết 202/2025/QH15 ngày 12/6/2025.",
    )
    note = forms.CharField(label="Ghi chú", max_length=2000, required=False)

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units.active() if units is not None else OrgUnit.objects.none()
        self.fields["successors"].queryset = units


class GroupForm(forms.Form):
    name = forms.CharField(label="Tên nhóm", max_length=255)
    scope = UnitChoiceField(label="Thuộc phạm vi", queryset=OrgUnit.objects.none())
    aliases = forms.CharField(
        label="Tên gọi khác trong văn bản",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Mỗi dòng một tên",
    )
    rule_unit_types = forms.MultipleChoiceField(
        label="Tự động gồm mọi đơn vị thuộc loại",
        choices=UnitType.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    members = UnitMultipleChoiceField(
        label="Thêm từng đơn vị", queryset=OrgUnit.objects.none(), required=False
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else OrgUnit.objects.none()
        self.fields["scope"].queryset = selectable(units, self.initial.get("scope"))
        self.fields["members"].queryset = selectable(units, self.initial.get("members", []))


class UserCreateForm(forms.Form):
    username = forms.CharField(label="Tên đăng nhập", max_length=150)
    full_name = forms.CharField(label="Họ và tên", max_length=150)
    email = forms.EmailField(label="Thư điện tử", required=False)
    password = forms.CharField(label="Mật khẩu ban đầu", widget=forms.PasswordInput)
    unit = UnitChoiceField(label="Đơn vị", queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)

    def __init__(self, *args, units=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units if units is not None else OrgUnit.objects.none()
        self.fields["unit"].queryset = units.active()
        if roles is not None:
            self.fields["role"].choices = [c for c in Role.choices if c[0] in roles]

    def clean_password(self):
        password = self.cleaned_data["password"]
        password_validation.validate_password(password)
        return password


class MembershipForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị", queryset=OrgUnit.objects.none())
    role = forms.ChoiceField(label="Vai trò", choices=Role.choices)
    scope = UnitChoiceField(
        label="Phạm vi phụ trách",
        queryset=OrgUnit.objects.none(),
        required=False,
        help_text="Để trống nếu là chính đơn vị. Không áp dụng cho cán bộ đầu mối.",
    )
    position = forms.CharField(label="Chức vụ", max_length=120, required=False)

    def __init__(self, *args, units=None, roles=None, **kwargs):
        super().__init__(*args, **kwargs)
        units = units.active() if units is not None else OrgUnit.objects.none()
        self.fields["unit"].queryset = units
        self.fields["scope"].queryset = units
        if roles is not None:
            self.fields["role"].choices = [c for c in Role.choices if c[0] in roles]
