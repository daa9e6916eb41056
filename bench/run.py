"""`make bench`: run every benchmark, print the figures and write bench/results.md.

Benchmarks report figures; they are not timed tests.
"""

from __future__ import annotations

import platform
import resource
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import bench_app  # noqa: E402
import bench_core  # noqa: E402
import bench_export  # noqa: E402
import bench_robustness  # noqa: E402
import bench_store  # noqa: E402


def main() -> int:
    cpu = platform.processor() or platform.machine()
    lines = [
        "# Benchmarks",
        "",
        f"Python {platform.python_version()}, {platform.system()} {cpu}; median wall time in ms. Run: `make bench`.",
        "",
        "## Core pipeline: load + validate, rank, diagnose, build the figure",
        "",
        "Target: a 50x10 canvas under 50 ms.",
        "",
        *bench_core.main(),
        "",
        "## Robustness of the ranking: 10,000 weight samples",
        "",
        "Targets: the samples of a 50-factor canvas well under 50 ms, 500 factors under a second.",
        "",
        *bench_robustness.main(),
        "",
        "## App: server-side time of a weight change",
        "",
        "Both callbacks a slider move triggers, through Dash's HTTP endpoint (Flask test client, JSON included).",
        "Target: a 50x10 canvas under 100 ms.",
        "",
        *bench_app.main(),
        "",
        "## Workspace storage",
        "",
        "Saving an edit (a changed canvas stored as the next version; 200 saves) and listing 1,000 canvases.",
        "",
        *bench_store.main(),
        "",
        "## Batch image export",
        "",
        *bench_export.main(),
        "",
        f"Peak resident memory: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB.",
    ]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    (HERE / "results.md").write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
