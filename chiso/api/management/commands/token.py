from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from chiso.api.services import token_create


class Command(BaseCommand):
    help = "In ra một mã truy cập API mới cho người dùng (dùng cho script)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", default="Dòng lệnh", help="Tên gợi nhớ của mã")

    def handle(self, *args, username, name, **options):
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{username}”.")
        _token, raw = token_create(user=user, name=name)
        self.stdout.write(raw)
