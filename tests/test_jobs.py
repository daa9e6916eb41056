"""Background jobs end to end: the HTTP contract, on the embedded default (the
web process's own pool) and in team mode (a real redis-server and a real
``positioning worker``), with cancelling, owners, a killed worker and Redis
going away."""

from __future__ import annotations

import io
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
import warnings
import zipfile
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import flask
import pytest
from pptx import Presentation

from positioning.core.config import Settings
from positioning.core.loader import parse_canvas
from positioning.http.api import install_api
from positioning.http.services import services
from positioning.jobs import tasks as job_steps
from positioning.output.deck import slide_count
from positioning.output.deck_glossary import GLOSSARY_SLIDES
from positioning.rendering.renderer import Renderer
from positioning.store import jobs as stored_jobs
from positioning.store.db import open_database, upgrade
from positioning.store.models import JobResultRow
from tests.conftest import ROOT, png_size_bytes
from tests.waiting import wait_until

CANVAS = (ROOT / "configs" / "southwest_airlines.yaml").read_text(encoding="utf-8")
YAML = {"Content-Type": "application/yaml"}


@pytest.fixture(scope="module")
def renderer(chromium):
    shared = Renderer()
    yield shared
    shared.close()


def _settings(folder: Path, url: str, redis_url: str | None = None, auth: str = "single") -> Settings:
    proxies = ("127.0.0.1",) if auth == "proxy" else ()
    return Settings(folder, url, auth, trusted_proxies=proxies, redis_url=redis_url)  # type: ignore[arg-type]


@contextmanager
def web(settings: Settings, renderer: Renderer):
    """The API of an app on ``settings``, as a Flask test client."""
    database = open_database(settings.database_url)
    upgrade(database)
    app = flask.Flask(__name__)
    install_api(app, database, renderer, settings)
    try:
        yield app
    finally:
        services(app).queue.close()
        database.close()


@contextmanager
def worker(settings: Settings, folder: Path):
    """``positioning worker`` in its own process group (so that a test can kill it and its browser)."""
    env = {**os.environ, "DATABASE_URL": settings.database_url, "REDIS_URL": settings.redis_url or ""}
    log = folder / f"worker-{time.monotonic_ns()}.log"
    with log.open("wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "positioning", "worker", "--loglevel", "WARNING"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        _kill(process)
        print(log.read_text(errors="replace")[-3000:])  # shown when the test fails


def _kill(process: subprocess.Popen) -> None:
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def client(app, user: str | None = None):
    api = app.test_client()
    if user:
        api.environ_base.update({"REMOTE_ADDR": "127.0.0.1", "HTTP_X_FORWARDED_USER": user})
    return api


def _canvases(api, count: int) -> list[str]:
    ids = []
    for number in range(count):
        text = CANVAS.replace("title: ", f"title: No. {number} ", 1)
        answer = api.post("/api/canvases", data=text, headers=YAML)
        assert answer.status_code == 201, answer.get_data(as_text=True)
        ids.append(answer.get_json()["id"])
    return ids


def _until(api, job_id: str, done, seconds: float = 240) -> tuple[dict, list[float]]:
    """Poll the job until ``done(status)``; the status and every progress seen."""
    seen: list[float] = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        status = api.get(f"/api/jobs/{job_id}").get_json()
        seen.append(status["progress"])
        if done(status):
            return status, seen
        time.sleep(0.2)
    raise AssertionError(f"the job did not get there in {seconds} s: {status}")


def _ended(status: dict) -> bool:
    return status["state"] not in ("queued", "running")


def _fell_silent(database, job_id: str) -> None:
    """The job's holder last said it was alive longer ago than a holder may be silent: its process died."""
    from sqlalchemy import update

    from positioning.store.models import JobRow, utcnow

    long_ago = utcnow() - stored_jobs.SILENCE - timedelta(minutes=1)
    with database.session() as session:
        session.execute(update(JobRow).where(JobRow.id == job_id).values(heartbeat=long_ago))


@pytest.fixture(params=["embedded", "celery"])
def team(request, tmp_path, renderer):
    """An app in each mode: embedded (SQLite, the local pool) or team (PostgreSQL, Redis, a worker)."""
    if request.param == "embedded":
        with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'positioning.db'}"), renderer) as app:
            yield app
        return
    redis = request.getfixturevalue("redis_server")
    settings = _settings(tmp_path, request.getfixturevalue("pg_database_url"), redis.url)
    with web(settings, renderer) as app, worker(settings, tmp_path):
        yield app


