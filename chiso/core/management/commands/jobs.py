from django.core.management.base import BaseCommand, CommandError

from chiso.core import jobs


class Command(BaseCommand):
    help = (
        "Việc định kỳ (nhắc hạn, chuẩn bị dự thảo báo cáo) cho cron: xếp vào hàng đợi những việc "
        "đến lượt (hoặc các việc được nêu tên, ngay lập tức), rồi làm hết các việc đang chờ."
    )

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Tên việc cần chạy ngay (mặc định: đến lượt)")
        parser.add_argument("--loop", action="store_true", help="Chạy liên tục như `chiso worker`.")

    def handle(self, *args, names, loop, **options):
        known = [p.name for p in jobs.PERIODIC]
        unknown = [n for n in names if n not in known]
        if unknown:
            raise CommandError(
                f"Không có việc định kỳ tên {', '.join(unknown)}. Có: {', '.join(known)}."
            )
        enqueued = jobs.schedule_due(names=names or None)
        ran = jobs.Worker(batch=not loop, schedule=loop).run(handle_signals=loop)
        for name, result in enqueued.items():
            self.stdout.write(f"{name}: {jobs.describe_result(result)}")
        if not enqueued:
            self.stdout.write("Chưa đến lượt việc định kỳ nào.")
        self.stdout.write(f"Đã làm {ran} việc trong hàng đợi.")
