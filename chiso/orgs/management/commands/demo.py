from django.core.management.base import BaseCommand

from chiso.orgs.demo import DEMO_PASSWORD, DEMO_USERS, load_demo_orgs
from chiso.orgs.models import OrgUnit

# Each module's demo data, in data-flow order: plans from the seeds, index results, progress.
DEMO_MODULES = [
    "chiso.importer.demo",
    "chiso.frameworks.demo",
    "chiso.tracking.demo",
    "chiso.reports.demo",
    "chiso.assessment.demo",
    "chiso.dossiers.demo",
    "chiso.surveys.demo",
]


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
    """`load_demo(stdout)` of every module that has a demo.py, in DEMO_MODULES order."""
    from importlib import import_module
    from importlib.util import find_spec

    return [import_module(m).load_demo for m in DEMO_MODULES if find_spec(m) is not None]
