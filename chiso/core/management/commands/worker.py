import logging

from django.core.management.base import BaseCommand

from chiso.core.jobs import Worker


class Command(BaseCommand):
    help = (
        "Chạy các việc nền (đọc văn bản, lập báo cáo, nhắc hạn, dự thảo báo cáo định kỳ). "
        "Có thể chạy nhiều tiến trình cùng lúc: mỗi việc chỉ được làm một lần."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Làm hết các việc đang chờ rồi dừng."
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="Số giây chờ khi không có việc."
        )
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Không xếp lịch các việc định kỳ (chỉ làm các việc đã có trong hàng đợi).",
        )
        parser.add_argument("--worker-id", default=None, help="Tên riêng của tiến trình này.")
        # Set by `chiso serve` for the worker it spawns: stop when the server process is gone.
        parser.add_argument("--parent-pid", type=int, default=None, help="==SUPPRESS==")

    def handle(self, *args, batch, interval, no_scheduler, worker_id, parent_pid, **options):
        if options["verbosity"] > 0:
            logging.getLogger("chiso.jobs").setLevel(logging.INFO)
        worker = Worker(
            interval=interval,
            batch=batch,
            schedule=not no_scheduler,
            worker_id=worker_id,
            parent_pid=parent_pid,
        )
        ran = worker.run()
        if batch:
            self.stdout.write(f"Đã làm {ran} việc nền.")
