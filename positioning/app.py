"""The Dash web app as a factory: :func:`create_app` builds a fresh app for
tests and WSGI servers (the repository's ``app.py`` is the thin entry point).

Canvases live in the workspace database (:mod:`positioning.core.config`: a
SQLite file in ``POSITIONING_DATA`` by default, or ``DATABASE_URL``), brought
up to date on start. ``/`` lists the user's canvases, each canvas has its
editor at ``/c/<id>``, a share link opens a read-only view at ``/s/<token>``
(:mod:`positioning.ui.pages`; answered 404 or 410 when it opens nothing:
:mod:`positioning.http.links`), and the HTTP API is under ``/api``. Each app
owns the services its requests share (:mod:`positioning.http.services`): the
image renderer (one headless browser, started on the first download), the
database connections and the job queue, and closes them when the app goes
away or the process exits. Dash's layout and callbacks are serialised once
(:mod:`positioning.http.fixed`), answers go gzipped to browsers that accept
it, and the app's fingerprinted files are kept by browsers for a year
(:mod:`positioning.http.compression`).
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import dash

from positioning.core.config import Settings, settings_from
from positioning.http.api import install_api
from positioning.http.compression import install_compression
from positioning.http.fixed import answer_once
from positioning.http.help import install_help
from positioning.http.links import install_link_status
from positioning.http.ratelimit import install_rate_limits
from positioning.http.security import install_security_headers
from positioning.http.services import services
from positioning.rendering.renderer import Renderer
from positioning.store.db import open_database, upgrade
from positioning.ui import callbacks
from positioning.ui.controller import Sources
from positioning.ui.edits import example_data
from positioning.ui.layout import build_layout
from positioning.ui.limits import install_limits

#: The repository's root: the bundled examples (configs/) and the app's assets.
ROOT = Path(__file__).resolve().parent.parent
CONFIGS = ROOT / "configs"
DEFAULT_CANVAS = CONFIGS / "southwest_airlines.yaml"
BLANK_CANVAS = CONFIGS / "template.yaml"


def examples() -> dict[str, Path]:
    """The bundled examples by file stem (the blank canvas is opened by its own button)."""
    return {path.stem: path for path in sorted(CONFIGS.glob("*.yaml")) if path != BLANK_CANVAS}


def create_app(canvas_path: str | os.PathLike[str] = DEFAULT_CANVAS, *, settings: Settings | None = None) -> dash.Dash:
    """The workbench on the workspace of ``settings`` (from the environment by
    default); ``canvas_path`` is the canvas a first start creates."""
    settings = settings or settings_from()
    database = open_database(settings.database_url)
    upgrade(database)
    app = dash.Dash(
        __name__,
        title="Positioning workbench",
        assets_folder=str(ROOT / "assets"),
        update_title="",  # the tab title never changes while callbacks run
    )
    install_compression(app.server)  # installed first, so it runs last: on each answer as it leaves
    bundled = examples()
    titles = [(example_data(path)["title"], key) for key, path in bundled.items()]
    app.layout = build_layout(titles)
    renderer = Renderer()
    # Closed with the app, or at exit at the latest (finalize also runs then).
    weakref.finalize(app, renderer.close)
    weakref.finalize(app, database.close)
    install_api(app.server, database, renderer, settings)
    weakref.finalize(app, services(app.server).queue.close)
    sources = Sources(examples=bundled, blank=BLANK_CANVAS, fallback=Path(canvas_path))
    callbacks.register(app, sources=sources, renderer=renderer, database=database)
    answer_once(app.server)  # the layout (built above, static) and the callbacks: the same for everyone
    install_limits(app)
    install_security_headers(app.server, app.csp_hashes())
    install_rate_limits(app.server, settings)
    install_link_status(app.server)
    install_help(app.server)
    return app
