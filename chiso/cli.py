"""The `chiso` console script: Django's management commands under one name."""

import os
import sys

# Command names with a dash, mapped to their Django module names (modules cannot contain '-').
ALIASES = {
    "import-plan": "import_plan",
    "rollups-rebuild": "rollups_rebuild",
    "files-sweep": "files_sweep",
}


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    args = sys.argv[1:]
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    execute_from_command_line(["chiso", *args])


if __name__ == "__main__":  # `python -m chiso.cli worker`, used by `chiso serve`
    main()
