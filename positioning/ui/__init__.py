"""The Dash user interface. Only this package and ``app.py`` import Dash.

``edits`` (changes to the stored canvas), ``inputs`` (checks of what the
browser sends) and ``controller`` (what each action does) are plain Python,
tested without a browser; ``views`` builds components from a canvas;
``layout`` and ``callbacks`` (a module per feature) wire them up, with the component ids from
``ids``; ``limits`` caps what the server accepts. ``assets/guards.js`` says
what the browser notices by itself (a file too large, a server out of
reach). The wording in both languages is in :mod:`positioning.i18n.wording`,
shared with the deck.
"""