def test_an_export_of_50_canvases_runs_as_a_job_and_its_zip_holds_every_chart(team):
    api = client(team)
    ids = _canvases(api, 50)
    started = api.post("/api/jobs/export", json={"canvases": ids, "format": "png", "preset": "slide-4x3"})
    assert started.status_code == 202 and set(started.get_json()) == {"id"}
    job_id = started.get_json()["id"]
    assert started.headers["Location"] == f"/api/jobs/{job_id}"
    status, seen = _until(api, job_id, _ended)
    assert status["state"] == "done", status
    assert set(status) >= {"state", "progress", "result", "error"} and status["error"] is None
    assert status["progress"] == 1.0 and any(0 < share < 1 for share in seen)
    assert seen == sorted(seen)  # progress only goes forward
    assert status["result"].endswith(f"/api/jobs/{job_id}/result")
    answer = api.get(f"/api/jobs/{job_id}/result")
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    with zipfile.ZipFile(io.BytesIO(answer.data)) as archive:
        names = archive.namelist()
        assert len(names) == 50 == len(set(names))
        assert all(png_size_bytes(archive.read(name)) == (1440, 1080) for name in names)
    assert "no-0-" in names[0]


def test_a_deck_of_several_canvases_is_one_pptx_with_every_canvas(renderer, tmp_path):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        ids = _canvases(api, 3)
        job_id = api.post("/api/jobs/export", json={"canvases": ids, "format": "pptx"}).get_json()["id"]
        status, _ = _until(api, job_id, _ended)
        assert status["state"] == "done", status
        deck = Presentation(io.BytesIO(api.get(f"/api/jobs/{job_id}/result").data))
        assert len(deck.slides) == 3 * slide_count(parse_canvas(CANVAS)) + GLOSSARY_SLIDES


def _kept_before_the_check() -> bytes:
    """A template that unpacks to 28 times its size (8 MB of zeros): kept while the ratio allowed 100."""
    out = io.BytesIO((ROOT / "positioning" / "output" / "templates" / "default.pptx").read_bytes())
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("ppt/media/noise.bin", random.Random(24).randbytes(200_000))
        archive.writestr("ppt/media/zeros.bin", bytes(8 * 1024 * 1024))
    return out.getvalue()


def test_a_deck_job_on_a_kept_template_that_now_fails_the_check_fails_saying_why(renderer, tmp_path):
    from positioning.jobs.tasks import reason_text
    from positioning.store.models import DeckTemplateRow, utcnow

    settings = _settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}")
    with web(settings, renderer) as app:
        api = client(app)
        database = services(app).database
        with database.session() as session:  # kept before the check, as a backup restores it
            session.add(
                DeckTemplateRow(owner="local", name="brand.potx", data=_kept_before_the_check(), updated=utcnow())
            )
        job_id = api.post("/api/jobs/export", json={"canvases": _canvases(api, 1), "format": "pptx"}).get_json()["id"]
        status, _ = _until(api, job_id, _ended)
        stored = stored_jobs.Jobs(database).get("local", job_id).error
    assert status["state"] == "failed", status
    assert re.fullmatch(
        r"template: the template unpacks to 8\.\d MB, more than the [\d.]+ MB it may "
        r"\(the file is damaged or a zip bomb\)",
        status["error"],
    ), status
    assert reason_text(stored, "zh").startswith("template：模板解压后为 8.")


def test_only_its_owner_sees_a_job(renderer, tmp_path):
    settings = _settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}", auth="proxy")
    with web(settings, renderer) as app:
        ann, bob = client(app, "ann"), client(app, "bob")
        job_id = ann.post("/api/jobs/export", json={"canvases": _canvases(ann, 1), "format": "svg"}).get_json()["id"]
        for answer in (
            bob.get(f"/api/jobs/{job_id}"),
            bob.delete(f"/api/jobs/{job_id}"),
            bob.get(f"/api/jobs/{job_id}/result"),
        ):
            assert answer.status_code == 404 and answer.get_json() == {"error": "no such job (or it is not yours)"}
        assert bob.get("/api/jobs").get_json() == []
        assert _until(ann, job_id, _ended)[0]["state"] == "done"
        ann_canvas = _canvases(ann, 1)[0]
        refused = bob.post("/api/jobs/export", json={"canvases": [ann_canvas], "format": "png"})
        assert refused.status_code == 422 and ann_canvas in refused.get_json()["error"]


