"""A throwaway PostgreSQL cluster for tests and benchmarks: ``initdb`` in a
temporary folder, ``pg_ctl start`` on a free loopback port, removed at the
end. As root the server runs as the ``postgres`` user (PostgreSQL refuses
root); otherwise as the current user.

Every cluster this process started and has not stopped yet is listed, so that
:func:`stop_all` (at exit, and from tests/shutdown.py when the run gets SIGTERM
or SIGINT) stops it even when the code that started it never gets to."""

from __future__ import annotations

import atexit
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg


def server_bin() -> Path | None:
    """The folder of PostgreSQL's server programs, if installed."""
    found = shutil.which("pg_ctl")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(p.split("/")[4]))
    return Path(candidates[-1]).parent if candidates else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user() -> tuple[list[str], pwd.struct_passwd | None]:
    if os.geteuid() != 0:
        return [], None
    user = pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"], user


@dataclass(frozen=True)
class Cluster:
    """A running cluster: the URL of its ``postgres`` database, and its server to stop and start again."""

    url: str
    control: Callable[..., object]

    def stop(self) -> None:
        """A fast shutdown: sessions are cut, as when the server goes down for maintenance."""
        self.control("stop", "-m", "fast")

    def start(self) -> None:
        self.control("start")


@contextmanager
def cluster() -> Iterator[str]:
    """A running cluster; yields the URL of its ``postgres`` database."""
    with server() as running:
        yield running.url


@contextmanager
def server() -> Iterator[Cluster]:
    """A running cluster that a test may stop and start again."""
    bin_dir = server_bin()
    if bin_dir is None:
        raise FileNotFoundError("PostgreSQL's server programs (initdb, pg_ctl) are not installed")
    prefix, user = _as_user()
    folder = Path(tempfile.mkdtemp(prefix="positioning-pg-"))
    data = folder / "data"
    if user is not None:
        os.chown(folder, user.pw_uid, user.pw_gid)
    port = _free_port()
    run = lambda *args: subprocess.run([*prefix, *args], check=True, capture_output=True, text=True)  # noqa: E731
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off -c full_page_writes=off"
    pg_ctl = [str(bin_dir / "pg_ctl"), "-D", str(data), "-l", str(folder / "LOG"), "-o", options, "-w"]
    # Listed before it starts: a signal during `pg_ctl start` still finds it.
    _RUNNING[folder] = [*prefix, *pg_ctl, "-m", "immediate", "stop"]
    try:
        run(str(bin_dir / "initdb"), "-D", str(data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        run(*pg_ctl, "start")
        yield Cluster(f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", lambda *args: run(*pg_ctl, *args))
    finally:
        _stop(folder)


#: The clusters this process started and has not stopped: their folder, and the command that stops them.
_RUNNING: dict[Path, list[str]] = {}


def _stop(folder: Path) -> None:
    command = _RUNNING.get(folder)
    if command is not None:
        subprocess.run(command, check=False, capture_output=True)
        _RUNNING.pop(folder, None)
    shutil.rmtree(folder, ignore_errors=True)


def stop_all() -> None:
    """Stop every cluster this process started and has not stopped yet (an immediate shutdown)."""
    for folder in list(_RUNNING):
        _stop(folder)


atexit.register(stop_all)


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://")


def new_database(url: str, *, encoding: str | None = None) -> str:
    """A new empty database on the cluster at ``url`` (in ``encoding``, e.g. SQL_ASCII, if given); returns its URL."""
    name = "t_" + uuid.uuid4().hex[:16]
    options = f" ENCODING '{encoding}' TEMPLATE template0 LC_COLLATE 'C' LC_CTYPE 'C'" if encoding else ""
    with psycopg.connect(_plain(url), autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"{options}')
    return url.rsplit("/", 1)[0] + "/" + name


def drop_database(url: str, name_url: str) -> None:
    name = name_url.rsplit("/", 1)[1]
    with psycopg.connect(_plain(url), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
