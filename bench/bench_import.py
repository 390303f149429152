"""Time and peak memory to parse each seed plan: `python bench/bench_import.py [FILES...]`.

Without arguments it parses every seed plan in data/seeds.
"""

from __future__ import annotations

import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from chiso.importer.cli_json import parse_file  # noqa: E402

DEFAULT_SEEDS = ROOT / "data" / "seeds"
RUNS = 5


def bench(path: Path) -> tuple[float, float, int, int]:
    data = path.read_bytes()
    parse_file(path.name, data)  # warm-up: imports and the diacritics lexicon
    best = float("inf")
    for _ in range(RUNS):
        start = time.perf_counter()
        draft = parse_file(path.name, data)
        best = min(best, time.perf_counter() - start)
    tracemalloc.start()
    parse_file(path.name, data)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return best, peak / 1024 / 1024, len(draft["tasks"]), len(draft["targets"])


def main(argv: list[str]) -> int:
    paths = [Path(p) for p in argv] or sorted(DEFAULT_SEEDS.glob("*"))
    if not paths:
        print(f"no seed files found in {DEFAULT_SEEDS}", file=sys.stderr)
        return 1
    print(f"{'file':48} {'KB':>6} {'best ms':>8} {'peak MB':>8} {'tasks':>6} {'targets':>7}")
    for path in paths:
        seconds, peak_mb, tasks, targets = bench(path)
        size = path.stat().st_size / 1024
        timing = f"{seconds * 1000:8.1f} {peak_mb:8.1f}"
        print(f"{path.name:48} {size:6.0f} {timing} {tasks:6} {targets:7}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
