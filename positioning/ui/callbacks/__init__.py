"""Every callback of the app, registered here, one module per feature; each callback unpacks its
inputs, calls one plain function (tested without a browser) and returns a typed result, turned into
its Dash outputs in one place (:mod:`.wiring`).

- :mod:`.listing`: the router, the list page ("My canvases") and the browser import's message;
- :mod:`.canvas`: the editor's canvas, opened, made new, and edited;
- :mod:`.history`: undo, redo, a restored version, "Save mine", and the History tab;
- :mod:`.share` and :mod:`.workshop`: the Share control and the workshop;
- :mod:`.panel_books`: a scoring panel from several people's workbooks;
- :mod:`.views`: the chart, the tabs' views, the Ranking tab;
- :mod:`.downloads` and :mod:`.deck_templates`: the Export panel;
- :mod:`.jobs`: the list page's jobs panel;
- :mod:`.survey`: a survey imported as the canvas's importance (the Data tab);
- :mod:`.language`: the language switch, and what the browser noticed by itself.

Callbacks that write the same component (the message area, the canvas store) mark their outputs
``allow_duplicate``.
"""

from __future__ import annotations

import dash

from positioning.rendering.renderer import Renderer
from positioning.store.db import Database
from positioning.ui.callbacks import (
    canvas,
    deck_templates,
    downloads,
    history,
    jobs,
    language,
    listing,
    panel_books,
    share,
    survey,
    views,
    workshop,
)
from positioning.ui.callbacks.annotations import register as register_annotations
from positioning.ui.controller import Sources


def register(app: dash.Dash, *, sources: Sources, renderer: Renderer, database: Database) -> None:
    """Attach the callbacks to ``app``: ``sources`` are the bundled canvases (examples, the blank
    canvas, the canvas a first start creates); ``renderer`` draws every user's downloads (the app
    owns and closes it); ``database`` holds the workspace."""
    language.register(app)
    listing.register(app, database=database, sources=sources)
    canvas.register(app, database=database, sources=sources)
    survey.register(app, database=database)
    history.register(app, database=database)
    share.register(app, database=database)
    workshop.register(app, database=database, sources=sources)
    panel_books.register(app, database=database, sources=sources)
    views.register(app)
    register_annotations(app)
    downloads.register(app, database=database, renderer=renderer)
    deck_templates.register(app, database=database)
    jobs.register(app, database=database)
