"""The app under load: simulated users (bench/locustfile.py) on ``gunicorn
app:server`` (its settings from gunicorn.conf.py, as deployed) and a throwaway
PostgreSQL, all on loopback.

The users sign in through the login-proxy header (``POSITIONING_AUTH=proxy``),
each with a canvas of their own seeded through the HTTP API (the bundled
examples in turn). locust runs headless as a subprocess, bounded in time,
twice on the same server: with 20 users, then with 50; its ``--csv``
statistics give the requests per second, each action's p50, p95 and p99 and
the errors, and, for opening a canvas, each of its requests (where the time goes).

Goals (issue 25): opening a canvas within 400 ms at the 95th percentile with 20
users; with 50 users, a weight change saved and redrawn within 200 ms at p95, and
no errors (failed requests, failed actions, errors in the simulated users).
``BENCH_LOAD_SECONDS`` shortens each run while developing, ``BENCH_LOAD_USERS``
(``"20 50"``) sets the runs' users, and ``BENCH_LOAD_CSV`` keeps locust's own
statistics in that folder.
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "bench"
sys.path.insert(0, str(ROOT))

import goals  # noqa: E402

from tests import postgres  # noqa: E402

#: The runs' users: the first as before (its table's labels kept from run to run), the second the issue's 50.
USERS, MANY = (int(n) for n in (os.environ.get("BENCH_LOAD_USERS") or "20 50").split())
SPAWN_RATE = 5
SECONDS = int(os.environ.get("BENCH_LOAD_SECONDS") or 60)
WORKERS = 2  # as deployed (deploy/: the Dockerfile, the systemd unit, the compose file)
GOAL_P95_MS = 300
OPEN = "open a canvas"
ACTIONS = ("open a canvas", "move a weight", "weight change: saved and redrawn", "edit a cell", "export (job)")
#: The requests of a weight change worth a row of their own: the edit (and save) and the chart.
WEIGHT_REQUESTS = ("weight: canvas-store.data", "weight: canvas-graph.figure")
#: The requests of opening a canvas that are not callbacks (those are named "open: <first output>").
OPEN_REQUESTS = ("page", "_dash-layout", "_dash-dependencies")


def main() -> list[str]:
    if postgres.server_bin() is None:
        return ["PostgreSQL is not installed: the load test needs it (run `make test` once to install it)."]
    with postgres.cluster() as cluster, tempfile.TemporaryDirectory(prefix="positioning-load-") as folder:
        work = Path(folder)
        loads = {}
        with _server(postgres.new_database(cluster), work) as base:
            seated = _seed(base, max(USERS, MANY))
            for users in (USERS, MANY):
                people = work / f"people{users}.json"
                people.write_text(json.dumps(seated[:users]), encoding="utf-8")
                loads[users] = os.getloadavg()[0]
                _locust(base, people, work / f"locust{users}", users)
        kept = os.environ.get("BENCH_LOAD_CSV")
        if kept:  # locust's own statistics, to look into
            for path in work.glob("locust*.csv"):
                Path(kept).mkdir(parents=True, exist_ok=True)
                (Path(kept) / path.name).write_bytes(path.read_bytes())
        few, many = (Run(users, work / f"locust{users}", loads[users]) for users in (USERS, MANY))
        return _report(few, many)


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
    # gunicorn.conf.py, in the folder it starts in (ROOT), sets the worker's threads and keep-alive.
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


def _locust(base: str, people: Path, prefix: Path, users: int) -> None:
    locust = Path(sys.executable).parent / "locust"
    command = [str(locust), "-f", str(HERE / "locustfile.py"), "--headless", "--host", base]
    command += ["-u", str(users), "-r", str(SPAWN_RATE), "-t", f"{SECONDS}s", "--stop-timeout", "15"]
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


@dataclass(frozen=True)
class Run:
    """One locust run: its users, where its statistics are, the load average when it started."""

    users: int
    prefix: Path
    load: float


@dataclass(frozen=True)
class Figures:
    """What a run's statistics say."""

    actions: dict[str, dict[str, str]]
    requests: dict[str, dict[str, str]]
    count: int
    per_second: float
    failed_requests: int
    failed_actions: int
    crashes: int

    @property
    def errors(self) -> int:
        return self.failed_requests + self.failed_actions + self.crashes

    def p95(self, action: str) -> float:
        row = self.actions.get(action)
        return float(row["95%"]) if row and row["95%"] not in ("", "N/A") else float("inf")


