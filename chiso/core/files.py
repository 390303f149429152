"""Stored files that no row points at.

Every write that replaces or adds a file writes it before the transaction that records it
commits (reports, imports, evidence). A process killed in between leaves a file no row refers
to: nothing serves it (downloads go through the row), but it takes disk space. The daily
`files-sweep` job removes such files once they are older than a day, so a file written by an
operation still under way is never taken.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from django_tasks import task

log = logging.getLogger("chiso.files")
SWEEP_AGE = timedelta(days=1)


def _file_fields() -> list[tuple[type[models.Model], str, str]]:
    """(model, field name, top folder) of every file field whose folder is a fixed path."""
    found = []
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            if isinstance(field, models.FileField) and isinstance(field.upload_to, str):
                top = field.upload_to.strip("/").split("/", 1)[0]
                if top and "%" not in top:
                    found.append((model, field.name, top))
    return found


def unreferenced_files(*, older_than: datetime, delete: bool = False) -> list[str]:
    """Names (relative to MEDIA_ROOT) of the files under the upload folders that no row of any
    model refers to and that were last written before `older_than`; deleted with `delete`."""
    fields = _file_fields()
    referenced: set[str] = set()
    for model, name, _ in fields:
        rows = model._base_manager.exclude(**{name: ""}).values_list(name, flat=True)
        referenced.update(rows.iterator(chunk_size=5000))
    root = Path(settings.MEDIA_ROOT)
    cutoff = older_than.timestamp()
    found = []
    for top in sorted({top for _, _, top in fields}):
        for path in sorted((root / top).rglob("*")):
            name = path.relative_to(root).as_posix()
            if path.is_file() and name not in referenced and path.stat().st_mtime < cutoff:
                found.append(name)
    if delete:
        for name in found:
            (root / name).unlink(missing_ok=True)
            log.warning("removed unreferenced file %s", name)
    return found


@task()
def files_sweep() -> int:
    """Periodic background task (daily): remove files left by operations that never committed."""
    return len(unreferenced_files(older_than=timezone.now() - SWEEP_AGE, delete=True))
