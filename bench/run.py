"""`make bench`: run the benchmarks, print the figures and write bench/results.md.

``python bench/run.py`` runs every part; ``python bench/run.py load memory``
(``make bench PARTS="load memory"``) runs those only and replaces their
sections in bench/results.md, keeping the others' last figures. The parts:
core, robustness, app, store, export, load, memory, start.

Benchmarks report figures; they are not timed tests.
"""

from __future__ import annotations

import platform
import resource
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app  # noqa: E402
import bench_core  # noqa: E402
import bench_export  # noqa: E402
import bench_load  # noqa: E402
import bench_memory  # noqa: E402
import bench_robustness  # noqa: E402
import bench_start  # noqa: E402
import bench_store  # noqa: E402
import goals  # noqa: E402

RESULTS = HERE / "results.md"


@dataclass(frozen=True)
class Part:
    heading: str
    intro: tuple[str, ...]
    run: Callable[[], list[str]]


PARTS = {
    "core": Part(
        "Core pipeline: load + validate, rank, diagnose, build the figure",
        ("Target: a 50x10 canvas under 50 ms.",),
        bench_core.main,
    ),
    "robustness": Part(
        "Robustness of the ranking: 10,000 weight samples",
        ("Targets: the samples of a 50-factor canvas well under 50 ms, 500 factors under a second.",),
        bench_robustness.main,
    ),
    "app": Part(
        "App: server-side time of a weight change",
        (
            "Every server callback a slider move triggers with the Chart tab shown (the edit, saved, and each"
            " callback its answer fires), through Dash's HTTP endpoint (Flask test client, JSON included).",
            "Goals (issue 25): 500x20 within 150 ms, 50x10 within 25 ms; the Ranking tab at 500x20 within 300 ms.",
        ),
        bench_app.main,
    ),
    "store": Part(
        "Workspace storage",
        ("Saving an edit (a changed canvas stored as the next version; 200 saves) and listing 1,000 canvases.",),
        bench_store.main,
    ),
    "export": Part("Batch image export", (), bench_export.main),
    "load": Part(
        "Load: 20 and 50 users on gunicorn and PostgreSQL (locust)",
        (
            "Goals: opening a canvas within 400 ms at the 95th percentile with 20 users; with 50 users, a weight "
            "change saved and redrawn within 200 ms at p95, and no errors.",
        ),
        bench_load.main,
    ),
    "memory": Part("Memory of a job worker over 1,000 exports", (), bench_memory.main),
    "start": Part("App start to the first canvas drawn", (), bench_start.main),
}


def section(name: str) -> list[str]:
    part = PARTS[name]
    return [f"## {part.heading}", "", *part.intro, *([""] if part.intro else []), *part.run()]


def previous_sections() -> dict[str, list[str]]:
    """The sections of the last results.md by heading (for a run of some parts only)."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    lines = RESULTS.read_text(encoding="utf-8").splitlines() if RESULTS.exists() else []
    for line in lines:
        if line.startswith("## Goals"):
            current = None
        elif line.startswith("## "):
            current = sections.setdefault(line[3:], [line])
        elif current is not None and not line.startswith("Peak resident memory:"):
            current.append(line)
    return {heading: body[:-1] if body and body[-1] == "" else body for heading, body in sections.items()}


def main(chosen: list[str]) -> int:
    unknown = [name for name in chosen if name not in PARTS]
    if unknown:
        sys.stderr.write(f"no benchmark part {unknown[0]!r}; choose from {', '.join(PARTS)}\n")
        return 2
    old = previous_sections() if chosen else {}
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Benchmarks",
        "",
        f"Python {platform.python_version()}, {platform.system()} {cpu}; median wall time in ms. Run: `make bench`.",
    ]
    for name, part in PARTS.items():
        body = section(name) if not chosen or name in chosen else old.get(part.heading, [])
        if body:
            lines += ["", *body]
    lines += ["", "## Goals (issue 25)", "", *goals.table()]
    lines += ["", f"Peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB."]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