def test_a_cancelled_job_stops_and_keeps_nothing(team):
    api = client(team)
    ids = _canvases(api, 30)
    job_id = api.post("/api/jobs/export", json={"canvases": ids, "format": "pdf"}).get_json()["id"]
    _until(api, job_id, lambda s: s["state"] == "running" and s["progress"] > 0)
    cancelled = api.delete(f"/api/jobs/{job_id}")
    assert cancelled.status_code == 200 and cancelled.get_json()["state"] == "cancelled"
    # The worker learns it at its next canvas, and stops. It runs one job at a time (so does the local
    # pool): once the next job is done, the cancelled one has stopped, or run to its end had it not heard.
    following = api.post("/api/jobs/export", json={"canvases": ids[:1], "format": "svg"}).get_json()["id"]
    assert _until(api, following, _ended)[0]["state"] == "done"
    status = api.get(f"/api/jobs/{job_id}").get_json()
    assert status["state"] == "cancelled" and status["result"] is None
    assert status["error"] == "Cancelled by you; nothing was kept." and status["progress"] < 1
    assert api.get(f"/api/jobs/{job_id}/result").status_code == 410
    with services(team).database.session() as session:
        assert session.get(JobResultRow, job_id) is None
    assert api.delete(f"/api/jobs/{job_id}").status_code == 204  # a finished job is forgotten
    assert api.get(f"/api/jobs/{job_id}").status_code == 404


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        ({"canvases": "all", "format": "png"}, 422, "canvases: a list of canvas ids"),
        ({"canvases": [], "format": "png"}, 422, "from 1 to 200 ids"),
        ({"canvases": ["x"] * 201, "format": "png"}, 422, "from 1 to 200 ids"),
        ({"canvases": ["x"], "format": "gif"}, 422, "format: one of png, svg, pdf, pptx"),
        ({"canvases": ["x"], "format": "png", "preset": "huge"}, 422, "preset: one of"),
        ({"canvases": ["x"], "format": "png", "colour": "red"}, 422, "unknown field 'colour'"),
        ({"canvases": ["x"], "format": "png"}, 422, "'x' is not one of your canvases"),
        ([1, 2], 422, "send a JSON object"),
        ({"canvases": ["x"], "format": "png", "preset": {}}, 422, "preset: one of"),
        ({"canvases": ["x"], "format": "png", "preset": ["square"]}, 422, "preset: one of"),
        ({"canvases": ["x"], "format": ["png"]}, 422, "format: one of"),
        (
            '{"canvases": ' + "[" * 30_000 + "]" * 30_000 + ', "format": "png"}',
            422,
            "send a JSON object",
        ),  # within 64 KB
    ],
)
def test_a_request_that_cannot_be_run_says_what_is_allowed(renderer, tmp_path, body, status, says):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        if isinstance(body, str):  # JSON text no parser reads (nested past Python's recursion limit)
            answer = api.post("/api/jobs/export", data=body, content_type="application/json")
        else:
            answer = api.post("/api/jobs/export", json=body)
        assert answer.status_code == status and says in answer.get_json()["error"]
        assert api.get("/api/jobs").get_json() == []


def test_not_json_is_415_and_a_sixth_waiting_job_is_429(renderer, tmp_path):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        assert api.post("/api/jobs/export", data="canvases=1", content_type="text/plain").status_code == 415
        ids = _canvases(api, 20)
        started = [api.post("/api/jobs/export", json={"canvases": ids, "format": "pdf"}) for _ in range(6)]
        assert [a.status_code for a in started] == [202] * 5 + [429]
        assert "5 jobs waiting or running" in started[5].get_json()["error"]
        for answer in started[:5]:
            api.delete(f"/api/jobs/{answer.get_json()['id']}")


