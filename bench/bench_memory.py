"""Memory stays flat: 1,000 export jobs through one job worker.

A fresh Python process (``python bench/bench_memory.py --worker N``) does
what the web process's job pool does for each job (positioning.jobs.queue's
LocalQueue): it stores an export job of one canvas as a PNG
(:meth:`Jobs.create`) and runs it with :func:`positioning.jobs.tasks.execute`, one
after another with one :class:`Renderer`, on a SQLite workspace in a temporary
folder. It reports its own resident memory (VmRSS) after a warm-up and at the
end, and the proportional memory (Pss, shared pages split between processes)
of the Chromium processes its renderer started.

Goal (issue 13): the worker grows by less than 50 MB over 1,000 exports. Goal (issue 25): its
Chromium grows by less than 30 MB: the renderer recycles a tab after ``TAB_RENDERS`` images and
the browser after ``BROWSER_RENDERS`` (positioning.rendering.browser); Chromium's memory is also
sampled every ``SAMPLE`` jobs after the warm-up, to show it stays flat rather than just happens
to be low at the end.

``BENCH_MEMORY_EXPORTS=200 python bench/bench_memory.py`` runs fewer jobs while developing; the
recorded figure is for 1,000.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from contextlib import suppress
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXPORTS = int(os.environ.get("BENCH_MEMORY_EXPORTS") or 1000)
WARM_UP = 50
SAMPLE = 50
GOAL_MB = 50


def main(exports: int = EXPORTS) -> list[str]:
    import goals

    from positioning.rendering.browser import BROWSER_RENDERS, TAB_RENDERS

    command = [sys.executable, __file__, "--worker", str(exports)]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return [f"The memory run failed: {done.stderr.strip()[-1000:]}"]
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    growth = figures["rss_end"] - figures["rss_warm"]
    chromium = figures["chromium_end"] - figures["chromium_warm"]
    private = figures["chromium_uss_end"] - figures["chromium_uss_warm"]
    pss = [round(sample[0]) for sample in figures["chromium_samples"]]
    uss = [round(sample[1]) for sample in figures["chromium_samples"]]
    verdict = "**met**" if growth < GOAL_MB else "**NOT met**"
    recorded = (
        goals.record("chromium_growth", chromium, f"{exports:,} exports")
        if exports == 1000
        else f"(the goal is recorded for 1,000 exports only, not {exports:,})"
    )
    return [
        f"{exports:,} export jobs (one canvas each, PNG, the bundled examples in turn) run one after another by "
        f"one worker process with one renderer; memory after {WARM_UP} jobs of warm-up and at the end, in MB.",
        "",
        "| process | after warm-up | at the end | growth |",
        "|---|---:|---:|---:|",
        f"| the worker (Python, RSS) | {figures['rss_warm']:.0f} | {figures['rss_end']:.0f} | **{growth:+.1f}** |",
        f"| its Chromium ({figures['chromium_processes']} processes, Pss) | {figures['chromium_warm']:.0f} "
        f"| {figures['chromium_end']:.0f} | {chromium:+.1f} |",
        f"| its Chromium (private memory, USS) | {figures['chromium_uss_warm']:.0f} "
        f"| {figures['chromium_uss_end']:.0f} | {private:+.1f} |",
        "",
        f"{figures['done']:,} of {exports:,} jobs done in {figures['seconds']:.0f} s "
        f"({figures['seconds'] / exports * 1000:.0f} ms each). "
        f"Goal: the worker grows by less than {GOAL_MB} MB: {verdict}.",
        "",
        f"Its Chromium every {SAMPLE} jobs from the warm-up on, in MB: Pss {_series(pss)}; "
        f"USS {_series(uss)}. "
        f"A tab is recycled after {TAB_RENDERS} images ({figures['tabs_renewed']} tabs of the last browser), "
        f"the browser after {BROWSER_RENDERS} ({figures['browsers']} browsers in all).",
        "",
        recorded,
    ]


def _series(values: list[int]) -> str:
    return f"{', '.join(map(str, values))} (lowest {min(values)}, highest {max(values)})"


# --- the worker process ---------------------------------------------------------------


def _kb(path: str, field: str) -> int:
    with suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def _descendants(pid: int) -> list[int]:
    found, stack = [], [pid]
    while stack:
        parent = stack.pop()
        with suppress(OSError):
            for task in Path(f"/proc/{parent}/task").iterdir():
                with suppress(OSError):
                    children = [int(c) for c in (task / "children").read_text().split()]
                    found += children
                    stack += children
    return found


def _chromium_mb() -> tuple[float, float, int]:
    """The Pss and the private memory (USS) of every Chromium process below this one, in MB,
    and how many there are. Pss splits the pages Chromium shares between all the processes that
    map them, other users' Chromium included; USS counts what only these processes hold."""
    pids = [p for p in _descendants(os.getpid()) if _name(p).startswith("chrom")]
    pss = sum(_kb(f"/proc/{p}/smaps_rollup", "Pss") for p in pids) / 1024
    uss = sum(_kb(f"/proc/{p}/smaps_rollup", f) for p in pids for f in ("Private_Clean", "Private_Dirty")) / 1024
    return pss, uss, len(pids)


def _name(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/comm").read_text().strip()
    except OSError:
        return ""


def _rss_mb() -> float:
    return _kb("/proc/self/status", "VmRSS") / 1024


def worker(exports: int) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT))
    from positioning.core.loader import load_canvas
    from positioning.jobs.tasks import ExportSpec, execute
    from positioning.rendering.renderer import Renderer
    from positioning.store.db import open_database, upgrade
    from positioning.store.jobs import Jobs
    from positioning.store.repository import Repository

    examples = [p for p in sorted((ROOT / "configs").glob("*.yaml")) if p.stem != "template"]
    with tempfile.TemporaryDirectory(prefix="positioning-memory-") as folder, Renderer() as renderer:
        database = open_database(f"sqlite:///{folder}/positioning.db")
        upgrade(database)
        repository, jobs = Repository(database, "bench"), Jobs(database)
        canvases = [repository.create(load_canvas(path)).id for path in examples]
        figures: dict[str, Any] = {}
        samples: list[tuple[float, float]] = figures.setdefault("chromium_samples", [])
        done, start = 0, time.perf_counter()
        for i in range(exports):
            spec = ExportSpec((canvases[i % len(canvases)],), "png")
            job = jobs.create("bench", "export", spec.to_json(), runner="local")
            execute(job.id, database, renderer)
            done += jobs.get("bench", job.id).state == "done"
            if i + 1 == WARM_UP:
                figures["rss_warm"] = _rss_mb()
                figures["chromium_warm"], figures["chromium_uss_warm"], _ = _chromium_mb()
            if i + 1 >= WARM_UP and (i + 1 - WARM_UP) % SAMPLE == 0:
                samples.append(_chromium_mb()[:2])
        figures["rss_end"] = _rss_mb()
        figures["chromium_end"], figures["chromium_uss_end"], figures["chromium_processes"] = _chromium_mb()
        samples.append((figures["chromium_end"], figures["chromium_uss_end"]))
        figures["tabs_renewed"], figures["browsers"] = renderer.tabs_renewed, renderer.generation
        figures["seconds"] = time.perf_counter() - start
        figures["done"] = done
        database.close()
    return figures


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    if sys.argv[1:2] == ["--worker"]:
        print(json.dumps(worker(int(sys.argv[2]))))
    else:
        print("\n".join(main(int(sys.argv[1]) if len(sys.argv) > 1 else EXPORTS)))
