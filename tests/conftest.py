"""Shared fixtures. Export tests need a real Chromium and a CJK font: they are
skipped on a developer machine without them, and fail under CI=true, where no
export or browser test may be skipped.

The suite runs on xdist workers (`make test`: -n 2): each worker is a pytest
session of its own, so the session fixtures below give each worker its own
PostgreSQL cluster and browser, its own workspace folder and its own upgraded
SQLite file to copy. Tests are marked by what they use (``browser``,
``services``; see ``mark``) or by their time (``slow``) so that
`make test-fast` can leave those out. SIGTERM and SIGINT stop the run
cleanly, services included (tests/shutdown.py)."""

from __future__ import annotations

import atexit
import os
import shutil
import struct
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.shutdown import Shutdown

ROOT = Path(__file__).resolve().parent.parent


def english_keys() -> set[str]:
    """The keys of en.po, the English catalogue (the core's own English is not in it)."""
    from babel.messages.pofile import read_po

    with (ROOT / "positioning" / "i18n" / "locale" / "en" / "LC_MESSAGES" / "positioning.po").open("rb") as f:
        return {str(m.id[0] if isinstance(m.id, tuple) else m.id) for m in read_po(f) if m.id}


# Apps the tests create keep their workspace in a folder of this session, in
# single-user mode, whatever the environment of the person running the tests says.
os.environ["POSITIONING_DATA"] = tempfile.mkdtemp(prefix="positioning-tests-")
atexit.register(shutil.rmtree, os.environ["POSITIONING_DATA"], ignore_errors=True)
for _name in ("DATABASE_URL", "POSITIONING_AUTH", "POSITIONING_TRUSTED_PROXIES", "POSITIONING_USER_HEADER"):
    os.environ.pop(_name, None)
CONFIGS = sorted((ROOT / "configs").glob("*.yaml"))


# --- markers, and a clean stop ------------------------------------------------------

#: What a test uses, found from its fixtures (their closure: a fixture that uses ``chromium`` counts).
BROWSER_FIXTURES = frozenset({"chromium", "browser"})
SERVICE_FIXTURES = frozenset({"postgres_url", "pg_database_url", "redis_server", "restartable"})
#: Parameters that pick a service at run time (``request.getfixturevalue``): the PostgreSQL half of
#: ``database_url``, the Celery (PostgreSQL and Redis) half of tests/test_jobs.py's ``team``.
SERVICE_PARAMS = frozenset({"postgresql", "celery"})
#: Modules whose tests start servers themselves (gunicorn, the app's own process, PostgreSQL).
SERVICE_MODULES = frozenset({"test_database_load.py", "test_deploy.py", "test_app.py"})
#: Tests that need neither but take seconds: the CLI or the app run as a process (whole modules), and single tests
#: among the slowest of `make test-fast`'s selection (its --durations). A renamed test just runs again.
SLOW_MODULES = frozenset({"test_cli.py", "test_cli_backup.py", "test_start.py"})
SLOW_TESTS = frozenset(
    {
        "test_workshop.py::test_thirty_participants_score_at_once_and_every_score_is_stored_once",
        "test_ui_limits.py::test_the_largest_request_the_page_sends_is_accepted",
        "test_ratelimit.py::test_a_workshop_of_thirty_behind_one_address_scores_without_being_limited",
        "test_spreadsheet.py::test_import_and_rank_commands",
        "test_spreadsheet.py::test_the_limits_and_data_beyond_them",
        "test_spreadsheet.py::test_one_row_of_many_cells_is_read_cell_by_cell",
        "test_spreadsheet.py::test_a_device_is_refused_unread",
        "test_spreadsheet.py::test_rows_padded_to_column_xfd_are_read_by_the_cells_they_hold",
        "test_robustness.py::test_smallest_change_on_canvases_with_ties_is_the_lps_distance_and_names_the_pair_just_beyond",
        "test_store_db.py::test_several_workers_starting_at_once_upgrade_once",
        "test_store_deck_templates.py::test_a_template_whose_xml_would_grow_twentyfold_in_memory_is_refused_before_it_is_parsed",
        "test_store_deck_templates.py::test_a_template_of_zeros_within_the_apps_upload_cap_is_refused_before_it_is_unpacked",
        "test_store_backup.py::test_the_entry_count_of_a_zip64_archive_is_read_before_its_directory",
        "test_store_backup.py::test_a_damaged_backup_is_restored_whole_or_refused_in_words_and_leaves_nothing",
        "test_http_bodies.py::test_64_mb_chunked_through_a_real_server_socket_in_bounded_time_and_memory",
        "test_stored_size.py::test_the_app_refuses_the_edit_says_why_and_keeps_the_page_canvas",
        "test_packaging.py::test_every_runtime_import_is_a_declared_dependency",
        "test_packaging.py::test_every_test_import_is_declared",
        "test_model.py::test_at_most_max_factors",
        "test_layers.py::test_import_linter_keeps_the_layers_and_finds_no_cycle",
    }
)
MARKERS = {
    "browser": "uses a real Chromium (Playwright's browser, or the renderer's export browser)",
    "services": "starts PostgreSQL, Redis, gunicorn, a Celery worker or the app as a process",
    "slow": "needs no browser or service but takes seconds (the CLI as a process, large inputs)",
}


