"""The English of the libraries' own phrases the wording translates: the msgids of the
catalogues' ``yaml`` and ``plotly`` contexts (their translations are in the .po files)."""

from __future__ import annotations

#: PyYAML's words in a syntax error (a phrase not here is shown as PyYAML wrote it).
YAML: tuple[str, ...] = (
    "YAML syntax error",
    "while parsing a block mapping",
    "while parsing a block collection",
    "while parsing a block node",
    "while parsing a flow mapping",
    "while parsing a flow sequence",
    "while parsing a flow node",
    "while parsing a node",
    "while scanning a simple key",
    "while scanning a quoted scalar",
    "while scanning a plain scalar",
    "while scanning a block scalar",
    "while scanning an anchor",
    "while scanning an alias",
    "while scanning a tag",
    "while scanning a directive",
    "while scanning for the next token",
    "expected a single document in the stream",
    "but found another document",
    "did not find expected key",
    "did not find expected node content",
    "did not find expected '-' indicator",
    "did not find expected ',' or ']'",
    "did not find expected ',' or '}'",
    "did not find expected comment or line break",
    "did not find expected alphabetic or numeric character",
    "did not find expected <document start>",
    "could not find expected ':'",
    "mapping values are not allowed in this context",
    "block sequence entries are not allowed in this context",
    "found character that cannot start any token",
    "found a tab character that violates indentation",
    "found a tab character where an indentation space is expected",
    "found undefined alias",
    "found unexpected end of stream",
    "found unknown escape character",
    "found unexpected ':'",
    "control characters are not allowed",
)
#: plotly.js's words on the chart's toolbar and hints (its ``config.locales`` dictionary's keys).
PLOTLY: tuple[str, ...] = (
    "Autoscale",
    "Compare data on hover",
    "Double-click on legend to isolate one trace",
    "Double-click to zoom back out",
    "Download plot as a PNG",
    "Download plot",
    "Pan",
    "Reset axes",
    "Show closest data on hover",
    "Snapshot succeeded",
    "Sorry, there was a problem downloading your snapshot!",
    "Taking snapshot - this may take a few seconds",
    "Toggle Spike Lines",
    "Zoom",
    "Zoom in",
    "Zoom out",
)
#: Each context's phrases.
PHRASES = {"yaml": YAML, "plotly": PLOTLY}
