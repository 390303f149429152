from django import forms

from chiso.core.errors import DomainError
from chiso.importer import rules
from chiso.importer.services import check_upload_size


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Tệp kế hoạch",
        help_text="Văn bản Word (.docx), PDF có lớp chữ, HTML hoặc văn bản thuần (.txt), "
        "tối đa 20 MB.",
    )
    owner_unit = forms.ModelChoiceField(
        label="Đơn vị chủ quản của kế hoạch",
        queryset=None,
        empty_label=None,
        help_text="Các tên cơ quan trong văn bản được đối chiếu với đơn vị thuộc phạm vi này.",
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        units = rules.import_owner_units(user).order_by("depth", "path")
        self.fields["owner_unit"].queryset = units
        self.fields["owner_unit"].label_from_instance = lambda u: u.name

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_upload_size(upload.size)  # from the declared size, before reading the file
        except DomainError as exc:
            raise forms.ValidationError(exc.message) from exc
        return upload
