"""The Dash web app: ``python app.py`` serves the positioning workbench on
http://127.0.0.1:8050 (HOST and PORT from the environment; DASH_DEBUG=1 for
debug mode).

``create_app()`` builds a fresh app for tests and WSGI servers, ``server`` is
its Flask server for ``gunicorn app:server``. Per-user state lives in the
browser (a ``dcc.Store`` in local storage), never in this process. Each app
owns the image renderer its users' downloads share (one headless browser,
started on the first download) and closes it when the app goes away or the
process exits.
"""

from __future__ import annotations

import os
import weakref
from pathlib import Path

import dash

from positioning.renderer import Renderer
from positioning.ui import callbacks
from positioning.ui.edits import example_data
from positioning.ui.layout import build_layout
from positioning.ui.limits import install_limits

ROOT = Path(__file__).resolve().parent
CONFIGS = ROOT / "configs"
DEFAULT_CANVAS = CONFIGS / "southwest_airlines.yaml"
TEMPLATE = CONFIGS / "template.yaml"


def examples() -> dict[str, Path]:
    """The bundled examples by file stem (the template is opened by its own button)."""
    return {path.stem: path for path in sorted(CONFIGS.glob("*.yaml")) if path != TEMPLATE}


def create_app(canvas_path: str | os.PathLike[str] = DEFAULT_CANVAS) -> dash.Dash:
    """The workbench; ``canvas_path`` is what a first-time visitor sees."""
    app = dash.Dash(
        __name__,
        title="Positioning workbench",
        assets_folder=str(ROOT / "assets"),
        update_title="",  # the tab title never changes while callbacks run
    )
    bundled = examples()
    titles = [(example_data(path)["title"], key) for key, path in bundled.items()]
    app.layout = build_layout(example_data(Path(canvas_path)), titles)
    renderer = Renderer()
    # Closed with the app, or at exit at the latest (finalize also runs then).
    weakref.finalize(app, renderer.close)
    callbacks.register(app, examples=bundled, template=TEMPLATE, fallback=Path(canvas_path), renderer=renderer)
    install_limits(app)
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    )
