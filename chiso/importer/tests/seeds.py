from pathlib import Path

SEEDS = Path(__file__).resolve().parents[3] / "data" / "seeds"


def seed_bytes(name: str) -> bytes:
    """The real plan documents shipped in data/seeds/ (copies of the published plans)."""
    return (SEEDS / name).read_bytes()
