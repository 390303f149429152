from django.core.management.base import BaseCommand, CommandError

from chiso.plans.models import Plan
from chiso.tracking.services import occurrences_sync_plan


class Command(BaseCommand):
    help = "Tạo (đồng bộ) các kỳ báo cáo của mọi nhiệm vụ trong kế hoạch. Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument("--plan", type=int, action="append", help="Mã kế hoạch (có thể lặp)")
        parser.add_argument("--all", action="store_true", help="Mọi kế hoạch")

    def handle(self, *args, plan=None, all=False, **options):
        if not plan and not all:
            raise CommandError("Chọn --plan ID hoặc --all.")
        plans = Plan.objects.all() if all else Plan.objects.filter(pk__in=plan)
        if plan and len(plans) != len(set(plan)):
            raise CommandError("Không tìm thấy kế hoạch có mã đã cho.")
        for found in plans.order_by("pk"):
            result = occurrences_sync_plan(found)
            self.stdout.write(
                f"{found}: tạo {result['created']}, cập nhật {result['updated']}, "
                f"xóa {result['removed']} kỳ báo cáo."
            )