def mark(item: pytest.Item) -> set[str]:
    """The markers ``item`` gets from what it uses."""
    names = set(getattr(item, "fixturenames", ()))
    params = set(map(str, getattr(getattr(item, "callspec", None), "params", {}).values()))
    found = {"browser"} if names & BROWSER_FIXTURES else set()
    if names & SERVICE_FIXTURES or params & SERVICE_PARAMS or item.path.name in SERVICE_MODULES:
        found.add("services")
    if item.path.name in SLOW_MODULES or f"{item.path.name}::{getattr(item, 'originalname', item.name)}" in SLOW_TESTS:
        found.add("slow")
    return found


def pytest_configure(config: pytest.Config) -> None:
    for name, meaning in MARKERS.items():
        config.addinivalue_line("markers", f"{name}: {meaning}")
    shutdown = Shutdown(lambda: config.pluginmanager.has_plugin("dsession"))
    shutdown.install()
    config.stash[_SHUTDOWN] = shutdown


def pytest_unconfigure(config: pytest.Config) -> None:
    shutdown = config.stash.get(_SHUTDOWN, None)
    if shutdown is not None:
        shutdown.uninstall()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for name in sorted(mark(item)):
            item.add_marker(name)


_SHUTDOWN = pytest.StashKey[Shutdown]()


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def chromium_executable() -> str | None:
    """The Chromium (or Chrome) on PATH, for Playwright's executable_path."""
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def _missing_system_parts() -> list[str]:
    missing = []
    if chromium_executable() is None:
        missing.append("Chromium")
    fonts = (
        subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
        if shutil.which("fc-list")
        else ""
    )
    if not fonts.strip():
        missing.append("a CJK font")
    return missing


@pytest.fixture(scope="session")
def chromium() -> None:
    """Require Chromium and a CJK font (skip locally, fail in CI)."""
    missing = _missing_system_parts()
    if missing:
        message = f"{' and '.join(missing)} not installed; run 'make test' to install them"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG file's IHDR chunk; asserts it is a PNG."""
    return png_size_bytes(Path(path).read_bytes())


def png_size_bytes(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    assert data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


# --- databases ---------------------------------------------------------------------


def _require(what: str, reason: str) -> None:
    """Skip locally, fail in CI, where nothing may be skipped."""
    message = f"{what}: {reason}; run 'make test' to install it"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def postgres_url():
    """A throwaway PostgreSQL cluster for the whole session (its ``postgres`` database URL)."""
    from tests import postgres

    if postgres.server_bin() is None:
        _require("PostgreSQL", "its server programs are not installed")
    with postgres.cluster() as url:
        yield url


@pytest.fixture
def pg_database_url(postgres_url):
    """A fresh, empty database on the session's cluster."""
    from tests import postgres

    url = postgres.new_database(postgres_url)
    yield url
    postgres.drop_database(postgres_url, url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path):
    """An empty database of each kind: a SQLite file, and a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'data' / 'positioning.db'}"
    return request.getfixturevalue("pg_database_url")


@pytest.fixture(scope="session")
def upgraded_sqlite(tmp_path_factory) -> Path:
    """A SQLite workspace brought up to date once per session (per xdist worker): tests start from a copy."""
    from positioning.store.db import open_database, upgrade

    path = tmp_path_factory.mktemp("upgraded") / "positioning.db"
    opened = open_database(f"sqlite:///{path}")
    upgrade(opened)
    opened.close()
    return path


def upgraded_copy(request: pytest.FixtureRequest, url: str) -> None:
    """Make the SQLite file at ``url`` a copy of the session's upgraded one (its migrations run once per
    session, not once per test: 30 ms instead of 300; tests/test_suite.py shows the copy is what
    upgrading gives). A PostgreSQL database is left empty: copying a template there takes as long as
    upgrading it."""
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(request.getfixturevalue("upgraded_sqlite"), path)


def _upgraded(request: pytest.FixtureRequest, url: str):
    from positioning.store.db import open_database, upgrade

    upgraded_copy(request, url)
    opened = open_database(url)
    upgrade(opened)  # a SQLite copy is at the newest revision already: a check
    return opened


@pytest.fixture
def database(database_url, request):
    """An upgraded database of each kind, closed after the test."""
    opened = _upgraded(request, database_url)
    yield opened
    opened.close()


@pytest.fixture
def sqlite_database(tmp_path, request):
    """An upgraded SQLite database (for tests that need no PostgreSQL run)."""
    opened = _upgraded(request, f"sqlite:///{tmp_path / 'data' / 'positioning.db'}")
    yield opened
    opened.close()


# --- Redis (team mode's job queue) -------------------------------------------------


@pytest.fixture
def redis_server(tmp_path):
    """A ``redis-server`` of the test's own on a free port (it may stop and start it)."""
    from tests.redis_server import RedisServer, installed

    if not installed():
        _require("Redis", "redis-server is not installed")
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


# --- the browser of the browser tests ----------------------------------------------


@pytest.fixture(scope="session")
def browser(chromium):
    """The one headless Chromium of the session's browser tests (Playwright);
    each module opens its own pages in it."""
    from playwright import sync_api as playwright_api

    with playwright_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=chromium_executable(), args=CHROMIUM_ARGS)
        yield launched
        launched.close()
