from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[3].parent / "shared" / "seeds"


def seed_bytes(name: str) -> bytes:
    path = SEEDS / name
    if not path.exists():
        pytest.skip(f"seed {name} not available")
    return path.read_bytes()
