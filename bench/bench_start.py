"""App start to the first canvas drawn: ``python app.py`` as ``make run`` starts it (HOST and PORT
from the environment, a fresh workspace in a temporary folder through ``POSITIONING_DATA``), and
a real Chromium (Playwright, as the browser tests drive it) that opens the list of canvases and clicks
the first canvas, until its chart is drawn (``#canvas-graph .main-svg`` with its traces).

The clock starts when the process is started and stops when the chart is on the screen. The
first start makes the workspace (the database's migrations, the bundled example stored as the
first canvas); the warm start (the goal) is a second start on the same workspace, with Python's
files already in the disk cache, as ``make run`` is run again.

Goal (issue 25): the warm start draws the first canvas within 3 s.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: The Chromium on PATH and its flags, as the browser tests launch it (tests/conftest.py).
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"]
WARM_STARTS = 3
TIMEOUT = 60.0
#: The chart is drawn: plotly's SVG is in the page and holds the figure's traces.
DRAWN = """() => {
  const g = document.querySelector('#canvas-graph .js-plotly-plot');
  return !!(g && g.querySelector('.main-svg') && g.data && g.data.length);
}"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answering(url: str, deadline: float, process: subprocess.Popen) -> None:
    """Wait until the server answers (or fail if it exited)."""
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"app.py exited with {process.returncode}: {process.stderr.read()[-800:]}")
        with suppress(OSError), urllib.request.urlopen(url, timeout=2):
            return
        if time.monotonic() > deadline:
            raise RuntimeError(f"app.py did not answer within {TIMEOUT:g} s")
        time.sleep(0.02)


def _cpu(pid: int) -> float:
    """The CPU seconds (user and system) process ``pid`` has used so far (Linux's /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_start(browser, folder: Path) -> dict[str, float]:
    """Seconds from starting ``python app.py`` to its first answer, and to the first canvas drawn;
    and the CPU seconds the server used until then (what a busy machine does not inflate)."""
    port = _free_port()
    env = {**os.environ, "HOST": "127.0.0.1", "PORT": str(port), "POSITIONING_DATA": str(folder)}
    for name in ("DATABASE_URL", "REDIS_URL", "DASH_DEBUG", "POSITIONING_AUTH"):
        env.pop(name, None)
    url = f"http://127.0.0.1:{port}/"
    start = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "app.py"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    try:
        _answering(url, time.monotonic() + TIMEOUT, process)
        answered, answered_cpu = time.perf_counter() - start, _cpu(process.pid)
        page = browser.new_page()
        page.set_default_timeout(TIMEOUT * 1000)
        page.goto(url)
        page.click("a[href^='/c/']")  # as a user opens it: the app's own link, no page reload
        page.wait_for_function(DRAWN)
        drawn, drawn_cpu = time.perf_counter() - start, _cpu(process.pid)
        page.close()
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    return {"answered": answered, "drawn": drawn, "answered_cpu": answered_cpu, "drawn_cpu": drawn_cpu}


def measure(warm_starts: int = WARM_STARTS) -> tuple[dict[str, float], list[dict[str, float]]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="positioning-start-") as folder, sync_playwright() as p:
        executable = next(filter(None, map(shutil.which, BROWSERS)), None)
        browser = p.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        try:
            first = one_start(browser, Path(folder))
            warm = [one_start(browser, Path(folder)) for _ in range(warm_starts)]
        finally:
            browser.close()
    return first, warm


def main() -> list[str]:
    import goals

    first, warm = measure()
    median = {key: statistics.median(w[key] for w in warm) for key in first}
    answered, drawn = median["answered"], median["drawn"]

    def row(name: str, figures: dict[str, float]) -> str:
        return (
            f"| {name} | {figures['answered']:.2f} | {figures['drawn']:.2f} "
            f"| {figures['answered_cpu']:.2f} | {figures['drawn_cpu']:.2f} |"
        )

    return [
        "`python app.py` (as `make run` starts it, a fresh workspace in a temporary folder) until a real "
        "Chromium has drawn the first canvas's chart: the list of canvases opened, then the first canvas "
        "clicked in it. "
        f"Warm: a second start on the same workspace, median of {len(warm)}. Wall time, and the CPU time "
        "of the server process (which a busy machine does not inflate).",
        "",
        "| start | server answers, s | first canvas drawn, s | server CPU until it answers, s | until drawn, s |",
        "|---|---:|---:|---:|---:|",
        row("first (new workspace)", first),
        row("warm (median)", median),
        "",
        goals.record("app_start", drawn, f"server answers in {answered:.1f} s"),
    ]


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).parent))
    print("\n".join(main()))
