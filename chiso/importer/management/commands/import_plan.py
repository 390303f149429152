"""`chiso import-plan FILE [--json] [--dry-run] [--owner UNIT] [--user USERNAME]`."""

from __future__ import annotations

import json
import os
import sys
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import DatabaseError

from chiso.core.errors import DomainError
from chiso.core.lib.text import fold
from chiso.importer import draft_json, services
from chiso.importer.cli_json import parse_file
from chiso.importer.selectors import guess_owner_unit, job_duplicate_plan
from chiso.orgs.models import OrgUnit


class Command(BaseCommand):
    help = (
        "Đọc một văn bản kế hoạch (.docx, .pdf, .html, .txt) và nhập thành kế hoạch. "
        "--json: in bản nháp dạng JSON (không ghi gì); --dry-run: chỉ kiểm tra, không ghi."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Đường dẫn tệp kế hoạch")
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="In bản nháp JSON ra stdout"
        )
        parser.add_argument("--dry-run", action="store_true", help="Không ghi vào cơ sở dữ liệu")
        parser.add_argument("--owner", help="Tên đơn vị chủ quản (mặc định: đoán từ văn bản)")
        parser.add_argument("--user", help="Tên đăng nhập của người nhập")

    def handle(self, *args, file: str, as_json: bool, dry_run: bool, owner, user, **options):
        try:
            data = _read(file)
            if as_json:
                self._print_json(file, data, owner)
            else:
                self._import(file, data, owner, user, dry_run)
        except DomainError as exc:
            self.stderr.write(exc.message)
            sys.exit(1)
        except DatabaseError:
            self.stderr.write("Cơ sở dữ liệu chưa sẵn sàng. Hãy chạy “chiso migrate” trước.")
            sys.exit(1)

    def _print_json(self, path: str, data: bytes, owner_name: str | None) -> None:
        draft = parse_file(os.path.basename(path), data)
        try:
            owner = _owner(draft, owner_name)
            if owner is not None:
                draft.update(services.draft_resolve_agencies(draft, owner))
        except DatabaseError:  # no database yet: the draft alone is still useful
            pass
        _write_utf8(self.stdout, _dumps(draft))

    def _import(self, path, data, owner_name, username, dry_run: bool) -> None:
        name = os.path.basename(path)
        draft = parse_file(name, data)
        owner = _owner(draft, owner_name)
        if owner is None:
            raise DomainError(
                "Không xác định được đơn vị chủ quản của kế hoạch; hãy ghi rõ --owner."
            )
        if dry_run:
            draft.update(services.draft_resolve_agencies(draft, owner))
            self.stdout.write(_dry_summary(draft, owner))
            draft_json.require_leads(draft)
            return
        draft_json.require_leads(draft)
        user = _user(username)
        job = services.import_start(user=user, filename=name, data=data, owner_unit=owner)
        existing = job_duplicate_plan(job)
        if existing is not None:
            services.import_discard(job=job)
            raise services.DuplicatePlan(existing)
        result = services.import_confirm(job=job, user=user)
        self.stdout.write(f"{result.summary()} (mã kế hoạch {result.plan.pk}, {owner.name})")
        for name in result.unresolved:
            self.stdout.write(f"  Chưa xác định: {name}")


def _read(path: str) -> bytes:
    if not os.path.isfile(path):
        raise DomainError(f"Không tìm thấy tệp “{path}”.")
    services.check_upload_size(os.path.getsize(path))
    with open(path, "rb") as fh:
        return fh.read()


def _owner(draft: dict[str, Any], name: str | None) -> OrgUnit | None:
    if not name:
        return guess_owner_unit(draft, OrgUnit.objects.all())
    found = OrgUnit.objects.filter(name=name).first()
    found = found or OrgUnit.objects.filter(search_text__contains=fold(name)).first()
    if found is None:
        raise DomainError(f"Không tìm thấy đơn vị “{name}”.")
    return found


def _user(username: str | None):
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise DomainError(f"Không tìm thấy người dùng “{username}”.")
    return user


def _dry_summary(draft: dict[str, Any], owner: OrgUnit) -> str:
    plan = draft["plan"]
    lines = [
        "Chạy thử, không ghi gì vào cơ sở dữ liệu.",
        f"Kế hoạch {plan.get('number') or '(chưa rõ số)'}: {plan.get('title') or ''}",
        f"Đơn vị chủ quản: {owner.name}",
        f"{len(draft['tasks'])} nhiệm vụ, {len(draft['targets'])} dòng mục tiêu, "
        f"{len(draft['warnings'])} cảnh báo.",
        f"{len(draft['unresolved'])} tên cơ quan chưa xác định được:",
        *(f"  - {n}" for n in draft["unresolved"]),
    ]
    return "\n".join(lines)


def _dumps(draft: dict[str, Any]) -> str:
    return json.dumps(draft, ensure_ascii=False, indent=2)


def _write_utf8(stdout, text: str) -> None:
    """UTF-8 whatever the locale: write bytes when stdout is the real console."""
    out = getattr(stdout, "_out", stdout)
    if hasattr(out, "buffer"):
        out.flush()
        out.buffer.write((text + "\n").encode("utf-8"))
        out.buffer.flush()
    else:
        stdout.write(text)
