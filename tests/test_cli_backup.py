"""``positioning backup`` and ``positioning restore`` on the app's own configuration
(POSITIONING_DATA, DATABASE_URL): their messages and exit codes, run as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from positioning import cli
from positioning.store.db import open_database, upgrade
from tests.conftest import ROOT
from tests.workspaces import rows, seed


def run(*args: str | Path, data: Path) -> subprocess.CompletedProcess[str]:
    """The command in a subprocess, on the workspace in the folder ``data``."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    result = subprocess.run(
        [sys.executable, "-m", "positioning", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={**env, "POSITIONING_DATA": str(data)},
        timeout=300,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A data folder holding a seeded workspace."""
    database = open_database(f"sqlite:///{tmp_path / 'data' / 'positioning.db'}")
    try:
        upgrade(database)
        seed(database)
    finally:
        database.close()
    return tmp_path / "data"


def _rows(folder: Path) -> dict:
    database = open_database(f"sqlite:///{folder / 'positioning.db'}")
    try:
        return rows(database)
    finally:
        database.close()


def test_backup_then_restore_into_a_new_data_folder(workspace: Path, tmp_path: Path):
    archive = tmp_path / "workspace.zip"
    wrote = run("backup", "-o", archive, data=workspace)
    assert wrote.returncode == 0, wrote.stderr
    counts = "3 canvases with 8 versions and 2 share links, 2 workshops with 3 participants and 4 scores"
    assert wrote.stdout == f"wrote {archive}: {counts}, 1 deck template\n"  # plural forms from the catalogue
    fresh = tmp_path / "fresh"
    restored = run("restore", archive, data=fresh)
    assert restored.returncode == 0, restored.stderr
    url = f"sqlite:///{(fresh / 'positioning.db').resolve()}"
    assert restored.stdout == f"restored {archive} into {url}: {counts}, 1 deck template\n"
    assert _rows(fresh) == _rows(workspace)
    again = run("restore", archive, data=fresh)
    assert again.returncode == 2 and again.stdout == ""
    assert again.stderr.startswith(f"{url}: the database is not empty (canvases, ")
    assert _rows(fresh) == _rows(workspace)


def test_a_bad_archive_is_a_sentence_and_exit_2_in_either_language(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path / "data"))
    path = tmp_path / "w.zip"
    path.write_bytes(b"not a zip")
    assert cli.main(["restore", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}: is not a zip file; give a backup written by 'positioning backup'\n"
    assert cli.main(["--lang", "zh", "restore", str(path)]) == 2
    assert capsys.readouterr().err == f"{path}：不是 zip 文件；请给出由“positioning backup”写出的备份\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("manifest.json", '{"format": "positioning-workspace", "format_version": 1}')
    assert cli.main(["restore", "--lang", "zh", str(path)]) == 2
    assert capsys.readouterr().err.startswith(f"{path}（manifest.json）：schema_revision：是必填项，但没有给出\n")


def test_backup_of_a_folder_without_a_workspace_and_to_a_place_it_cannot_write(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSITIONING_DATA", str(tmp_path / "nothing"))
    assert cli.main(["backup", "-o", str(tmp_path / "w.zip")]) == 2
    assert "the database holds no workspace (it has no tables); check POSITIONING_DATA" in capsys.readouterr().err
    assert cli.main(["db", "upgrade"]) == 0
    capsys.readouterr()
    missing = tmp_path / "no-folder" / "w.zip"
    assert cli.main(["backup", "-o", str(missing)]) == 1
    assert capsys.readouterr().err == (
        f"positioning: {missing}: cannot write the file: the folder {missing.parent} does not exist\n"
    )
    assert cli.main(["backup", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == f"positioning: {tmp_path}: is a folder; give a file name\n"


def test_an_unreachable_database_is_exit_1_without_its_password(workspace, tmp_path, monkeypatch, capsys):
    archive = tmp_path / "w.zip"
    monkeypatch.setenv("POSITIONING_DATA", str(workspace))
    assert cli.main(["backup", "-o", str(archive)]) == 0
    url = "postgresql+psycopg://app:secret@127.0.0.1:1/none"
    monkeypatch.setenv("DATABASE_URL", url)
    capsys.readouterr()
    assert cli.main(["backup", "-o", str(tmp_path / "other.zip")]) == 1
    assert cli.main(["restore", str(archive)]) == 1
    backing_up, restoring = capsys.readouterr().err.splitlines()
    shown = url.replace("secret", "***")
    assert backing_up.startswith(f"positioning: cannot back up the database {shown}: ")
    assert restoring.startswith(f"positioning: cannot bring the database {shown} up to date: ")
    assert "secret" not in backing_up + restoring
    assert not (tmp_path / "other.zip").exists()


def test_restore_into_postgresql_named_by_database_url(workspace, tmp_path, pg_database_url, monkeypatch, capsys):
    archive = tmp_path / "workspace.zip"
    monkeypatch.setenv("POSITIONING_DATA", str(workspace))
    assert cli.main(["backup", "-o", str(archive)]) == 0
    monkeypatch.setenv("DATABASE_URL", pg_database_url)
    assert cli.main(["restore", str(archive)]) == 0
    assert f"into {pg_database_url}: 3 canvases" in capsys.readouterr().out
    team = open_database(pg_database_url)
    try:
        assert rows(team) == _rows(workspace)
    finally:
        team.close()
