from datetime import date

from django import forms

from chiso.tracking.models import WorkStatus


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple):
            return [super(MultipleFileField, self).clean(d, initial) for d in data]
        return [super().clean(data, initial)] if data else []


class ReportForm(forms.Form):
    work_status = forms.ChoiceField(label="Tình hình thực hiện", choices=WorkStatus.choices)
    percent = forms.IntegerField(
        label="Tiến độ (%)",
        min_value=0,
        max_value=100,
        initial=0,
        help_text="Hoàn thành được tính là 100%, chưa thực hiện là 0%.",
    )
    narrative = forms.CharField(
        label="Kết quả thực hiện",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Nêu việc đã làm, văn bản đã ban hành, số liệu, khó khăn vướng mắc.",
    )
    completed_on = forms.DateField(
        label="Ngày hoàn thành thực tế",
        required=False,
        input_formats=["%d/%m/%Y"],
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text="Bắt buộc khi đã hoàn thành: ngày công việc thực sự xong (dd/mm/yyyy), "
        "căn cứ tính đúng hạn hay trễ hạn; không phải ngày gửi báo cáo.",
        error_messages={"invalid": "Ngày hoàn thành phải có dạng dd/mm/yyyy, ví dụ 15/03/2026."},
    )
    result_value = forms.DecimalField(
        label="Kết quả đạt được (số liệu)",
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=2,
    )
    files = MultipleFileField(
        label="Tài liệu minh chứng",
        required=False,
        help_text="PDF, Word, Excel, ảnh PNG/JPG hoặc tệp ZIP; có thể chọn nhiều tệp.",
    )
    version = forms.IntegerField(label="", widget=forms.HiddenInput, required=False)

    def __init__(self, *args, show_result: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not show_result:
            del self.fields["result_value"]


class ContributionForm(forms.Form):
    narrative = forms.CharField(
        label="Nội dung phối hợp",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Kết quả đơn vị bạn đã phối hợp thực hiện, gửi đơn vị chủ trì tổng hợp.",
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label="Ý kiến thẩm định",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Bắt buộc khi trả lại báo cáo.",
    )
    version = forms.IntegerField(label="", widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 2}))


class DeadlineForm(ReasonForm):
    due_date = forms.DateField(
        label="Hạn mới",
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    field_order = ["due_date", "reason"]

    def clean(self):
        """`current_due`: the due date the page showed (a hidden input of the template, not a
        field the user edits), for the conflict check; None when the page sent none."""
        data = super().clean()
        raw = (self.data.get("current_due") or "").strip()
        try:
            data["current_due"] = date.fromisoformat(raw) if raw else None
        except ValueError:
            raise forms.ValidationError("Trang đã cũ; hãy tải lại trang rồi thử lại.") from None
        return data


class ReassignForm(ReasonForm):
    unit = forms.ModelChoiceField(label="Giao cho đơn vị", queryset=None)
    field_order = ["unit", "reason"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units.active()


class ExplanationForm(forms.Form):
    question = forms.CharField(
        label="Nội dung yêu cầu giải trình", widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(forms.Form):
    answer = forms.CharField(label="Nội dung giải trình", widget=forms.Textarea(attrs={"rows": 3}))


class HandoverForm(forms.Form):
    """The confirmation step of a reorganisation: the people moved, and for a split the
    successor taking each open occurrence (no default: every row must be chosen)."""

    def __init__(self, *args, handover, **kwargs):
        super().__init__(*args, **kwargs)
        self.handover = handover
        if handover.moves_people:
            self.fields["members_confirmed"] = forms.BooleanField(
                label=(
                    f"Tôi đã kiểm tra và đồng ý chuyển {len(handover.memberships)} người "
                    f"ở trên sang {handover.successors[0].name}"
                ),
                error_messages={"required": "Hãy xác nhận danh sách người được chuyển."},
            )
        if handover.is_split:
            choices = [("", "— Chọn đơn vị nhận —")] + [
                (str(s.pk), s.name) for s in handover.successors
            ]
            for occ in handover.occurrences:
                self.fields[f"ky_{occ.pk}"] = forms.TypedChoiceField(
                    label=str(occ), choices=choices, coerce=int,
                    widget=forms.Select(attrs={"aria-label": f"Đơn vị nhận kỳ {occ.period_label}"}),
                    error_messages={"required": "Chọn đơn vị nhận kỳ này."},
                )  # fmt: skip

    def rows(self):
        """Each open occurrence with its successor select (None unless a split)."""
        return [
            (occ, self[f"ky_{occ.pk}"] if f"ky_{occ.pk}" in self.fields else None)
            for occ in self.handover.occurrences
        ]

    def choices(self) -> dict[int, int]:
        return {
            int(name.removeprefix("ky_")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("ky_")
        }
