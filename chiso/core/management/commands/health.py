from django.core.management.base import BaseCommand, CommandError

from chiso.core.health import health


class Command(BaseCommand):
    help = (
        "Kiểm tra hàng đợi việc nền (việc bị kẹt, việc lỗi trong 24 giờ, kể cả gửi thư nhắc hạn) "
        "và dung lượng đĩa; trả mã lỗi khác 0 khi cần người xử lý."
    )

    def handle(self, *args, **options):
        state = health()
        self.stdout.write(
            f"Tiến trình xử lý nền hoạt động: {state.workers}; "
            f"đĩa còn trống {state.disk_free_share:.0%}."
        )
        if state.problems:
            raise CommandError("Cần xử lý: " + "; ".join(state.problems) + ".")
        self.stdout.write(self.style.SUCCESS("Không có gì cần xử lý."))
