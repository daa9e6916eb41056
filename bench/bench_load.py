"""The app under load: simulated users (bench/locustfile.py) on ``gunicorn
app:server`` with 2 workers and a throwaway PostgreSQL, all on loopback.

The users sign in through the login-proxy header (``POSITIONING_AUTH=proxy``),
each with a canvas of their own seeded through the HTTP API (the bundled
examples in turn). locust runs headless as a subprocess, bounded in time; its
``--csv`` statistics give the requests per second, each action's p50, p95
and p99 and the errors.

Goals (issue 13): no errors, and a weight change (the edit callback and the
chart it redraws) under 300 ms at the 95th percentile with 20 users at once.
``BENCH_LOAD_SECONDS`` shortens the run while developing.
"""

from __future__ import annotations

import csv
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
sys.path.insert(0, str(ROOT))

from tests import postgres  # noqa: E402

USERS = int(os.environ.get("BENCH_LOAD_USERS") or 20)
SPAWN_RATE = 5
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS") or 60)
WORKERS = 2
GOAL_P95_MS = 300
ACTIONS = ("open a canvas", "move a weight", "weight change: saved and redrawn", "edit a cell", "export (job)")
#: The requests of a weight change worth a row of their own: the edit (and save) and the chart.
WEIGHT_REQUESTS = ("weight: canvas-store.data", "weight: canvas-graph.figure")


def main() -> list[str]:
    if postgres.server_bin() is None:
        return ["PostgreSQL is not installed: the load test needs it (run `make test` once to install it)."]
    with postgres.cluster() as cluster, tempfile.TemporaryDirectory(prefix="positioning-load-") as folder:
        work = Path(folder)
        with _server(postgres.new_database(cluster), work) as base:
            people = work / "people.json"
            people.write_text(json.dumps(_seed(base, USERS)), encoding="utf-8")
            load = os.getloadavg()[0]
            _locust(base, people, work / "locust")
        kept = os.environ.get("BENCH_LOAD_CSV")
        if kept:  # locust's own statistics, to look into
            for path in work.glob("locust_*.csv"):
                Path(kept).mkdir(parents=True, exist_ok=True)
                (Path(kept) / path.name).write_bytes(path.read_bytes())
        return _report(work / "locust", load)


# --- the server ---------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _server_env(database_url: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "POSITIONING_USER_HEADER")}
    return {
        **env,
        "DATABASE_URL": database_url,
        "POSITIONING_DATA": str(folder / "data"),
        "POSITIONING_AUTH": "proxy",
        "POSITIONING_TRUSTED_PROXIES": "127.0.0.1",
    }


@contextmanager
def _server(database_url: str, folder: Path) -> Iterator[str]:
    """``gunicorn app:server`` on a free loopback port, until the block ends; yields its base URL."""
    port = _free_port()
    log = (folder / "gunicorn.log").open("wb")
    command = [sys.executable, "-m", "gunicorn", "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "app:server"], cwd=ROOT, env=_server_env(database_url, folder), stdout=log, stderr=log
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(base, server, folder / "gunicorn.log")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


def _wait_ready(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {log.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/readyz", timeout=5) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"gunicorn was not ready in 90 s: {log.read_text(errors='replace')[-2000:]}")


def _seed(base: str, count: int) -> list[dict[str, str]]:
    """A canvas for each simulated user, through the HTTP API (the bundled examples in turn)."""
    examples = [p for p in sorted((ROOT / "configs").glob("*.yaml")) if p.stem != "template"]
    people = []
    for i in range(count):
        user = f"load-{i:02d}"
        request = urllib.request.Request(
            base + "/api/canvases",
            data=examples[i % len(examples)].read_bytes(),
            headers={"Content-Type": "application/yaml", "X-Forwarded-User": user},
            method="POST",
        )
        with urllib.request.urlopen(request, timeout=30) as answer:
            people.append({"user": user, "canvas": json.load(answer)["id"]})
    return people


def _locust(base: str, people: Path, prefix: Path) -> None:
    locust = Path(sys.executable).parent / "locust"
    command = [str(locust), "-f", str(HERE / "locustfile.py"), "--headless", "--host", base]
    command += ["-u", str(USERS), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--stop-timeout", "15"]
    command += ["--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"]
    env = {**os.environ, "POSITIONING_LOAD_PEOPLE": str(people)}
    # locust exits 1 when a request failed: the report counts them.
    subprocess.run(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)


# --- the report ---------------------------------------------------------------------


def _rows(prefix: Path) -> list[dict[str, str]]:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        raise RuntimeError("locust wrote no statistics: is bench/locustfile.py importable?")
    with path.open(newline="", encoding="utf-8") as file:
        return list(csv.DictReader(file))


def _exceptions(prefix: Path) -> int:
    path = Path(f"{prefix}_exceptions.csv")
    if not path.exists():
        return 0
    with path.open(newline="", encoding="utf-8") as file:
        return sum(int(row["Count"]) for row in csv.DictReader(file))


def _row(name: str, row: dict[str, str]) -> str:
    return f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} | {row['99%']} |"


def _report(prefix: Path, load: float) -> list[str]:
    rows = _rows(prefix)
    actions = {r["Name"]: r for r in rows if r["Type"] == "action"}
    requests = [r for r in rows if r["Type"] not in ("action", "") and r["Name"] != "Aggregated"]
    by_name = {r["Name"]: r for r in requests}
    count = sum(int(r["Request Count"]) for r in requests)
    per_second = sum(float(r["Requests/s"]) for r in requests)
    errors = sum(int(r["Failure Count"]) for r in requests)
    failed_actions = sum(int(r["Failure Count"]) for r in actions.values())
    crashes = _exceptions(prefix)
    weight = actions.get("weight change: saved and redrawn")
    p95 = float(weight["95%"]) if weight and weight["95%"] not in ("", "N/A") else float("inf")
    zero = errors + failed_actions + crashes == 0

    def held(ok: bool) -> str:
        return "**met**" if ok else "**NOT met**"

    lines = [
        f"{USERS} users (started {SPAWN_RATE} a second) for {SECONDS} s, each waiting 1-3 s between actions "
        f"(weights 2 open : 6 move a weight : 3 edit a cell : 1 export); gunicorn with {WORKERS} sync workers "
        f"and PostgreSQL on the same {os.cpu_count()} cores as locust (load average {load:.1f} when it started). "
        "Times in ms; an action is every request it makes, one after another; a weight change, saved and "
        "redrawn, is its edit callback (the server recomputes and saves a version) and the chart's callback.",
        "",
        "| action | done | failed | p50 | p95 | p99 |",
        "|---|---:|---:|---:|---:|---:|",
        *(_row(name, actions[name]) for name in ACTIONS if name in actions),
        *(_row(f"request: {name}", by_name[name]) for name in WEIGHT_REQUESTS if name in by_name),
        "",
        f"{count:,} requests, {per_second:.1f} per second; {errors} failed requests, {failed_actions} failed "
        f"actions, {crashes} errors in the simulated users.",
        "",
        f"Goals: no errors: {held(zero)}; a weight change (saved and redrawn) under {GOAL_P95_MS} ms at p95 "
        f"with {USERS} users: "
        f"{held(p95 < GOAL_P95_MS)} ({p95:.0f} ms).",
    ]
    return lines


if __name__ == "__main__":
    print("\n".join(main()))
