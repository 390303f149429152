from django.core.management.base import BaseCommand, CommandError

from chiso.tracking.models import rollups_rebuild

SHOWN = 50  # differences printed in full; the rest are counted


class Command(BaseCommand):
    help = (
        "Tính lại từ đầu tình trạng đã lưu của các kỳ thực hiện và số liệu tổng hợp theo tình "
        "trạng, rồi báo các chỗ khác biệt. Với --check: chỉ so sánh, không thay đổi gì, trả mã "
        "lỗi 1 nếu có khác biệt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Chỉ kiểm tra, không ghi.")

    def handle(self, *args, check=False, **options):
        found = rollups_rebuild(check=check)
        statuses, rollups = found["statuses"], found["rollups"]
        self.stdout.write(f"Tình trạng tính đến ngày {found['day']:%d/%m/%Y}.")
        for d in statuses[:SHOWN]:
            self.stdout.write(
                f"Kỳ thực hiện #{d['occurrence']}: đã lưu {d['stored']}, đúng là {d['expected']}"
            )
        for d in rollups[:SHOWN]:
            task, unit, year = d["key"]
            self.stdout.write(
                f"Tổng hợp nhiệm vụ #{task}, đơn vị #{unit}, năm {year or '—'}: "
                f"đã lưu {d['stored']}, đúng là {d['expected']}"
            )
        summary = (
            f"{len(statuses)} kỳ thực hiện có tình trạng đã lưu sai, "
            f"{len(rollups)} dòng tổng hợp sai."
        )
        if check and (statuses or rollups):
            raise CommandError(f"Có khác biệt: {summary}", returncode=1)
        if check:
            self.stdout.write("Không có khác biệt.")
        else:
            self.stdout.write(f"Đã tính lại. Trước khi tính lại: {summary}")
