"""The Dash web app: ``python app.py`` serves the positioning workbench on
http://127.0.0.1:8050 (HOST and PORT from the environment; DASH_DEBUG=1 for
debug mode), and ``gunicorn app:server`` serves ``server``.

The app itself is made by :func:`positioning.app.create_app`.
"""

from __future__ import annotations

import os

from positioning.app import DEFAULT_CANVAS, create_app, examples

__all__ = ["DEFAULT_CANVAS", "app", "create_app", "examples", "server"]

app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    )