def _figures(prefix: Path) -> Figures:
    rows = _rows(prefix)
    actions = {r["Name"]: r for r in rows if r["Type"] == "action"}
    requests = {r["Name"]: r for r in rows if r["Type"] not in ("action", "") and r["Name"] != "Aggregated"}
    return Figures(
        actions,
        requests,
        sum(int(r["Request Count"]) for r in requests.values()),
        sum(float(r["Requests/s"]) for r in requests.values()),
        sum(int(r["Failure Count"]) for r in requests.values()),
        sum(int(r["Failure Count"]) for r in actions.values()),
        _exceptions(prefix),
    )


def _table(run: Run, figures: Figures) -> list[str]:
    return [
        f"{run.users} users (started {SPAWN_RATE} a second) for {SECONDS} s, load average {run.load:.1f} when "
        "it started.",
        "",
        "| action | done | failed | p50 | p95 | p99 |",
        "|---|---:|---:|---:|---:|---:|",
        *(_row(name, figures.actions[name]) for name in ACTIONS if name in figures.actions),
        *(_row(f"request: {name}", figures.requests[name]) for name in WEIGHT_REQUESTS if name in figures.requests),
        "",
        f"{figures.count:,} requests, {figures.per_second:.1f} per second; {figures.failed_requests} failed "
        f"requests, {figures.failed_actions} failed actions, {figures.crashes} errors in the simulated users.",
    ]


def _opening(figures: Figures) -> list[str]:
    """Opening a canvas request by request, in the order sent: where its time goes."""
    names = [*OPEN_REQUESTS, *(n for n in figures.requests if n.startswith("open: "))]
    rows = [(name, figures.requests[name]) for name in names if name in figures.requests]
    return [
        "| request of opening a canvas | sent | p50 | p95 | p99 | bytes (mean) |",
        "|---|---:|---:|---:|---:|---:|",
        *(
            f"| {name} | {r['Request Count']} | {r['50%']} | {r['95%']} | {r['99%']} | "
            f"{float(r['Average Content Size']):,.0f} |"
            for name, r in rows
        ),
    ]


def _report(few: Run, many: Run) -> list[str]:
    first, second = _figures(few.prefix), _figures(many.prefix)
    weight = first.p95("weight change: saved and redrawn")

    def held(ok: bool) -> str:
        return "**met**" if ok else "**NOT met**"

    return [
        "Each user waits 1-3 s between actions (weights 2 open : 6 move a weight : 3 edit a cell : 1 export); "
        f"gunicorn ({WORKERS} workers, threads as gunicorn.conf.py sets) and PostgreSQL on the same "
        f"{os.cpu_count()} cores as locust. Times in ms; an action is every request it makes, one after another; "
        "a weight change, saved and redrawn, is its edit callback (the server recomputes and saves a version) and "
        "the chart's callback.",
        "",
        f"### {few.users} users",
        "",
        *_table(few, first),
        "",
        *_opening(first),
        "",
        f"Goals: no errors: {held(first.errors == 0)}; a weight change (saved and redrawn) under {GOAL_P95_MS} ms "
        f"at p95 with {few.users} users: {held(weight < GOAL_P95_MS)} ({weight:.0f} ms).",
        "",
        goals.record("load_open_p95", first.p95(OPEN), f"{few.users} users"),
        "",
        f"### {many.users} users",
        "",
        *_table(many, second),
        "",
        goals.record("load_weight_p95_50", second.p95("weight change: saved and redrawn"), f"{many.users} users"),
        "",
        goals.record("load_errors_50", second.errors, f"{many.users} users"),
    ]


if __name__ == "__main__":
    print("\n".join(main()))