def test_a_killed_worker_s_job_is_run_again_by_another_worker(redis_server, pg_database_url, tmp_path, renderer):
    settings = _settings(tmp_path, pg_database_url, redis_server.url)
    with web(settings, renderer) as app:
        api = client(app)
        job_id = api.post("/api/jobs/export", json={"canvases": _canvases(api, 10), "format": "pdf"}).get_json()["id"]
        with worker(settings, tmp_path) as first:
            _until(api, job_id, lambda s: s["state"] == "running" and s["progress"] > 0.05)
            _kill(first)
        assert api.get(f"/api/jobs/{job_id}").get_json()["state"] == "running"  # not yet known dead
        _fell_silent(services(app).database, job_id)  # the web side's patience with a silent worker has run out
        with worker(settings, tmp_path):
            status, _ = _until(api, job_id, _ended)
        assert status["state"] == "done", status
        stored = stored_jobs.Jobs(services(app).database).get("local", job_id)
        assert (stored.runner, stored.attempts) == ("celery", 2)  # run twice: the second worker finished it
        with zipfile.ZipFile(io.BytesIO(api.get(f"/api/jobs/{job_id}/result").data)) as archive:
            assert len(archive.namelist()) == 10


def test_when_redis_goes_away_jobs_say_so_and_pages_still_work(redis_server, tmp_path):
    from tests.test_app import load_app_module

    settings = _settings(tmp_path, f"sqlite:///{tmp_path / 'positioning.db'}", redis_server.url)
    dash_app = load_app_module().create_app(settings=settings)
    api = dash_app.server.test_client()
    ids = _canvases(api, 1)
    assert api.get("/readyz").get_json()["checks"]["redis"] == "ok"
    redis_server.stop()
    refused = api.post("/api/jobs/export", json={"canvases": ids, "format": "png"})
    assert refused.status_code == 503
    assert "job queue (Redis) cannot be reached" in refused.get_json()["error"]
    [failed] = api.get("/api/jobs").get_json()
    assert failed["state"] == "failed" and "Redis" in failed["error"]
    assert api.get("/").status_code == 200 and api.get(f"/c/{ids[0]}").status_code == 200
    assert api.get(f"/api/canvases/{ids[0]}").status_code == 200
    ready = api.get("/readyz")
    assert ready.status_code == 503 and ready.get_json()["checks"]["redis"] == "unreachable"
    redis_server.start()
    assert api.post("/api/jobs/export", json={"canvases": ids, "format": "png"}).status_code == 202
    assert api.get("/readyz").status_code == 200


def test_a_job_left_by_a_web_process_that_ended_is_run_by_the_next_one_that_looks(renderer, tmp_path):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        ids = _canvases(api, 2)
        database = services(app).database
        spec = json.dumps({"canvases": ids, "format": "svg", "preset": None})
        orphan = stored_jobs.Jobs(database).create("local", "export", spec, runner="local")  # its process died
        stored_jobs.Jobs(database).claim(orphan.id)
        _fell_silent(database, orphan.id)
        status, _ = _until(api, orphan.id, _ended)
        assert status["state"] == "done" and stored_jobs.Jobs(database).get("local", orphan.id).attempts == 2


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _workbook(tmp_path: Path) -> bytes:
    from positioning.output.spreadsheet import write_template

    return write_template(tmp_path / "scores.xlsx", parse_canvas(CANVAS)).read_bytes()


def test_a_zip_of_canvas_files_is_imported_in_the_background_with_a_report(team, tmp_path):
    api = client(team)
    coffee = (ROOT / "configs" / "coffee_chain.yaml").read_bytes()
    upload = _zip(
        {
            "canvases/coffee.yaml": coffee,
            "canvases/scores.xlsx": _workbook(tmp_path),
            "broken.yml": b"title: x\nplayers: [{name: Us}]\n",
            "notes.txt": b"not a canvas",
            "__MACOSX/._coffee.yaml": b"\x00",
        }
    )
    started = api.post("/api/jobs/import?name=batch.zip", data=upload, content_type="application/zip")
    assert started.status_code == 202, started.get_json()
    status, _ = _until(api, started.get_json()["id"], _ended)
    assert (status["state"], status["kind"], status["canvases"]) == ("done", "import", 3)
    report = api.get(status["result"].replace("http://localhost", "")).get_json()
    assert [c["file"] for c in report["created"]] == ["canvases/coffee.yaml", "canvases/scores.xlsx"]
    assert [r["file"] for r in report["refused"]] == ["broken.yml"]
    assert report["refused"][0]["problems"][0].startswith("broken.yml")
    listed = {c["id"]: c["title"] for c in api.get("/api/canvases").get_json()}
    made = [listed[c["id"]] for c in report["created"]]
    assert made == [parse_canvas(coffee).title, parse_canvas(CANVAS).title]
    versions = api.get(f"/api/canvases/{report['created'][0]['id']}/versions").get_json()
    assert versions[0]["summary"] == "Imported from canvases/coffee.yaml"


