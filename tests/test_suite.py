"""The test suite itself: a run stopped by SIGTERM or SIGINT stops the PostgreSQL cluster and the
Redis server it started (tests/shutdown.py), on one process and on xdist workers; tests are marked
by what they use, so that `make test-fast` leaves out the browser and the services; an upgraded
SQLite database copied from the session's (tests/conftest.py) is what upgrading an empty one gives."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, _require

#: A test that starts a cluster and a Redis server, says so in a file, and waits to be stopped.
WAITING = """
import json, os, time
from pathlib import Path


def test_waits_to_be_stopped(postgres_url, redis_server):
    started = {"url": postgres_url, "redis": redis_server.process.pid, "pid": os.getpid()}
    Path(os.environ["STARTED"]).write_text(json.dumps(started))
    time.sleep(300)
"""


def _running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie that nobody reaped is not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return False


def _postgres_on(port: int) -> list[int]:
    """The PostgreSQL processes listening on ``port`` (the postmaster and its helpers, by command line)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                argv = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"-p" in argv and str(port).encode() in argv and any(b"postgres" in arg for arg in argv):
                found.append(int(entry.name))
    return [pid for pid in found if _running(pid)]


def _started(path: Path, process: subprocess.Popen[str], seconds: float = 120) -> dict:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "the inner test did not start its services"
        time.sleep(0.1)
    time.sleep(0.2)  # the file is written in one go; give the write a moment to land
    return json.loads(path.read_text())


@pytest.mark.services
@pytest.mark.parametrize(
    ("number", "workers", "to"),
    [
        (signal.SIGTERM, [], "pytest"),
        (signal.SIGTERM, ["-n", "1"], "pytest"),
        (signal.SIGTERM, ["-n", "1"], "group"),
        (signal.SIGINT, ["-n", "1"], "group"),
    ],
    ids=["sigterm", "sigterm-xdist", "sigterm-xdist-group", "sigint-xdist-group"],
)
def test_a_stopped_run_stops_the_cluster_and_the_redis_server_it_started(tmp_path, number, workers, to):
    """The signal goes to the pytest process alone (as make passes SIGTERM on to its recipe), or to its
    whole process group (as `timeout` sends it, and Ctrl-C); under xdist the services run in the worker,
    which must stop them whether its controller passes the signal on or it gets its own."""
    from tests import postgres, redis_server

    if postgres.server_bin() is None or not redis_server.installed():
        _require("PostgreSQL and Redis", "their server programs are not installed")
    (tmp_path / "test_waiting.py").write_text(WAITING)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "STARTED": str(tmp_path / "started.json")}
    env.pop("PYTEST_XDIST_WORKER", None)
    command = [sys.executable, "-m", "pytest", "-p", "tests.conftest", "-p", "no:cacheprovider", "-q", *workers]
    pipes = {"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT, "text": True, "start_new_session": True}
    process = subprocess.Popen([*command, "test_waiting.py"], cwd=tmp_path, env=env, **pipes)
    try:
        started = _started(tmp_path / "started.json", process)
        port = int(started["url"].rsplit(":", 1)[1].split("/")[0])
        cluster = _postgres_on(port)
        assert cluster and _running(started["redis"])
        if to == "group":
            os.killpg(process.pid, number)
        else:
            process.send_signal(number)
        output = process.communicate(timeout=120)[0]
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    deadline = time.monotonic() + 10  # an immediate shutdown's helpers may take a moment to go
    while (_postgres_on(port) or _running(started["redis"])) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert [pid for pid in cluster if _running(pid)] == [] and _postgres_on(port) == [], output
    assert not _running(started["redis"]), output
    assert process.returncode == pytest.ExitCode.INTERRUPTED, output


@pytest.mark.slow
def test_the_browser_and_the_services_are_marked_and_left_out_of_the_fast_run():
    """`make test-fast`'s selection drops the PostgreSQL half of a parametrized test, the tests of
    Chromium export, a test that starts a Redis server (through a sqlite fixture) and the slow ones;
    the rest stays."""
    files = ["tests/test_store_db.py", "tests/test_export.py", "tests/test_jobs_reconcile.py", "tests/test_cli.py"]
    command = [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"]
    command += ["-m", "not browser and not services and not slow", *files]
    listed = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False).stdout
    fast = {line.split("::", 1)[1] for line in listed.splitlines() if "::" in line}
    assert any(test.endswith("[sqlite]") for test in fast) and not any("[postgresql" in test for test in fast), listed
    assert "test_bad_extension_and_sizes_are_refused_before_any_work" in fast, listed
    assert "test_png_default_size" not in fast and "test_pdf_page_has_the_figure_size" not in fast
    assert "test_queued_jobs_are_left_as_they_are_while_redis_cannot_be_reached" not in fast
    assert "test_several_workers_starting_at_once_upgrade_once[sqlite]" not in fast  # slow
    assert not any(line.startswith("tests/test_cli.py") for line in listed.splitlines())  # the CLI as a process


def _schema(database) -> dict:
    """Everything a migration makes: the revision, and each table's columns, keys, indexes and rows."""
    from sqlalchemy import inspect, select

    from positioning.store.db import current
    from positioning.store.models import Base

    seen = inspect(database.engine)
    tables = {
        name: {
            "columns": [
                (c["name"], str(c["type"]), c["nullable"], str(c.get("default"))) for c in seen.get_columns(name)
            ],
            "primary": seen.get_pk_constraint(name)["constrained_columns"],
            "indexes": sorted((i["name"], tuple(i["column_names"]), bool(i["unique"])) for i in seen.get_indexes(name)),
            "unique": sorted((u["name"], tuple(u["column_names"])) for u in seen.get_unique_constraints(name)),
            "foreign": sorted(
                (f["name"] or "", tuple(f["constrained_columns"]), f["referred_table"])
                for f in seen.get_foreign_keys(name)
            ),
        }
        for name in seen.get_table_names()
    }
    for name, table in tables.items():
        if name in Base.metadata.tables:
            with database.engine.connect() as connection:
                table["rows"] = sorted(map(repr, connection.execute(select(Base.metadata.tables[name]))))
    return {"revision": current(database), "tables": tables}


def test_an_upgraded_sqlite_database_copied_from_the_sessions_is_what_upgrading_an_empty_one_gives(
    sqlite_database, tmp_path
):
    from positioning.store.db import open_database, upgrade

    fresh = open_database(f"sqlite:///{tmp_path / 'fresh' / 'positioning.db'}")
    upgrade(fresh)
    try:
        copied, upgraded = _schema(sqlite_database), _schema(fresh)
    finally:
        fresh.close()
    assert copied["revision"] is not None and len(copied["tables"]) > 5
    assert copied == upgraded
