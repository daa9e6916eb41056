"""The Dash user interface. Only this package and ``app.py`` import Dash.

``state`` (canvas edits) and ``i18n`` (wording) are plain Python; ``views``
builds components from a canvas; ``layout`` and ``callbacks`` wire them up.
"""