@pytest.mark.parametrize(
    ("body", "status", "says"),
    [
        (b"not a zip at all", 422, "is not a zip file that can be read"),
        (None, 422, "holds no canvas file (.yaml, .yml, .xlsx or .xlsm)"),
        (b"PK" + bytes(5 * 1024 * 1024), 413, "at most"),
    ],
)
def test_an_upload_that_cannot_be_imported_is_refused_at_once(renderer, tmp_path, body, status, says):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        data = _zip({"readme.md": b"# hi"}) if body is None else body
        answer = api.post("/api/jobs/import", data=data, content_type="application/zip")
        assert answer.status_code == status and says in answer.get_json()["error"]
        assert api.post("/api/jobs/import", data=b"x", content_type="text/plain").status_code == 415
        assert api.get("/api/jobs").get_json() == [] and api.get("/api/canvases").get_json() == []


def test_a_zip_bomb_is_refused_before_it_is_unpacked(renderer, tmp_path):
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        bomb = _zip({f"c{n}.yaml": bytes(2 * 1024 * 1024) for n in range(60)})  # 120 MB of zeros, zipped small
        assert len(bomb) < 1024 * 1024
        answer = api.post("/api/jobs/import", data=bomb, content_type="application/zip")
        assert answer.status_code == 422 and "unpacks to 120 MB; at most 100 MB in all" in answer.get_json()["error"]


def test_a_zip_with_nothing_but_names_outside_its_folder_is_refused_by_name():
    from positioning.jobs.imports import ImportRefused, import_spec

    for name, says in (("../up.yaml", "holds '../up.yaml', which is not a plain relative name"),):
        with pytest.raises(ImportRefused, match=f"^odd.zip {re.escape(says)}"):
            import_spec(_zip({"notes.txt": b"", name: CANVAS.encode()}), "odd.zip")
    many = _zip({f"{n}.txt": b"" for n in range(5001)})
    with pytest.raises(ImportRefused, match=r"^many\.zip holds 5001 entries; a zip to import holds at most 5000$"):
        import_spec(many, "many.zip")


def _entries(entries: list[tuple[str, bytes]]) -> bytes:
    """A zip of ``entries`` as given: a name twice, a name no archiver writes."""
    buffer = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        warnings.simplefilter("ignore")  # zipfile warns of a name written twice, and writes it
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def test_an_import_keeps_two_files_of_one_name_and_refuses_odd_names_in_its_report(renderer, tmp_path):
    """Two entries "canvases/ours.yaml" each become their own canvas (the second's content twice, before);
    entries with "." or ".." parts, an absolute path or a backslash are refused by name, and the rest kept."""
    coffee = (ROOT / "configs" / "coffee_chain.yaml").read_bytes()
    odd = ["../up.yaml", "canvases/./dot.yaml", "/etc/abs.yaml", "win\\back.yaml"]
    upload = _entries(
        [("canvases/ours.yaml", coffee), ("canvases/ours.yaml", CANVAS.encode())]
        + [(name, CANVAS.encode()) for name in odd]
        + [("good.yaml", coffee)]
    )
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        started = api.post("/api/jobs/import?name=batch.zip", data=upload, content_type="application/zip")
        assert started.status_code == 202, started.get_json()
        status, _ = _until(api, started.get_json()["id"], _ended)
        assert (status["state"], status["canvases"]) == ("done", 3)
        report = api.get(status["result"].replace("http://localhost", "")).get_json()
        listed = {c["id"]: c["title"] for c in api.get("/api/canvases").get_json()}
    made = [(c["file"], listed[c["id"]]) for c in report["created"]]
    coffee_title, southwest_title = parse_canvas(coffee).title, parse_canvas(CANVAS).title
    assert made == [
        ("canvases/ours.yaml", coffee_title),
        ("canvases/ours.yaml", southwest_title),
        ("good.yaml", coffee_title),
    ]
    assert [r["file"] for r in report["refused"]] == odd
    for refused in report["refused"]:
        assert refused["problems"] == [
            f"{refused['file']}: not read: the name is not a plain relative name (an absolute path, a backslash, "
            "or a '.' or '..' part); zip the file again from its folder"
        ]


