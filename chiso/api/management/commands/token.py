from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chiso.api.services import token_create
from chiso.core.errors import DomainError


class Command(BaseCommand):
    help = "In ra một mã truy cập API mới cho người dùng (dùng cho script)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Số ngày mã còn hiệu lực (mặc định API_TOKEN_DAYS)",
        )

    def handle(self, *args, username, name, days, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        try:
            _token, raw = token_create(user=user, name=name, days=days)
        except DomainError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(raw)
