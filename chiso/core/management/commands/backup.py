from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from chiso.core.backup import backup_create
from chiso.core.errors import DomainError


class Command(BaseCommand):
    help = (
        "Sao lưu cơ sở dữ liệu và tệp đính kèm vào thư mục DIR (trống), kèm manifest "
        "(số dòng mỗi bảng, mã kiểm tra mỗi tệp)."
    )

    def add_arguments(self, parser):
        parser.add_argument("directory", help="Thư mục đích, chưa có hoặc đang trống")

    def handle(self, *args, directory, **options):
        try:
            summary = backup_create(Path(directory))
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        rows = sum(summary.tables.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {summary.directory}: {len(summary.tables)} bảng, {rows} dòng, "
                f"{summary.files} tệp ({summary.bytes / 1024 / 1024:.1f} MB)."
            )
        )