def test_a_cancelled_import_adds_no_canvas(renderer, tmp_path, monkeypatch):
    from positioning.jobs import imports as jobs_import

    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        reading = jobs_import._canvas

        def slowly(archive, name, *asking):  # each file takes a moment, so that the cancel lands while it reads
            time.sleep(0.2)
            return reading(archive, name, *asking)

        monkeypatch.setattr(jobs_import, "_canvas", slowly)
        upload = _zip({f"c{n}.yaml": CANVAS.encode() for n in range(30)})
        job_id = api.post("/api/jobs/import", data=upload, content_type="application/zip").get_json()["id"]
        _until(api, job_id, lambda s: s["progress"] > 0.1)
        api.delete(f"/api/jobs/{job_id}")
        coffee = (ROOT / "configs" / "coffee_chain.yaml").read_bytes()
        following = api.post("/api/jobs/import", data=_zip({"coffee.yaml": coffee}), content_type="application/zip")
        # the pool runs one job at a time: once the next is done, the cancelled one has stopped (or ended)
        assert _until(api, following.get_json()["id"], _ended)[0]["state"] == "done"
        assert api.get(f"/api/jobs/{job_id}").get_json()["state"] == "cancelled"
        assert [c["title"] for c in api.get("/api/canvases").get_json()] == [parse_canvas(coffee).title]


