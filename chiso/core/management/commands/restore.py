from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chiso.core.backup import restore_backup
from chiso.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Khôi phục bản sao lưu trong thư mục DIR vào một bản cài đặt trống (chưa chạy migrate), "
        "rồi đối chiếu với manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục chứa bản sao lưu (có manifest.json)")

    def handle(self, *args, directory, **options):
        try:
            summary = restore_backup(Path(directory))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        if summary.problems:
            for problem in summary.problems:
                self.stderr.write(problem)
            raise CommandError("Khôi phục xong nhưng dữ liệu không khớp manifest (xem trên).")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục và đối chiếu: {summary.tables} bảng, {summary.rows} dòng, "
                f"{summary.files} tệp khớp manifest."
            )
        )
