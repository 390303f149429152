from django import forms

from chiso.frameworks.models import Aggregation, Component, IndexCode, Level, Source
from chiso.orgs.forms import DATE_WIDGET, UnitChoiceField
from chiso.orgs.models import OrgUnit

NUMBER = {"step": "any", "inputmode": "decimal"}
FILE_HELP = "Tệp .xlsx hoặc .csv, tối đa 2 MB."


class FrameworkForm(forms.Form):
    index_code = forms.ChoiceField(label="Chỉ số", choices=IndexCode.choices)
    code = forms.SlugField(
        label="Mã bộ chỉ số",
        help_text="Viết liền, không dấu, ví dụ PAR_INDEX_SO. Các phiên bản dùng chung một mã.",
        max_length=60,
        allow_unicode=False,
    )
    name = forms.CharField(label="Tên bộ chỉ số", max_length=300)
    level = forms.ChoiceField(label="Áp dụng cho", choices=Level.choices)
    version_label = forms.CharField(label="Phiên bản", max_length=120)
    decision = forms.CharField(label="Căn cứ (quyết định)", max_length=200, required=False)
    valid_from = forms.DateField(label="Áp dụng từ", required=False, widget=DATE_WIDGET)
    aggregation = forms.ChoiceField(label="Cách tính điểm tổng", choices=Aggregation.choices)
    total_max = forms.DecimalField(
        label="Điểm tổng tối đa", required=False, widget=forms.NumberInput(NUMBER)
    )
    owner_unit = UnitChoiceField(label="Đơn vị ban hành", queryset=OrgUnit.objects.none())
    note = forms.CharField(
        label="Ghi chú, nguồn", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    components_file = forms.FileField(
        label="Cây chỉ số thành phần (không bắt buộc)",
        help_text="Cột: Mã, Tên, Mã cấp trên, Điểm tối đa, Trọng số. " + FILE_HELP,
        required=False,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_unit"].queryset = units if units is not None else OrgUnit.objects.none()


class VersionForm(forms.Form):
    version_label = forms.CharField(label="Tên phiên bản mới", max_length=120)
    decision = forms.CharField(label="Căn cứ (quyết định)", max_length=200, required=False)
    valid_from = forms.DateField(label="Áp dụng từ", widget=DATE_WIDGET)


class ComponentForm(forms.Form):
    name = forms.CharField(label="Tên chỉ số thành phần", max_length=500)
    max_points = forms.DecimalField(
        label="Điểm tối đa", required=False, widget=forms.NumberInput(NUMBER)
    )
    weight = forms.DecimalField(
        label="Trọng số",
        help_text="Dạng phần: 0.2 là 20%.",
        required=False,
        widget=forms.NumberInput(NUMBER),
    )
    order = forms.IntegerField(label="Thứ tự", min_value=0)
    confirmed = forms.BooleanField(label="Đã đối chiếu nguồn chính thức", required=False)
    evidence = forms.CharField(
        label="Nguồn, ghi chú", widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ComponentAddForm(forms.Form):
    code = forms.CharField(label="Mã", max_length=40)
    name = forms.CharField(label="Tên chỉ số thành phần", max_length=500)
    parent = forms.ModelChoiceField(
        label="Thuộc thành phần", queryset=Component.objects.none(), required=False
    )
    max_points = forms.DecimalField(
        label="Điểm tối đa", required=False, widget=forms.NumberInput(NUMBER)
    )
    weight = forms.DecimalField(label="Trọng số", required=False, widget=forms.NumberInput(NUMBER))

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.fields["parent"].queryset = framework.components.order_by("order")


KIND_CHOICES = [("result", "Kết quả"), ("target", "Mục tiêu")]


class ComponentChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{'— ' * obj.depth}{obj.code} {obj.name}"[:140]


class ResultForm(forms.Form):
    kind = forms.ChoiceField(label="Loại số liệu", choices=KIND_CHOICES)
    component = ComponentChoiceField(
        label="Chỉ số thành phần",
        queryset=Component.objects.none(),
        required=False,
        empty_label="Điểm tổng của chỉ số",
    )
    year = forms.IntegerField(label="Năm", min_value=2000, max_value=2100)
    value = forms.DecimalField(
        label="Điểm, giá trị", required=False, widget=forms.NumberInput(NUMBER)
    )
    max_score = forms.DecimalField(
        label="Điểm tối đa (nếu khác thang của thành phần)",
        required=False,
        widget=forms.NumberInput(NUMBER),
    )
    rank = forms.IntegerField(label="Xếp hạng", min_value=1, required=False)
    rank_of = forms.IntegerField(label="Trên tổng số", min_value=1, required=False)
    rank_text = forms.CharField(label="Mục tiêu xếp hạng", max_length=120, required=False)
    source = forms.ChoiceField(label="Nguồn", choices=Source.choices, initial=Source.PUBLISHED)

    def __init__(self, *args, framework=None, **kwargs):
        super().__init__(*args, **kwargs)
        if framework is not None:
            self.fields["component"].queryset = framework.components.order_by("order")


class ImportForm(forms.Form):
    file = forms.FileField(label="Tệp kết quả, mục tiêu", help_text=FILE_HELP)


class TaskComponentsForm(forms.Form):
    components = forms.ModelMultipleChoiceField(
        label="Chỉ số thành phần mà nhiệm vụ phục vụ",
        queryset=Component.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
    )

    def __init__(self, *args, components=None, **kwargs):
        super().__init__(*args, **kwargs)
        if components is not None:
            self.fields["components"].queryset = components
        self.fields["components"].label_from_instance = lambda c: (
            f"{c.framework.index_code} · {'— ' * c.depth}{c.code} {c.name}"[:160]
        )
