"""Workspace storage: the latency of saving an edit (a changed canvas ->
stored as the next version) on SQLite and on PostgreSQL, and listing 1,000
canvases. PostgreSQL runs as a throwaway cluster (tests/postgres.py)."""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from positioning.core.loader import canvas_from_data, load_canvas  # noqa: E402
from positioning.output.writer import canvas_data  # noqa: E402
from positioning.store.db import open_database, upgrade  # noqa: E402
from positioning.store.repository import Repository  # noqa: E402
from tests import postgres  # noqa: E402

SAVES = 200
LISTED = 1000


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def _saves(url: str) -> list[float]:
    database = open_database(url)
    upgrade(database)
    repository = Repository(database, "bench")
    data = canvas_data(load_canvas(ROOT / "configs" / "southwest_airlines.yaml"))
    info = repository.create(canvas_from_data(data))
    timings = []
    for i in range(SAVES):
        data["factors"][0]["levels"]["Car"] = i % 2 * 5 + 1  # 1, 6, 1, 6...: a real change each time
        canvas = canvas_from_data(data)
        start = time.perf_counter()
        info = repository.save(info.id, canvas, expected=info.version, summary="bench")
        timings.append((time.perf_counter() - start) * 1000)
    listed = _listing(repository, canvas_from_data(data))
    database.close()
    return [*timings, listed]


def _listing(repository: Repository, canvas) -> float:
    for _ in range(LISTED - len(repository.list())):
        repository.create(canvas)
    runs = []
    for _ in range(5):
        start = time.perf_counter()
        assert len(repository.list()) == LISTED
        runs.append((time.perf_counter() - start) * 1000)
    return statistics.median(runs)


def main() -> list[str]:
    lines = ["| Database | save p50 (ms) | save p95 (ms) | list 1,000 canvases (ms) |", "|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as folder:
        lines.append(_row("SQLite (file)", f"sqlite:///{folder}/bench.db"))
    if postgres.server_bin() is None:
        lines.append("| PostgreSQL | not installed | | |")
        return lines
    with postgres.cluster() as url:
        lines.append(_row("PostgreSQL 15 (loopback)", postgres.new_database(url)))
    return lines


def _row(name: str, url: str) -> str:
    figures = _saves(url)
    saves, listed = figures[:-1], figures[-1]
    return f"| {name} | {_percentile(saves, 0.5):.1f} | {_percentile(saves, 0.95):.1f} | {listed:.1f} |"


if __name__ == "__main__":
    print("\n".join(main()))
