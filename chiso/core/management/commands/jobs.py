import time

from django.core.management.base import BaseCommand

from chiso.core import scheduler


class Command(BaseCommand):
    help = "Chạy các việc định kỳ (nhắc hạn, chuẩn bị báo cáo) một lần, hoặc lặp với --loop."

    def add_arguments(self, parser):
        parser.add_argument("names", nargs="*", help="Tên việc cần chạy (mặc định: tất cả)")
        parser.add_argument("--loop", action="store_true", help="Chạy lặp mỗi phút")

    def handle(self, *args, names, loop, **options):
        while True:
            for name, result in scheduler.run_once(names or None).items():
                self.stdout.write(f"{name}: {result}")
            if not loop:
                break
            time.sleep(60)
        if not scheduler.JOBS:
            self.stdout.write("Chưa có việc định kỳ nào được đăng ký.")
