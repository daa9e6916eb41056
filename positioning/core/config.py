"""Where the app keeps its data and whom it trusts, read once from the environment.

Embedded defaults need no configuration: a SQLite file in the data folder
(``POSITIONING_DATA``, default ``./data``) and one local user with no login.
A team sets ``DATABASE_URL`` (``postgresql+psycopg://...``) and puts the app
behind an authenticating proxy (``POSITIONING_AUTH=proxy``), and may set
``REDIS_URL`` (``redis://host:6379/0``) to run background jobs on Celery
workers (``positioning worker``) instead of the web process's own pool.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

#: The owner of every canvas in single-user mode.
LOCAL_USER = "local"
DEFAULT_USER_HEADER = "X-Forwarded-User"

AuthMode = Literal["single", "proxy"]


class ConfigError(ValueError):
    """A setting in the environment that cannot be used; the message names it."""


@dataclass(frozen=True)
class Settings:
    """The app's configuration.

    ``database_url`` is a SQLAlchemy URL; ``auth`` is ``single`` (one local
    owner, no login) or ``proxy`` (the user name comes in ``user_header``,
    trusted only from the addresses in ``trusted_proxies``); ``redis_url``,
    when set, is the Celery broker that background jobs go through.
    """

    data_folder: Path
    database_url: str
    auth: AuthMode = "single"
    user_header: str = DEFAULT_USER_HEADER
    trusted_proxies: tuple[str, ...] = ()
    redis_url: str | None = None


def settings_from(env: Mapping[str, str] | None = None) -> Settings:
    """The settings in ``env`` (the process environment by default)."""
    env = os.environ if env is None else env
    folder = Path(env.get("POSITIONING_DATA") or "data").expanduser()
    url = env.get("DATABASE_URL") or sqlite_url(folder)
    auth = (env.get("POSITIONING_AUTH") or "single").strip().lower()
    if auth not in ("single", "proxy"):
        raise ConfigError(f"POSITIONING_AUTH is {auth!r}; use 'single' (the default, no login) or 'proxy'")
    proxies = tuple(p.strip() for p in (env.get("POSITIONING_TRUSTED_PROXIES") or "").split(",") if p.strip())
    if auth == "proxy" and not proxies:
        raise ConfigError(
            "POSITIONING_AUTH=proxy needs POSITIONING_TRUSTED_PROXIES: the comma-separated addresses "
            "of the login proxy (for example 127.0.0.1)"
        )
    header = (env.get("POSITIONING_USER_HEADER") or DEFAULT_USER_HEADER).strip()
    redis = (env.get("REDIS_URL") or "").strip() or None
    if redis is not None and not redis.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"REDIS_URL is {redis!r}; use redis://host:port/db, rediss://... or unix://path")
    return Settings(folder, url, "proxy" if auth == "proxy" else "single", header, proxies, redis)


def sqlite_url(folder: Path) -> str:
    """The embedded database's URL: ``positioning.db`` in ``folder``."""
    return f"sqlite:///{(folder / 'positioning.db').resolve()}"
