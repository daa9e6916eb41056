"""Write a canvas back to YAML that loads into exactly the same canvas."""

from __future__ import annotations

from typing import Any

import yaml

from positioning.core.loader import yaml_resolvers
from positioning.core.model import Canvas, Factor


class _Flow(dict):
    """A mapping written on one line: ``{attractiveness: 5, unmet_need: 3, ...}``."""


class _FlowList(list):
    """A list written on one line: ``[1, 5]``."""


class _Dumper(yaml.SafeDumper):
    pass


# libyaml's emitter (3x faster at 500 factors) writes the same text as PyYAML's as long as every string is
# printable and within the Basic Multilingual Plane (see _emitted_alike); other text takes PyYAML's.
class _FastDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    pass


for _class in (_Dumper, _FastDumper):
    # Quote any text that either YAML 1.1 (other readers) or the loader's YAML 1.2
    # rules would read as something else: "0o17", "1e3", "yes", "+.5".
    for _first, _resolvers in yaml_resolvers().items():
        for _tag, _pattern in _resolvers:
            _class.add_implicit_resolver(_tag, _pattern, [_first])
    _class.add_representer(_Flow, lambda d, v: d.represent_mapping("tag:yaml.org,2002:map", v, flow_style=True))
    _class.add_representer(_FlowList, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True))


def _number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def canvas_data(canvas: Canvas) -> dict[str, Any]:
    """The canvas as plain data in file order, optional fields left out when unset."""
    players = []
    for p in canvas.players:
        player: dict[str, Any] = {"name": p.name}
        if p.color:
            player["color"] = p.color
        players.append(player)
    factors = [_factor_data(canvas, f) for f in canvas.factors]
    return {
        "title": canvas.title,
        "subject": canvas.subject,
        "players": players,
        "scales": {
            "score": _FlowList(_number(v) for v in canvas.scales.score),
            "level": _FlowList(_number(v) for v in canvas.scales.level),
        },
        "weights": {c: _number(w) for c, w in canvas.weights.as_dict().items()},
        "top": canvas.top,
        **({"style": style} if (style := _style(canvas)) else {}),
        **_robustness(canvas),
        **_panel(canvas),
        **_segments(canvas),
        "factors": factors,
        **({"annotations": [a.data() for a in canvas.annotations]} if canvas.annotations else {}),
    }


def _factor_data(canvas: Canvas, f: Factor) -> dict[str, Any]:
    factor: dict[str, Any] = {"name": f.name}
    if f.category:
        factor["category"] = f.category
    if f.source:
        factor["source"] = f.source
    if f.scores:
        factor["scores"] = _Flow((c, _number(v)) for c, v in f.scores.as_dict().items())
    factor["levels"] = _Flow((name, _number(f.levels[name])) for name in canvas.player_names)
    if f.note is not None:  # an empty note too: it reads back as one, not as none
        factor["note"] = f.note
    for key in ("importance", "importance_n", "importance_sd", "target"):
        if getattr(f, key) is not None:
            factor[key] = _number(getattr(f, key))
    if f.better != "higher":
        factor["better"] = f.better
    return factor


def _segments(canvas: Canvas) -> dict[str, Any]:
    segments = []
    for g in canvas.segments:
        segment: dict[str, Any] = {"name": g.name}
        if g.share is not None:
            segment["share"] = _number(g.share)
        segment["importance"] = _Flow((name, _number(v)) for name, v in g.importance.items())
        segments.append(segment)
    return {"segments": segments} if segments else {}


def _robustness(canvas: Canvas) -> dict[str, Any]:
    """The robustness settings that differ from the defaults (nothing when none do)."""
    data = canvas.robustness.model_dump(exclude_defaults=True)
    return {"robustness": {k: _number(v) for k, v in data.items()}} if data else {}


def _panel(canvas: Canvas) -> dict[str, Any]:
    if not canvas.panel:
        return {}
    raters = [
        {
            "rater": r.rater,
            "scores": {
                name: _Flow((c, _number(v)) for c, v in scores.as_dict().items()) for name, scores in r.scores.items()
            },
        }
        for r in canvas.panel
    ]
    aggregate = {"panel_aggregate": canvas.panel_aggregate} if canvas.panel_aggregate != "mean" else {}
    return {**aggregate, "panel": raters}


def _style(canvas: Canvas) -> dict[str, Any]:
    """The style block without its defaults (empty when nothing is set)."""
    data = canvas.style.model_dump(exclude_defaults=True)
    if "competitor_colors" in data:
        data["competitor_colors"] = _FlowList(data["competitor_colors"])
    return data


def dump_canvas(canvas: Canvas) -> str:
    """YAML text of the canvas; ``parse_canvas(dump_canvas(c)) == c``."""
    return dump_yaml(canvas_data(canvas))


def dump_yaml(data: Any) -> str:
    """Plain data as YAML that the loader reads back as the same data."""
    dumper = _FastDumper if _emitted_alike(data) else _Dumper
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)


def _emitted_alike(data: Any) -> bool:
    """Whether libyaml writes ``data`` exactly as PyYAML does: every string printable (no control character,
    line or paragraph separator, no-break or zero-width space, which PyYAML and libyaml quote or fold
    differently) and below U+10000 (which libyaml escapes); every key not empty and at most 100 bytes (PyYAML writes a
    longer key as ``? key`` from about 123 characters, libyaml from 129 bytes).

    >>> _emitted_alike({"title": "Coffee 咖啡", "levels": [1, 2.5]}), _emitted_alike({"title": "a\\nb"})
    (True, False)
    """
    if isinstance(data, str):
        return data.isprintable() and (not data or max(data) < "\U00010000")
    if isinstance(data, dict):
        return all(_short(key) and _emitted_alike(key) and _emitted_alike(value) for key, value in data.items())
    if isinstance(data, list | tuple):
        return all(_emitted_alike(item) for item in data)
    return True


def _short(key: Any) -> bool:
    return not isinstance(key, str) or 0 < len(key.encode("utf-8")) <= 100
