from django.core.management.base import BaseCommand
from django.utils import timezone

from chiso.core.files import SWEEP_AGE, unreferenced_files


class Command(BaseCommand):
    help = (
        "Liệt kê (hoặc xóa với --delete) các tệp đính kèm không còn dòng dữ liệu nào trỏ tới, "
        "cũ hơn một ngày (do một thao tác bị dừng đột ngột trước khi lưu)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--delete", action="store_true", help="Xóa các tệp tìm thấy")

    def handle(self, *args, delete, **options):
        names = unreferenced_files(older_than=timezone.now() - SWEEP_AGE, delete=delete)
        for name in names:
            self.stdout.write(name)
        verb = "Đã xóa" if delete else "Tìm thấy"
        self.stdout.write(self.style.SUCCESS(f"{verb} {len(names)} tệp không còn được dùng."))
