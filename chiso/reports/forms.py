from django import forms
from django.utils import timezone

from chiso.core.errors import DomainError
from chiso.orgs import access
from chiso.orgs.models import OrgUnit
from chiso.plans.models import Plan
from chiso.reports import services
from chiso.reports.compose import SECTIONS
from chiso.reports.models import ReportKind
from chiso.reports.periods import recent_periods


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label="Loại báo cáo", choices=ReportKind.choices)
    plan = forms.ModelChoiceField(label="Kế hoạch", queryset=None, empty_label=None)
    period = forms.CharField(
        label="Kỳ báo cáo",
        widget=forms.Select,
        help_text="Quý, 6 tháng, 9 tháng hoặc năm; trong ngoặc là khoảng thời gian chốt số liệu.",
    )
    unit = forms.ModelChoiceField(
        label="Đơn vị lập báo cáo",
        queryset=None,
        required=False,
        help_text="Chỉ cần chọn với báo cáo của đơn vị. Báo cáo tổng hợp do cơ quan theo dõi "
        "chung của kế hoạch (thường là Sở Nội vụ) lập.",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = Plan.objects.visible_to(user).order_by("-date", "-pk")
        self.fields["unit"].queryset = access.actable_units(user).order_by("path")
        self.fields["period"].widget.choices = [
            (p.code, f"{p.label[:1].upper()}{p.label[1:]} ({p.window_text()})")
            for p in recent_periods(timezone.localdate(), count=30)
        ]
        if not Plan.objects.managed_by(user).exists():
            self.fields["kind"].choices = [(ReportKind.UNIT, ReportKind.UNIT.label)]
        elif len(self.fields["unit"].queryset[:2]) == 0:
            self.fields["kind"].choices = [(ReportKind.COMPILED, ReportKind.COMPILED.label)]

    def clean_period(self) -> str:
        try:
            return services.period_from_code(self.cleaned_data["period"]).code
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc

    def clean(self):
        data = super().clean()
        if data.get("kind") == ReportKind.UNIT and not data.get("unit"):
            self.add_error("unit", "Chọn đơn vị lập báo cáo.")
        return data


class IssuerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        code = f" (ký hiệu {obj.document_code})" if obj.document_code else ""
        return f"{obj.name}{code}"


class ReportEditForm(forms.Form):
    issuer = IssuerChoiceField(
        label="Cơ quan ban hành",
        queryset=OrgUnit.objects.none(),
        empty_label=None,
        required=False,
        help_text="Đơn vị đứng tên và ký văn bản; ký hiệu của đơn vị đứng sau số báo cáo "
        "(…/BC-SNV). Sở Nội vụ có thể dự thảo để UBND tỉnh ban hành.",
    )
    number = forms.CharField(
        label="Số, ký hiệu",
        max_length=60,
        required=False,
        help_text="Ví dụ: 45/BC-SNV. Để trống nếu văn thư sẽ cấp số.",
    )
    version = forms.IntegerField(label="Phiên bản", widget=forms.HiddenInput)

    def __init__(self, *args, kind: str, issuers: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuer"].queryset = OrgUnit.objects.filter(pk__in=[u.pk for u in issuers])
        for section in SECTIONS[kind]:
            rows = 2 if section.key == "nguoi_ky" else 6
            field = forms.CharField(
                label=section.title,
                required=False,
                help_text=section.help,
                widget=forms.Textarea(attrs={"rows": rows}),
            )
            if section.key == "nguoi_ky":
                field = forms.CharField(label=section.title, required=False, max_length=120)
            self.fields[f"s_{section.key}"] = field

    def sections(self) -> dict[str, str]:
        return {k[2:]: v for k, v in self.cleaned_data.items() if k.startswith("s_")}


class PeriodCloseForm(forms.Form):
    """Which plan and period to close (chốt số liệu): the coordinator's plans, past cut-offs."""

    plan = forms.ModelChoiceField(label="Kế hoạch", queryset=None, empty_label=None)
    period = forms.CharField(label="Kỳ báo cáo", widget=forms.Select)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["plan"].queryset = Plan.objects.managed_by(user).order_by("-date", "-pk")
        self.fields["period"].widget.choices = [
            (p.code, f"{p.label[:1].upper()}{p.label[1:]} ({p.window_text()})")
            for p in recent_periods(today, count=30)
            if p.data_end < today
        ]

    def clean_period(self):
        try:
            return services.period_from_code(self.cleaned_data["period"])
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label="Lý do mở lại",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc; được lưu trong lịch sử thay đổi.",
    )
