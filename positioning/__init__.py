"""positioning: score differentiation factors, rank them, diagnose the
positioning and draw the strategy canvas.

The public API, importable without Dash::

    import positioning
    canvas = positioning.load_canvas("configs/southwest_airlines.yaml")
    ranking = positioning.rank(canvas)
    diagnosis = positioning.diagnose(canvas)
    figure = positioning.canvas_figure(canvas)
    positioning.output.export(figure, "canvas.png", width=1600, height=900, scale=2)

A canvas, a ranking and a diagnosis are immutable; the last two hold numbers,
names and codes (``ranking.strategy``, ``ranking.reason``,
``diagnosis.verdict``, ``diagnosis.findings``). The sentences that explain
them, in English or Chinese, come from :mod:`positioning.i18n.wording`::

    from positioning.i18n.wording import diagnosis_summary, strategy_reason
    strategy_reason(ranking, "en"), diagnosis_summary(diagnosis, "zh")
"""

from importlib import metadata

from positioning.chart.figures import canvas_figure
from positioning.core.diagnostics import Diagnosis, diagnose
from positioning.core.loader import CanvasError, Problem, canvas_from_data, load_canvas, parse_canvas
from positioning.core.model import Canvas, Factor, Player, Scales, Scores, Weights
from positioning.core.scoring import RankedFactor, Ranking, rank
from positioning.output.export import ExportError, ExportJob, export, export_many, render
from positioning.output.report import report
from positioning.output.writer import dump_canvas
from positioning.rendering.renderer import Renderer

__all__ = [
    "Canvas",
    "CanvasError",
    "Diagnosis",
    "ExportError",
    "ExportJob",
    "Factor",
    "Player",
    "Problem",
    "RankedFactor",
    "Ranking",
    "Renderer",
    "Scales",
    "Scores",
    "Weights",
    "canvas_figure",
    "canvas_from_data",
    "diagnose",
    "dump_canvas",
    "export",
    "export_many",
    "load_canvas",
    "parse_canvas",
    "rank",
    "render",
    "report",
]
__version__ = metadata.version("positioning")