def _slow_workbook(folder: Path, rows: int = 8000, cells: int = 1000) -> bytes:
    """A valid workbook whose sheet also holds ``rows`` rows of ``cells`` empty cells each: seconds of work
    to read even cell by cell (within the unpacked-size limits: a stored member of noise keeps the ratio)."""
    path = folder / "slow.xlsx"
    path.write_bytes(_workbook(folder))
    with zipfile.ZipFile(path) as archive:
        parts = {info.filename: archive.read(info) for info in archive.infolist()}
    empty = b"<c/>" * cells
    filler = b"".join(b'<row r="%d">%s</row>' % (number, empty) for number in range(2000, 2000 + rows))
    sheet = "xl/worksheets/sheet1.xml"
    parts[sheet] = parts[sheet].replace(b"</sheetData>", filler + b"</sheetData>")
    noise = os.urandom(sum(map(len, parts.values())) // 90)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
        archive.writestr("xl/media/noise.bin", noise, zipfile.ZIP_STORED)
    return buffer.getvalue()


def _asked(database, job_id: str) -> bool:
    """Whether the job's holder has said it is alive since it took the job: a workbook being read asks
    between its rows whether to go on (the holder's own beat comes only after seconds)."""
    from positioning.store.models import JobRow

    with database.session() as session:
        row = session.get_one(JobRow, job_id)
        return row.state == "running" and row.heartbeat > row.updated


def test_cancelling_an_import_stops_the_workbook_it_is_reading(renderer, tmp_path):
    """Cancel stops a file between its rows, so the local pool's one thread takes the next job at once,
    not when the file (seconds of work) is done."""
    with web(_settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}"), renderer) as app:
        api = client(app)
        upload = _zip({"slow.xlsx": _slow_workbook(tmp_path)})
        assert len(upload) < 2 * 1024 * 1024
        slow = api.post("/api/jobs/import?name=slow.zip", data=upload, content_type="application/zip").get_json()
        _until(api, slow["id"], lambda status: status["state"] == "running", seconds=30)
        wait_until(lambda: _asked(services(app).database, slow["id"]), 30, "the reading to ask whether to go on")
        assert api.delete(f"/api/jobs/{slow['id']}").get_json()["state"] == "cancelled"
        cancelled = time.monotonic()
        one = _zip({"one.yaml": CANVAS.encode()})
        after = api.post("/api/jobs/import?name=one.zip", data=one, content_type="application/zip").get_json()
        status, _ = _until(api, after["id"], _ended, seconds=60)
        waited = time.monotonic() - cancelled
        assert status["state"] == "done" and waited < 3, f"the next job waited {waited:.1f} s"
        assert api.get(f"/api/jobs/{slow['id']}").get_json()["state"] == "cancelled"
        assert [c["title"] for c in api.get("/api/canvases").get_json()] == [parse_canvas(CANVAS).title]


def _damaged(good: bytes) -> bytes:
    """A zip of ``good.yaml`` and two copies that cannot be read: one with a flipped byte
    (bad CRC), one marked as having a password."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as archive:  # stored, so the flipped byte is the text's
        for name in ("good.yaml", "crc.yaml", "locked.yaml"):
            archive.writestr(name, good)
    data = bytearray(buffer.getvalue())
    content = data.find(good[:40], data.find(b"crc.yaml"))
    data[content + 5] ^= 0xFF
    for signature, flags, name_at in ((b"PK\x03\x04", 6, 30), (b"PK\x01\x02", 8, 46)):
        at = data.find(signature)
        while at >= 0:
            if data[at + name_at : at + name_at + 11] == b"locked.yaml":
                data[at + flags] |= 1
            at = data.find(signature, at + 4)
    return bytes(data)


def test_an_import_refuses_a_damaged_or_locked_file_and_keeps_the_others(tmp_path):
    from types import SimpleNamespace

    from positioning.jobs.imports import import_spec, run_import

    stored = []

    class Canvases:  # the repository's add, as run_import's store calls it
        def add(self, session, canvas, summary, text=None):
            stored.append(canvas.title)
            return SimpleNamespace(id=f"id{len(stored)}", title=canvas.title)

    data = _damaged(CANVAS.encode())
    spec = import_spec(data, "damaged.zip")
    report = json.loads(run_import(spec, data, Canvases(), lambda share: None)(None).data)
    assert [c["file"] for c in report["created"]] == ["good.yaml"]
    refused = {r["file"]: r["problems"] for r in report["refused"]}
    assert set(refused) == {"crc.yaml", "locked.yaml"}
    assert all("damaged or locked" in problems[0] for problems in refused.values())


def test_a_job_whose_worker_died_while_redis_is_away_is_failed_in_words_not_left_queued(database):
    """Re-sending the reaped job fails (Redis is down): the job must not stay "queued"
    in the database with no message in Redis, waiting hours for a worker that never hears of it."""
    from sqlalchemy import update

    from positioning.jobs.queue import CeleryQueue
    from positioning.store.jobs import Jobs
    from positioning.store.models import JobRow, utcnow
    from tests.redis_server import _free_port

    jobs = Jobs(database)
    job = jobs.create("ann", "export", json.dumps({"canvases": ["a"], "format": "png"}), runner="celery")
    jobs.claim(job.id)
    with database.session() as session:  # its worker was killed a minute ago
        session.execute(update(JobRow).where(JobRow.id == job.id).values(heartbeat=utcnow() - timedelta(minutes=1)))
    queue = CeleryQueue(database, f"redis://127.0.0.1:{_free_port()}/0")
    try:
        queue.reap()
    finally:
        queue.close()
    ended = jobs.get("ann", job.id)
    assert ended.state == "failed"
    assert json.loads(ended.error)["key"] == "job_requeue_down"


def test_a_job_left_by_a_web_process_that_ended_is_taken_up_even_if_nobody_looks(renderer, tmp_path, monkeypatch):
    """After a restart in embedded mode, the new process takes up the dead one's jobs on its own:
    an owner who closed the tab must not find their export still "running" when they come back."""
    monkeypatch.setattr(job_steps, "BEAT_SECONDS", 0.2)  # how often the new process looks for silent jobs
    settings = _settings(tmp_path, f"sqlite:///{tmp_path / 'p.db'}")
    database = open_database(settings.database_url)
    upgrade(database)
    spec = json.dumps({"canvases": ["deleted-meanwhile"], "format": "svg", "preset": None})
    orphan = stored_jobs.Jobs(database).create("local", "export", spec, runner="local")
    stored_jobs.Jobs(database).claim(orphan.id)  # and then its process died
    _fell_silent(database, orphan.id)
    with web(settings, renderer):  # the next process starts; no request comes
        jobs = stored_jobs.Jobs(database)
        wait_until(lambda: jobs.get("local", orphan.id).state not in stored_jobs.ACTIVE, 15, "the job to be taken up")
    ended = stored_jobs.Jobs(database).get("local", orphan.id)
    database.close()
    assert (ended.state, ended.attempts) == ("failed", 2)  # run again (its canvas is gone, so it fails in words)
    assert json.loads(ended.error)["key"] == "job_canvas_gone"


def test_a_worker_reserves_no_second_job_while_it_runs_one():
    """A job reserved ahead by a worker that is then killed sits in Redis's unacked set for
    the visibility timeout (an hour) while the database says queued; so workers reserve none.
    (Seen for real: kill -9 a worker running job A with job B waiting; B ran only an hour later.)"""
    from positioning.jobs.worker import celery_app

    app = celery_app("redis://127.0.0.1:1/0")
    try:
        assert app.conf.worker_disable_prefetch and app.conf.worker_prefetch_multiplier == 1
    finally:
        app.close()
