"""The Dash web app: ``python app.py`` serves the strategy canvas of the
bundled example on http://127.0.0.1:8050 (HOST and PORT from the environment).

``create_app()`` builds a fresh app (for tests and WSGI servers) and
``server`` is the Flask server for ``gunicorn app:server``. The full
workbench (upload, editing, tuning, downloads) is issue #3; this is the
minimal viewer the core ships with.
"""

from __future__ import annotations

import os
from pathlib import Path

import dash
from dash import dcc, html

import positioning

ROOT = Path(__file__).resolve().parent
DEFAULT_CANVAS = ROOT / "configs" / "southwest_airlines.yaml"
GRAPH_ID = "canvas-graph"


def create_app(canvas_path: str | os.PathLike[str] = DEFAULT_CANVAS) -> dash.Dash:
    """A Dash app showing the strategy canvas of ``canvas_path``."""
    canvas = positioning.load_canvas(Path(canvas_path))
    app = dash.Dash(__name__, title=f"positioning: {canvas.title}", assets_folder=str(ROOT / "assets"))
    app.layout = html.Main(
        className="page",
        children=[
            dcc.Graph(
                id=GRAPH_ID,
                figure=positioning.canvas_figure(canvas),
                config={"displaylogo": False, "responsive": True},
                className="canvas-graph",
            )
        ],
    )
    return app


app = create_app()
server = app.server

if __name__ == "__main__":
    app.run(
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8050")),
        debug=os.environ.get("DASH_DEBUG", "").lower() in ("1", "true", "yes"),
    )
