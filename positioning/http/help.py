"""The reading guide's page, ``/help``: plain HTML from the one source, :mod:`positioning.i18n.guide`.

A page of text needs no Dash: it is served straight from Flask, quick to open in a new tab beside
the workbench. Its language is ``?lang=`` (the app's "How to read" links carry the page's language),
else the browser's (Accept-Language), as the error pages choose theirs. It passes the same check of
who is asking as every other page (:mod:`.auth`): in proxy mode only a signed-in user reads it, like
the workbench it explains; it shows nothing private (its examples are the bundled canvases).
"""

from __future__ import annotations

from html import escape

import flask

from positioning.http.trouble import asked_language
from positioning.i18n.catalogue import HTML_LANG, LANGUAGES, t
from positioning.i18n.guide import PATH, Entry, entries

_STYLE = """
body{font:16px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","PingFang SC","Microsoft YaHei",
sans-serif;color:#1f2933;background:#fff;margin:0}
main{max-width:46rem;margin:0 auto;padding:1.25rem 1rem 4rem}
header p{color:#52606d}
nav ol{columns:2 14rem;padding-left:1.25rem;margin:.5rem 0 0}
nav li{margin:.15rem 0;break-inside:avoid}
section{border-top:1px solid #d9e2ec;margin-top:2rem;padding-top:.5rem;scroll-margin-top:1rem}
section:target{background:#fffbea;box-shadow:0 0 0 .75rem #fffbea}
h1{font-size:1.75rem;line-height:1.2}
h2{font-size:1.3rem;margin:.75rem 0 .25rem}
h3{font-size:.8rem;text-transform:uppercase;letter-spacing:.04em;color:#52606d;margin:1rem 0 .15rem}
p{margin:.25rem 0;overflow-wrap:anywhere}
.how{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:.92rem;background:#f5f7fa;
padding:.5rem .75rem;border-radius:4px}
.example{border-left:3px solid #2680c2;padding-left:.75rem}
a{color:#0b5cab}
.links{display:flex;gap:1.5rem;flex-wrap:wrap}
"""


def install_help(server: flask.Flask) -> None:
    """Serve the reading guide at :data:`~positioning.i18n.guide.PATH` on ``server``."""
    server.add_url_rule(PATH, "reading_guide", help_page, methods=["GET"])


def help_page() -> flask.Response:
    """The guide in ``?lang=`` (or the browser's language); an unknown language is refused by name."""
    asked = flask.request.args.get("lang")
    if asked is not None and asked not in LANGUAGES:
        message = f"lang={asked!r} is not a language of this guide: use one of {', '.join(LANGUAGES)}.\n"
        return flask.Response(message, 400, mimetype="text/plain")
    return flask.Response(guide_html(asked or asked_language()), mimetype="text/html")


def guide_html(language: str) -> str:
    """The whole page in ``language``: a table of contents, then one section per measure."""
    found = entries(language)
    other = next(code for code in LANGUAGES if code != language)
    contents = "".join(f'<li><a href="#{e.anchor}">{escape(e.name)}</a></li>' for e in found)
    sections = "".join(_section(e, language) for e in found)
    title = escape(t(language, "guide_title"))
    return f"""<!DOCTYPE html>
<html lang="{HTML_LANG[language]}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title><style>{_STYLE}</style></head>
<body><main>
<header><h1>{title}</h1><p>{escape(t(language, "guide_intro"))}</p>
<p class="links"><a href="/">{escape(t(language, "guide_back"))}</a>
<a href="{PATH}?lang={other}" lang="{HTML_LANG[other]}">{escape(t(language, "guide_other_language"))}</a></p></header>
<nav aria-labelledby="contents"><h2 id="contents">{escape(t(language, "guide_contents"))}</h2><ol>{contents}</ol></nav>
{sections}
</main></body></html>"""


def _section(entry: Entry, language: str) -> str:
    parts = (
        ("guide_what_label", entry.what, ""),
        ("guide_how_label", entry.how, "how"),
        ("guide_read_label", entry.read, ""),
        ("guide_example_label", entry.example, "example"),
    )
    body = "".join(
        f'<h3>{escape(t(language, label))}</h3><p class="{css}">{escape(text)}</p>' for label, text, css in parts
    )
    heading = f'<h2 id="h-{entry.anchor}">{escape(entry.name)}</h2>'
    return f'<section id="{entry.anchor}" aria-labelledby="h-{entry.anchor}">{heading}{body}</section>'
