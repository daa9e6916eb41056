"""Writing a canvas back to YAML round-trips exactly."""

from __future__ import annotations

import pytest

from positioning import load_canvas, parse_canvas
from positioning.output.writer import dump_canvas

from .conftest import CONFIGS
from .factory import canvas_data, make_canvas, to_yaml


@pytest.mark.parametrize("path", CONFIGS, ids=lambda p: p.stem)
def test_round_trip_of_every_example(path):
    canvas = load_canvas(path)
    assert parse_canvas(dump_canvas(canvas)) == canvas


def test_awkward_names_and_values_survive():
    canvas = make_canvas(
        {"yes": [1.5, 2], "2024": [0, 10], "a: b # c": [3, 4]},
        [[1.25, 2, 3, 4], [5, 5, 5, 5]],
        names=["null", "- dash"],
        title="'quoted' & \"double\"",
    )
    text = dump_canvas(canvas)
    assert parse_canvas(text) == canvas
    assert "scores: {attractiveness: 1.25, unmet_need: 2, capability: 3, barriers: 4}" in text


@pytest.mark.parametrize("name", ["0o17", "+.5", "-.5", "1e3", "1.5E3", "010", "0x1F", ".inf", "yes", "No", "~", "1:3"])
def test_names_that_look_like_values_stay_text(name):
    canvas = make_canvas(names=[name, "B", "C"])
    assert parse_canvas(dump_canvas(canvas)) == canvas


def test_style_round_trips_and_defaults_stay_out():
    canvas = make_canvas(style={"competitor_colors": ["#111111"], "footnote": "Source: us"})
    text = dump_canvas(canvas)
    assert "style:\n  competitor_colors: ['#111111']\n  footnote: 'Source: us'\n" in text
    assert parse_canvas(text) == canvas
    assert "style" not in dump_canvas(make_canvas())


def test_an_empty_note_stays_an_empty_note():
    data = canvas_data()
    data["factors"][0]["note"] = ""
    canvas = parse_canvas(to_yaml(data))
    assert canvas.factors[0].note == "" and parse_canvas(dump_canvas(canvas)) == canvas


def _pure_python(data) -> str:
    """The text PyYAML's own emitter writes (the writer's reference)."""
    import yaml

    from positioning.output import writer

    return yaml.dump(
        data, Dumper=writer._Dumper, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False
    )


_ALPHABETS = (
    "abc XYZ 019 -:#'\"&*!|>%@`,[]{}?=",  # YAML's indicators, spaces for folding at 120
    "咖啡 要素，。「」\u3000",  # CJK and its punctuation, an ideographic space
    "\t\n\r\x00\x01\x1b\x7f\x80\x85\x9f\xa0\xad\u200b\u202e\u2028\u2029\ufeff\ufffe",  # controls, separators
    "\U0001f600\U00010000\U0010ffff",  # beyond the Basic Multilingual Plane
)


def test_the_fast_emitter_writes_what_pyyaml_writes():
    """libyaml takes the text it writes alike (the examples, printable names); any other text keeps PyYAML's
    bytes: random strings of YAML indicators, CJK, control characters, separators and astral characters,
    short and over the 120-column fold, as values, keys and in flow collections."""
    import random

    from positioning.output import writer

    rng = random.Random(25)
    for _ in range(3000):
        alphabet = "".join(rng.sample(_ALPHABETS, rng.randint(1, len(_ALPHABETS))))
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 260)))
        flow = {"f": writer._Flow({"x": text}), "l": writer._FlowList([1, text])}
        data = {"title": text, text or "k": [text], **flow, "factors": [{"levels": {text: 1, "b": 2}}]}
        assert writer.dump_yaml(data) == _pure_python(data), repr(text)
    numbers = [0, -3, 10**20, 0.1, -2.5, 1e17, 1e-05, 3.3333333333333335, float("inf"), float("nan"), True, None]
    for _ in range(300):
        values = rng.sample(numbers, 4)
        data = {
            "weights": dict(zip("abcd", values, strict=True)),
            "l": writer._FlowList(values),
            "f": writer._Flow({"n": values[0]}),
        }
        assert writer.dump_yaml(data) == _pure_python(data)
    shared = [1, 2]
    assert writer.dump_yaml({"a": shared, "b": shared}) == _pure_python({"a": shared, "b": shared})  # an alias
    examples = [writer.canvas_data(load_canvas(path)) for path in CONFIGS]
    assert all(writer._emitted_alike(data) for data in examples)
    assert all(writer.dump_yaml(data) == _pure_python(data) for data in examples)
