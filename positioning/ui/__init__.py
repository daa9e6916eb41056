"""The Dash user interface. Only this package and ``app.py`` import Dash.

``state`` (canvas edits) and ``controller`` (what each action does) are
plain Python, tested without a browser; ``views`` builds components from a
canvas; ``layout`` and ``callbacks`` wire them up. The wording in both
languages is in :mod:`positioning.wording`, shared with the deck.
"""
