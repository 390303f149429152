from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand

from chiso.orgs.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_orgs
from chiso.orgs.models import OrgUnit


class Command(BaseCommand):
    help = "Tạo dữ liệu mẫu (đơn vị, tài khoản, kế hoạch từ văn bản mẫu). Chạy lại không tạo trùng."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Bỏ qua nếu cơ sở dữ liệu đã có đơn vị (dùng trong make run).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and OrgUnit.objects.exists():
            self.stdout.write("Dữ liệu mẫu đã có sẵn.")
        else:
            load_demo_orgs()
            for loader in demo_loaders():
                loader(self.stdout)
            self.stdout.write(self.style.SUCCESS("Đã tạo dữ liệu mẫu."))
        self.stdout.write(f"Tài khoản mẫu (mật khẩu: {DEMO_PASSWORD}):")
        self.stdout.write("  admin     — quản trị hệ thống")
        for username, full_name, role, unit, _scope in DEMO_USERS:
            self.stdout.write(f"  {username:<9} — {role.label}, {unit} ({full_name})")


def demo_loaders():
    """`load_demo(stdout)` of each module in settings.DEMO_MODULES, in that order.

    The modules live above orgs, so they are named in the settings (the composition root, like
    INSTALLED_APPS) and imported by name rather than imported here.
    """
    return [import_module(name).load_demo for name in settings.DEMO_MODULES]
