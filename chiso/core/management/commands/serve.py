from django.core.management.base import BaseCommand
from waitress import serve

from chiso.core import scheduler


class Command(BaseCommand):
    help = "Chạy máy chủ web chiso (kèm bộ lập lịch nhắc việc, báo cáo định kỳ)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Không chạy việc định kỳ trong tiến trình web (khi đã dùng cron: `chiso jobs`).",
        )

    def handle(self, *args, host, port, threads, no_scheduler, **options):
        from config.wsgi import application

        if not no_scheduler:
            scheduler.start_in_background()
        self.stdout.write(f"chiso đang chạy tại http://{host}:{port}/ (Ctrl+C để dừng)")
        serve(application, host=host, port=port, threads=threads, ident="chiso")
