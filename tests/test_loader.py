"""Loading and validation: one test per class of bad input, with the exact
file:line: field: message the user sees."""

from __future__ import annotations

import dataclasses
import errno
import inspect
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError

from positioning import Canvas, CanvasError, load_canvas, parse_canvas
from positioning.core import loader, messages, model
from positioning.core.loader import MAX_BYTES, MAX_PROBLEMS, os_reason
from positioning.i18n import wording
from tests.conftest import english_keys

GOOD = """\
title: Short-haul air travel
subject: Southwest
players:
  - name: Southwest
    color: "#c0392b"
  - name: Average airline
  - name: Car
scales:
  score: [1, 5]
  level: [0, 10]
weights: {attractiveness: 0.4, unmet_need: 0.2, capability: 0.2, barriers: 0.2}
top: 2
factors:
  - name: Price
    category: product
    source: adjacent
    scores: {attractiveness: 5, unmet_need: 3, capability: 5, barriers: 3}
    levels: {Southwest: 2, Average airline: 8, Car: 3}
  - name: Friendly service
    scores:
      attractiveness: 4
      unmet_need: 5
      capability: 5
      barriers: 4
    levels: {Southwest: 9, Average airline: 4, Car: 2}
"""


def problems(text: str | bytes) -> list[str]:
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="x.yaml")
    return [str(p) for p in caught.value.problems]


def only(text: str | bytes) -> str:
    found = problems(text)
    assert len(found) == 1, found
    return found[0]


def test_good_file_loads_into_an_immutable_canvas():
    canvas = parse_canvas(GOOD)
    assert canvas.subject == "Southwest"
    assert canvas.competitors == ("Average airline", "Car")
    assert canvas.factor_names == ("Price", "Friendly service")
    assert canvas.levels_of("Car") == (3.0, 2.0)
    assert canvas.weights.normalised()["attractiveness"] == pytest.approx(0.4)
    assert canvas.factors[0].category == "product"
    with pytest.raises(ValidationError, match="frozen"):
        canvas.title = "other"  # type: ignore[misc]


def test_defaults_apply_when_optional_sections_are_absent():
    text = GOOD.replace("scales:\n  score: [1, 5]\n  level: [0, 10]\n", "").replace(
        "weights: {attractiveness: 0.4, unmet_need: 0.2, capability: 0.2, barriers: 0.2}\ntop: 2\n", ""
    )
    canvas = parse_canvas(text)
    assert canvas.scales.score == (1.0, 5.0) and canvas.scales.level == (0.0, 10.0)
    assert set(canvas.weights.normalised().values()) == {0.25}
    assert canvas.top == 3


def test_load_canvas_takes_a_path_and_parse_canvas_takes_text(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_canvas(path) == load_canvas(str(path)) == parse_canvas(GOOD) == parse_canvas(GOOD.encode())
    with pytest.raises(CanvasError, match=r"missing\.yaml: no such file"):
        load_canvas(tmp_path / "missing.yaml")
    with pytest.raises(CanvasError, match="is a folder"):
        load_canvas(tmp_path)
    # No more guessing: a one-line string is a path even when it looks like YAML,
    # and YAML text (several lines) is refused with a pointer to parse_canvas.
    with pytest.raises(CanvasError, match=r"^\{title: x\}: no such file"):
        load_canvas("{title: x}")
    with pytest.raises(TypeError, match="parse_canvas"):
        load_canvas(GOOD)


def test_load_canvas_names_the_file_as_asked(tmp_path: Path):
    path = tmp_path / "c.yaml"
    path.write_text(GOOD.replace("top: 2", "top: 0"), encoding="utf-8")
    with pytest.raises(CanvasError) as caught:
        load_canvas(path, name="upload.yaml")
    assert str(caught.value) == "upload.yaml:12: top: 0 is too small; it must be at least 1"


def test_no_mutable_default_arguments():
    for function in (f for _, f in inspect.getmembers(loader, inspect.isfunction) if f.__module__ == loader.__name__):
        for parameter in inspect.signature(function).parameters.values():
            assert not isinstance(parameter.default, list | dict | set), (function.__name__, parameter.name)


def test_unicode_names_including_chinese():
    text = GOOD.replace("Southwest", "西南航空").replace("Price", "价格")
    canvas = parse_canvas(text)
    assert canvas.subject == "西南航空" and canvas.factors[0].name == "价格"


def test_syntax_error_names_the_line():
    text = GOOD.replace("  - name: Car\n", "  - name: Car\n   bad: [1, 2\n")
    message = only(text)
    assert message.startswith("x.yaml:")
    assert "YAML syntax error" in message


def test_tab_indentation_is_a_syntax_error():
    assert "YAML syntax error" in only("title: x\n\tsubject: y\n")


def test_empty_file():
    assert only("") == "x.yaml: the file is empty; a canvas needs title, subject, players and factors"
    assert "the file is empty" in only("# only a comment\n")


def test_top_level_must_be_a_mapping():
    assert only("- a\n- b\n") == (
        "x.yaml:1: the top level must be a mapping of keys (title:, subject:, players:, factors:, ...), not a list"
    )
    assert "not a single value" in only("just text\n")


def test_wrong_types_are_reported_with_line_and_field():
    text = GOOD.replace("unmet_need: 3, capability: 5", "unmet_need: high, capability: 5").replace("top: 2", "top: 2.5")
    assert problems(text) == [
        "x.yaml:12: top: 2.5 is not a whole number",
        "x.yaml:17: factors[0].scores.unmet_need: 'high' is not a number",
    ]


def test_yes_no_is_not_a_number_and_numbers_are_not_names():
    assert only(GOOD.replace("capability: 5, barriers: 3}", "capability: true, barriers: 3}")) == (
        "x.yaml:17: factors[0].scores.capability: true (a yes/no value) is not a number"
    )
    # YAML 1.2: `yes` is text, so it is still not a number, and says what was written.
    assert only(GOOD.replace("capability: 5, barriers: 3}", "capability: yes, barriers: 3}")) == (
        "x.yaml:17: factors[0].scores.capability: 'yes' is not a number"
    )
    assert only(GOOD.replace("title: Short-haul air travel", "title: 2024")) == (
        "x.yaml:1: title: 2024 is not text; put it in quotes"
    )


def test_nan_and_infinity_are_refused():
    assert only(GOOD.replace("Car: 3}", "Car: .nan}")) == (
        "x.yaml:18: factors[0].levels.Car: nan is not allowed; give a finite number"
    )
    assert "inf is not allowed" in only(GOOD.replace("barriers: 0.2}", "barriers: .inf}"))


def test_out_of_range_score_and_level():
    text = GOOD.replace("attractiveness: 4\n", "attractiveness: 7\n").replace(
        "Average airline: 8", "Average airline: 11"
    )
    assert problems(text) == [
        "x.yaml:18: factors[0].levels.Average airline: 11 is outside the level scale 0-10",
        "x.yaml:21: factors[1].scores.attractiveness: 7 is outside the score scale 1-5",
    ]


def test_custom_scales_are_used_for_range_checks():
    text = GOOD.replace("score: [1, 5]", "score: [1, 10]").replace("attractiveness: 4\n", "attractiveness: 7\n")
    parse_canvas(text)
    assert "the score scale must be [low, high] with low < high, got [5, 1]" in only(
        GOOD.replace("score: [1, 5]", "score: [5, 1]")
    )
    assert "x.yaml:10: scales.level" in only(GOOD.replace("level: [0, 10]", "level: [0, 10, 20]"))


def test_missing_and_extra_player_levels():
    missing = only(GOOD.replace("levels: {Southwest: 2, Average airline: 8, Car: 3}", "levels: {Southwest: 2, Car: 3}"))
    assert missing == (
        "x.yaml:18: factors[0].levels: no level for 'Average airline'; give exactly one level per player"
    )
    extra = only(GOOD.replace("Car: 2}", "Car: 2, Carr: 4}"))
    assert extra == (
        "x.yaml:25: factors[1].levels.Carr: 'Carr' is not a player "
        "('Southwest', 'Average airline', 'Car'); did you mean 'Car'?"
    )


def test_duplicate_names():
    text = GOOD.replace("  - name: Car\n", "  - name: Car\n  - name: Car\n").replace(
        "name: Friendly service", "name: Price"
    )
    found = problems(text)
    assert "x.yaml:8: players[3].name: duplicate player name 'Car' (also players[2]); names must be unique" in found
    assert any("factors[1].name: duplicate factor name 'Price' (also factors[0])" in p for p in found)


def test_duplicate_keys_are_not_silently_overwritten():
    text = GOOD.replace("top: 2\n", "top: 2\ntop: 3\n")
    assert only(text) == "x.yaml:13: top: duplicate key 'top' (first on line 12); each key may appear once"


def test_subject_must_be_a_player():
    assert only(GOOD.replace("subject: Southwest", "subject: SouthWest")) == (
        "x.yaml:2: subject: 'SouthWest' is not one of the players "
        "('Southwest', 'Average airline', 'Car'); did you mean 'Southwest'?"
    )


def test_fewer_than_two_players():
    text = "title: t\nsubject: A\nplayers:\n  - name: A\nfactors:\n  - name: F\n"
    text += "    scores: {attractiveness: 1, unmet_need: 1, capability: 1, barriers: 1}\n    levels: {A: 1}\n"
    assert only(text) == "x.yaml:3: players: needs at least 2 players, found 1"


def test_no_factors():
    text = GOOD.split("factors:")[0] + "factors: []\n"
    assert only(text) == "x.yaml:13: factors: needs at least 1 factor, found 0"
    assert "x.yaml:1: factors: is required but missing" in problems(GOOD.split("factors:")[0])


def test_negative_and_all_zero_weights():
    assert only(GOOD.replace("unmet_need: 0.2,", "unmet_need: -0.2,")) == (
        "x.yaml:11: weights.unmet_need: -0.2 is negative; it must be at least 0"
    )
    zero = "weights: {attractiveness: 0, unmet_need: 0, capability: 0, barriers: 0}"
    assert only(GOOD.replace(GOOD.splitlines()[10], zero)) == (
        "x.yaml:11: weights: the weights are all zero; give at least one criterion a positive weight"
    )


def test_unknown_keys_with_did_you_mean():
    text = GOOD.replace("    scores: {attractiveness: 5", "    scroes: {attractiveness: 5").replace(
        "unmet_need: 5\n", "unmet_ned: 5\n"
    )
    found = problems(text)
    assert found[0] == "x.yaml:14: factors[0].scores: no scores; give the four scores, or a panel whose raters score it"
    assert found[1] == (
        "x.yaml:17: factors[0].scroes: unknown key 'scroes'; did you mean 'scores'? "
        "(allowed: name, category, source, scores, levels, note, importance, importance_n, importance_sd, "
        "target, better)"
    )
    assert any(
        p.startswith("x.yaml:22: factors[1].scores.unmet_ned: unknown key 'unmet_ned'; did you mean 'unmet_need'?")
        for p in found
    )
    assert "x.yaml:1: colour: unknown key 'colour'" in only("colour: red\n" + GOOD)


def test_bad_category_source_and_colour():
    assert only(GOOD.replace("category: product", "category: prodcut")) == (
        "x.yaml:15: factors[0].category: 'prodcut' is not allowed; did you mean 'product'? "
        "(allowed: product, relationship, brand)"
    )
    assert "(allowed: current, industry, adjacent, future)" in only(GOOD.replace("source: adjacent", "source: past"))
    assert only(GOOD.replace('"#c0392b"', "reddish")).startswith(
        "x.yaml:5: players[0].color: 'reddish' is not a colour"
    )


def test_all_problems_of_a_file_are_reported_at_once():
    text = (
        GOOD.replace("subject: Southwest", "subject: Nobody")
        .replace("Average airline: 8", "Average airline: 80")
        .replace("source: adjacent", "source: nowhere")
    )
    assert len(problems(text)) == 3


def test_file_not_utf8(tmp_path: Path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Car", "Caf\xe9").encode("latin-1"))
    with pytest.raises(CanvasError) as caught:
        load_canvas(path)
    assert str(caught.value) == f"{path}:7: the file is not UTF-8 text (byte 0xe9); save it with UTF-8 encoding"


def test_utf8_bom_is_accepted():
    parse_canvas(b"\xef\xbb\xbf" + GOOD.encode())


def test_python_object_tags_are_refused_and_never_run(tmp_path: Path):
    marker = tmp_path / "ran"
    text = GOOD.replace("title: Short-haul air travel", f"title: !!python/object/apply:os.system ['touch {marker}']")
    assert only(text) == (
        "x.yaml:1: title: the tag !!python/object/apply:os.system is not allowed; "
        "use plain YAML values (text, numbers, lists, mappings)"
    )
    assert not marker.exists()
    assert "tag !custom is not allowed" in only(GOOD.replace("top: 2", "top: !custom 2"))


def test_far_too_large_file(tmp_path: Path):
    path = tmp_path / "big.yaml"
    path.write_text(GOOD + "#" * MAX_BYTES, encoding="utf-8")
    # sizes are rounded up (positioning.core.sizes): a file over the limit never reads as the limit
    with pytest.raises(CanvasError, match=r"the file is 2\.1 MB; canvas files are limited to 2 MB"):
        load_canvas(path)
    with pytest.raises(CanvasError, match="limited to 2 MB"):
        parse_canvas(GOOD + "#" * MAX_BYTES)
    with pytest.raises(CanvasError, match=r"the file is 3 MB;"):
        parse_canvas(b"#" * 3 * 1024 * 1024)


def test_the_real_size_of_a_huge_file_is_reported_though_only_2_mb_are_read(tmp_path: Path):
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(200 * 1024 * 1024)  # sparse: 200 MB on paper, nothing on disk
    with pytest.raises(CanvasError) as caught:
        load_canvas(path)
    assert str(caught.value) == f"{path}: the file is 200 MB; canvas files are limited to 2 MB"


BOMB = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_alias_bomb_is_refused_quickly():
    # 9**9 (387 million) strings from ~700 bytes; the budget stops it after
    # about 10,000 nodes. Timing is measured in `make bench`; here we only make
    # sure it is refused, and not after minutes.
    started = time.perf_counter()
    message = only(BOMB)
    assert "anchors and aliases expand to far more data than the file holds" in message
    assert time.perf_counter() - started < 5


def test_modest_aliases_are_fine():
    text = GOOD.replace(
        "    scores: {attractiveness: 5, unmet_need: 3, capability: 5, barriers: 3}",
        "    scores: &same {attractiveness: 5, unmet_need: 3, capability: 5, barriers: 3}",
    )
    text = text.replace(
        "    scores:\n      attractiveness: 4\n      unmet_need: 5\n      capability: 5\n      barriers: 4\n",
        "    scores: *same\n",
    )
    canvas = parse_canvas(text)
    assert canvas.factors[0].scores == canvas.factors[1].scores


def test_recursive_alias_is_refused():
    assert "an alias refers to itself" in only("title: &a [*a]\n")


def test_merge_keys_and_multiple_documents():
    assert "merge keys ('<<') are not supported" in only(GOOD + "extra: &x {a: 1}\nmore:\n  <<: *x\n")
    assert "YAML syntax error" in only(GOOD + "---\ntitle: second\n")


def test_error_string_joins_every_problem():
    with pytest.raises(CanvasError) as caught:
        parse_canvas(GOOD.replace("top: 2", "top: 0").replace("Car: 3}", "Car: 30}"), name="c.yaml")
    assert str(caught.value).splitlines() == [
        "c.yaml:12: top: 0 is too small; it must be at least 1",
        "c.yaml:18: factors[0].levels.Car: 30 is outside the level scale 0-10",
    ]


def test_models_check_consistency_for_api_users_too():
    from positioning import Canvas

    data = yaml.safe_load(GOOD)
    data["subject"] = "Nobody"
    with pytest.raises(ValidationError, match="subject: 'Nobody' is not one of the players"):
        Canvas.model_validate(data)


# --- inputs found by review: each must give a located message, never a crash ---


def test_deep_flow_nesting_is_refused_without_crashing():
    # libyaml's composer recurses in C: 40,000 levels used to kill the process.
    message = only("title: " + "[" * 40_000 + "]" * 40_000)
    assert message == "x.yaml:1: the file is nested too deeply"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ('!!int "abc"', "'abc' is not a valid !!int value"),
        ('!!float "x"', "'x' is not a valid !!float value"),
        ('!!bool "maybe"', "'maybe' is not a valid !!bool value"),
        ('!!int ""', "'' is not a valid !!int value"),
        ("1" + "0" * 5000, "is not a valid !!int value"),
        ("1" + "0" * 400, "is too large a number"),
    ],
)
def test_bad_explicit_scalars_and_huge_numbers(value: str, message: str):
    found = only(GOOD.replace("top: 2", f"top: {value}"))
    assert found.startswith("x.yaml:12: top: ") and message in found


def test_a_bad_level_in_the_only_factor_does_not_claim_no_factors():
    text = GOOD.split("  - name: Friendly service")[0].replace("Car: 3}", 'Car: "3"}')
    assert only(text) == "x.yaml:18: factors[0].levels.Car: '3' is not a number"


def test_many_wrong_player_keys_are_capped():
    players = [f"P{i}" for i in range(3000)]
    text = "title: t\nsubject: P0\nplayers:\n" + "".join(f"  - name: {p}\n" for p in players)
    text += "factors:\n  - name: F\n    scores: {attractiveness: 1, unmet_need: 1, capability: 1, barriers: 1}\n"
    text += "    levels: {" + ", ".join(f"Q{i}: 1" for i in range(3000)) + "}\n"
    started = time.perf_counter()
    found = problems(text)
    assert len(found) <= 51
    assert found[0] == "x.yaml:3: players: has 3,000 players; a canvas holds at most 50: split it into several canvases"
    assert "and 2994 more" in found[1]
    assert found[-1] == "x.yaml: and more problems"
    assert time.perf_counter() - started < 5


@pytest.mark.parametrize("color", ["rgb(.,.,.)", "rgb(1.2.3, 4, 5)", "rgb(%)", "rgba(1, 2, 3)", "#12345"])
def test_malformed_colours_are_refused(color: str):
    assert "is not a colour" in only(GOOD.replace('"#c0392b"', f'"{color}"'))


@pytest.mark.parametrize("color", ["#abc", "#AABBCC", "#aabbcc80", "rgb(192, 57, 43)", "rgba(10%, 20%, 30%, 0.5)"])
def test_good_colours_are_accepted(color: str):
    assert parse_canvas(GOOD.replace('"#c0392b"', f'"{color}"')).players[0].color == color


def test_control_characters_and_blank_names_are_refused():
    found = problems(GOOD.replace("name: Car", 'name: "C\\e[31mar"').replace("Car: ", '"C\\e[31mar": '))
    assert found[0] == (
        "x.yaml:7: players[2].name: 'C\\x1b[31mar' must be one line of text without control characters or only spaces"
    )
    assert all("\x1b" not in p for p in found)
    assert "only spaces" in only(GOOD.replace("title: Short-haul air travel", 'title: "   "'))
    block = GOOD.replace("subject: Southwest", "subject: |\n  Southwest")
    assert "subject: 'Southwest\\n' must be one line of text" in only(block)


def test_raw_control_character_names_its_line():
    assert only(GOOD.replace("subject: Southwest", "subject: South\x07west")) == (
        "x.yaml:2: character '\\x07' is not allowed in a YAML file; remove it"
    )


def test_special_files_are_refused_not_read_forever():
    with pytest.raises(CanvasError, match="is not a regular file"):
        load_canvas(Path("/dev/zero"))


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_without_waiting_for_a_writer(tmp_path: Path):
    pipe = tmp_path / "pipe.yaml"
    os.mkfifo(pipe)
    started = time.perf_counter()
    with pytest.raises(CanvasError) as caught:
        load_canvas(pipe)
    assert str(caught.value) == f"{pipe}: is not a regular file"
    assert time.perf_counter() - started < 5


def test_unreadable_paths_are_explained_in_words(tmp_path: Path):
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "file.yaml").write_text(GOOD, encoding="utf-8")
    expected = {
        "loop.yaml": "cannot be read: a symbolic link on the path loops back on itself",
        "dangling.yaml": "is a symbolic link to a missing file",
        "file.yaml/c.yaml": "cannot be read: a part of the path is a file, not a folder",
        "n" * 300 + ".yaml": "cannot be read: the name is too long",
    }
    for name, message in expected.items():
        with pytest.raises(CanvasError) as caught:
            load_canvas(tmp_path / name)
        assert str(caught.value) == f"{tmp_path / name}: {message}"
    with pytest.raises(CanvasError, match="the name contains a NUL character"):
        load_canvas("a\0b.yaml")


@pytest.mark.parametrize(
    ("error", "reason"),
    [
        # Faults that root (as in CI containers) cannot meet for real: the wording table only.
        (PermissionError(errno.EACCES, "Permission denied"), "permission denied"),
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full"),
        (OSError(errno.EROFS, "Read-only file system"), "the file system is read-only"),
        (OSError(errno.EPIPE, "Broken pipe"), "broken pipe"),
        (OSError("Cannot save file into a non-existent directory"), "cannot save file into a non-existent directory"),
    ],
)
def test_os_errors_become_phrases_without_errno_numbers(error: OSError, reason: str):
    assert os_reason(error) == reason


def test_empty_values_and_documents():
    assert only(GOOD.replace("title: Short-haul air travel", "title:")) == "x.yaml:1: title: is empty; give a value"
    assert "the file is empty" in only("---\n...\n")


def test_exponent_numbers_are_numbers():
    canvas = parse_canvas(GOOD.replace("barriers: 0.2}", "barriers: 2e-1}"))
    assert canvas.weights.barriers == 0.2


def test_tags_on_keys_are_refused():
    text = GOOD.replace("title: Short-haul air travel", "!!python/object/apply:os.system title: T")
    assert any("tag !!python/object/apply:os.system is not allowed" in p for p in problems(text))


def test_astronomic_weights_and_scales_are_refused():
    weights = "weights: {attractiveness: 1.0e+308, unmet_need: 1.0e+308, capability: 1.0e+308, barriers: 1.0e+308}"
    found = problems(GOOD.replace(GOOD.splitlines()[10], weights))
    assert found[0] == "x.yaml:11: weights.attractiveness: 1e+308 is too large; it must be at most 1e+09"
    assert problems(GOOD.replace("level: [0, 10]", "level: [-1.0e+308, 1.0e+308]"))[0] == (
        "x.yaml:10: scales.level[0]: -1e+308 is too small; it must be at least -1e+09"
    )


def test_style_block_is_checked():
    styled = GOOD.replace(
        "top: 2\n", 'top: 2\nstyle:\n  background: transparant\n  colour: red\n  competitor_colors: ["#fff", blue]\n'
    )
    assert problems(styled) == [
        "x.yaml:14: style.background: 'transparant' is not allowed; did you mean 'transparent'? "
        "(allowed: white, transparent)",
        "x.yaml:15: style.colour: unknown key 'colour' "
        "(allowed: subject_color, competitor_colors, font, background, subtitle, footnote)",
        "x.yaml:16: style.competitor_colors[1]: 'blue' is not a colour; "
        "write a hex colour such as '#c0392b' or rgb(192, 57, 43)",
    ]
    canvas = parse_canvas(GOOD.replace("top: 2\n", "top: 2\nstyle:\n  footnote: 'Source: interviews, 2026'\n"))
    assert canvas.style.footnote == "Source: interviews, 2026" and canvas.style.background == "white"


# --- YAML 1.2 values: no octal, base-60 or yes/no surprises ---------------------------


@pytest.mark.parametrize(("written", "value"), [("010", 10), ("0o17", 15), ("0x1F", 31), ("+7", 7), ("0012", 12)])
def test_yaml_1_2_whole_numbers(written: str, value: int):
    assert parse_canvas(GOOD.replace("top: 2", f"top: {written}")).top == value


@pytest.mark.parametrize(
    ("written", "value"), [("1e-1", 0.1), ("2.5E0", 2.5), (".5e1", 5.0), ("1.", 1.0), ("+.5", 0.5)]
)
def test_yaml_1_2_numbers_with_a_point_or_an_exponent(written: str, value: float):
    assert parse_canvas(GOOD.replace("barriers: 0.2}", f"barriers: {written}}}")).weights.barriers == value


def test_a_leading_zero_is_decimal_not_octal():
    canvas = parse_canvas(GOOD.replace("Average airline: 8", "Average airline: 010").replace("Car: 3}", "Car: 07}"))
    assert canvas.levels_of("Average airline")[0] == 10.0 and canvas.levels_of("Car")[0] == 7.0


@pytest.mark.parametrize("written", ["1:3", "0b11", "1_0", "12:30", "0x", "-0x1F", "0o8", "1e", "1.5.2"])
def test_yaml_1_1_number_forms_are_text(written: str):
    assert only(GOOD.replace("Car: 3}", f"Car: {written}}}")) == (
        f"x.yaml:18: factors[0].levels.Car: '{written}' is not a number"
    )


def test_only_true_and_false_are_booleans():
    # The "Norway problem": under YAML 1.1, NO would be the boolean false.
    text = GOOD.replace("name: Car", "name: NO").replace("Car: 3}", "NO: 3}").replace("Car: 2}", "NO: 2}")
    canvas = parse_canvas(text.replace("title: Short-haul air travel", "title: yes"))
    assert canvas.player_names[-1] == "NO" and canvas.title == "yes"
    for word in ("y", "n", "on", "off", "Yes", "NO"):
        assert parse_canvas(GOOD.replace("title: Short-haul air travel", f"title: {word}")).title == word
    for word in ("true", "True", "TRUE", "false"):
        assert "(a yes/no value) is not text" in only(GOOD.replace("title: Short-haul air travel", f"title: {word}"))
    assert "'yes' is not a valid !!bool value" in only(GOOD.replace("top: 2", "top: !!bool yes"))


@pytest.mark.parametrize("written", [".inf", "-.Inf", "+.INF", ".NaN", ".NAN"])
def test_infinity_and_nan_forms_are_numbers_and_refused(written: str):
    assert "is not allowed; give a finite number" in only(GOOD.replace("Car: 3}", f"Car: {written}}}"))


@pytest.mark.parametrize("written", ["~", "null", "Null", "NULL"])
def test_null_forms(written: str):
    assert only(GOOD.replace("title: Short-haul air travel", f"title: {written}")) == (
        "x.yaml:1: title: is empty; give a value"
    )


def test_explicit_tags_follow_yaml_1_2_too():
    assert parse_canvas(GOOD.replace("top: 2", "top: !!int 010")).top == 10
    assert "'1:3' is not a valid !!int value" in only(GOOD.replace("top: 2", "top: !!int 1:3"))
    assert parse_canvas(GOOD.replace("title: Short-haul air travel", "title: !!str 010")).title == "010"


def test_dates_and_times_are_text():
    canvas = parse_canvas(GOOD.replace("title: Short-haul air travel", "title: 2024-01-31 12:30"))
    assert canvas.title == "2024-01-31 12:30"


# --- long lists of problems ------------------------------------------------------------


def factors(count: int, attractiveness: object = 5, level: object = 2) -> str:
    head = GOOD.split("factors:")[0] + "factors:\n"
    return head + "".join(
        f"  - name: F{i}\n"
        f"    scores: {{attractiveness: {attractiveness}, unmet_need: 3, capability: 5, barriers: 3}}\n"
        f"    levels: {{Southwest: {level}, Average airline: 8, Car: 3}}\n"
        for i in range(count)
    )


def test_the_count_of_problems_not_listed_comes_last():
    found = problems(factors(120, attractiveness="high"))
    assert len(found) == MAX_PROBLEMS + 1
    assert found[0] == "x.yaml:15: factors[0].scores.attractiveness: 'high' is not a number"
    assert found[-2].startswith("x.yaml:162: factors[49].scores.attractiveness")
    assert found[-1] == "x.yaml: and 70 more problems"


def test_type_and_consistency_problems_are_listed_in_file_order_then_counted():
    found = problems(factors(30, attractiveness="high", level=20))
    lines = [int(p.split(":")[1]) for p in found[:-1]]
    assert len(found) == MAX_PROBLEMS + 1 and lines == sorted(lines)
    assert found[-1] == "x.yaml: and 10 more problems"
    assert problems(factors(51, attractiveness="high"))[-1] == "x.yaml: and 1 more problem"
    # Consistency checks stop early (did-you-mean hints are costly): the rest is not counted.
    assert problems(factors(120, level=20))[-1] == "x.yaml: and more problems"
    assert len(problems(factors(50, level=20))) == MAX_PROBLEMS


# --- every problem in Chinese too ------------------------------------------------------

#: Words a Chinese message may hold besides those of the file, its name and the field's path:
#: formats and units that read the same in Chinese.
KEPT = {"YAML", "UTF", "NUL", "MB", "rgb"}
#: The file format's own words: its keys and the values it allows.
FORMAT_WORDS = {
    word
    for model in (
        Canvas,
        model.Player,
        model.Scales,
        model.Weights,
        model.Style,
        model.Factor,
        model.Segment,
        model.Rater,
        model.RobustnessSettings,
    )
    for name in model.model_fields
    for word in re.findall(r"[A-Za-z]+", name)
} | {word for choices in loader._CHOICES.values() for word in choices}


#: A word of two letters or more (not the letters of a number such as 0xe9).
WORD = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{2,}(?![A-Za-z0-9])")


def english_left(text: str, written: str = "") -> set[str]:
    """The English words in a Chinese ``text`` that the user did not write and the format does not name."""
    return set(WORD.findall(text)) - KEPT - FORMAT_WORDS - set(WORD.findall(written))


def _with(*pairs: tuple[str, str]) -> str:
    text = GOOD
    for old, new in pairs:
        assert old in text, old
        text = text.replace(old, new)
    return text


SEGMENTS = """\
segments:
  - name: Business
    share: 0.5
    importance: {Price: 9, Friendly servce: 3}
  - name: Business
    importance: {Price: 3}
"""
PANEL = """\
panel:
  - rater: CFO
    scores:
      Prise: {attractiveness: 4, unmet_need: 3, capability: 5, barriers: 3}
  - rater: CFO
    scores:
      Price: {attractiveness: 9, unmet_need: 3, capability: 5, barriers: 3}
"""
UNSCORED = "    scores:\n      attractiveness: 4\n      unmet_need: 5\n      capability: 5\n      barriers: 4\n"
PLAYERS = "".join(f"  - name: P{i}\n" for i in range(60))

#: Bad canvas files, among them one of every problem the loader and the model's rules word.
BAD_FILES: list[str | bytes] = [
    # the models' cross-field rules
    _with(("subject: Southwest", "subject: Southwst")),
    _with(("subject: Southwest", 'subject: "Southwest\\u200b"')),  # a character no name holds
    _with(("Car: 3}", "Carr: 3}"), ("name: Friendly service", "name: Price")),
    _with(("  - name: Car", "  - name: Southwest")),
    _with(("attractiveness: 5, unmet_need: 3", "attractiveness: 7, unmet_need: 3"), ("Car: 2}", "Car: 20}")),
    _with(("    scores: {attractiveness: 5, unmet_need: 3, capability: 5, barriers: 3}\n", "")),
    _with(("    source: adjacent\n", "    source: adjacent\n    importance: 9\n    target: 20\n")),
    GOOD + SEGMENTS,
    GOOD + "segments:\n  - {name: A, share: 0, importance: {Price: 3, Friendly service: 3}}\n"
    "  - {name: B, share: 0, importance: {Price: 3, Friendly service: 3}}\n",
    _with((UNSCORED, "")) + PANEL,
    _with(('color: "#c0392b"', 'color: "#zzz"'), ("score: [1, 5]", "score: [5, 1]")),
    _with(
        (
            "attractiveness: 0.4, unmet_need: 0.2, capability: 0.2, barriers: 0.2",
            "attractiveness: 0, unmet_need: 0, capability: 0, barriers: 0",
        )
    ),
    # values of the wrong kind
    _with(
        ("top: 2", "top: 2.5\nscroes: 1"), ("category: product", "category: prodct"), ("source: adjacent", "better:")
    ),
    _with(("attractiveness: 0.4", "attractiveness: true"), ("unmet_need: 0.2", "unmet_need: .inf")),
    _with(("capability: 0.2", "capability: -1"), ("barriers: 0.2", "barriers: 2e9"), ("name: Car", "name: 12")),
    _with(("title: Short-haul air travel", "title: ''"), ("name: Price", "name: '   '"), ("subject: Southwest", "")),
    _with(("name: Average airline", "name: " + "a" * 201), ("top: 2", "top:\nrobustness: {samples: 50, step: 0}")),
    _with(("scales:\n  score: [1, 5]\n  level: [0, 10]", "scales: 3")).replace("players:", "players: {a: 1}\nx:"),
    _with(("factors:", "style:\n  competitor_colors: [" + ", ".join(["'#fff'"] * 21) + "]\nfactors:")),
    GOOD.split("players:")[0] + "players:\n  - name: Southwest\nfactors: []\n",
    GOOD.split("players:")[0] + "players:\n" + PLAYERS + "factors: []\n",
    factors(120, attractiveness="high"),
    factors(51, attractiveness="high"),
    factors(120, level=20),
    # the YAML
    "",
    "- a list\n",
    "just text\n",
    "title: [1, 2\n",
    "title: a: b\n",
    "title: South\x07west\n",
    "title: " + "[" * 40 + "]" * 40 + "\n",
    "title: &a [*a]\n",
    BOMB,
    GOOD + "extra: &x {a: 1}\nmore:\n  <<: *x\n",
    GOOD + "? [a, b]\n: 1\n",
    GOOD + "title: again\n",
    GOOD.replace("top: 2", "top: !!int many"),
    GOOD.replace("top: 2", "top: 10000000000000000"),
    GOOD.replace("title: Short-haul air travel", "title: !!python/object:os.system x"),
    GOOD + "note: \x00\n",
    b"title: caf\xe9\n",
    "#" * (MAX_BYTES + 1),
]


def _file_errors(tmp_path: Path) -> list[CanvasError]:
    """The refusals of files that cannot be read at all."""
    (tmp_path / "loop.yaml").symlink_to(tmp_path / "loop.yaml")
    (tmp_path / "dangling.yaml").symlink_to(tmp_path / "gone.yaml")
    (tmp_path / "folder.yaml").mkdir()
    errors = []
    for path in ("loop.yaml", "dangling.yaml", "folder.yaml", "missing.yaml", "a\0b.yaml", "/dev/null"):
        with pytest.raises(CanvasError) as caught:
            load_canvas(tmp_path / path if not path.startswith("/") else path)
        errors.append(caught.value)
    return errors


def _recording(monkeypatch: pytest.MonkeyPatch) -> set[str]:
    """The wording keys used from now on."""
    used: set[str] = set()
    real = wording.t

    def recording(language: str, key: str, /, **values: object) -> str:
        used.add(key)
        return real(language, key, **values)

    monkeypatch.setattr(wording, "t", recording)
    _record_templates(monkeypatch, used)
    return used


def _record_templates(monkeypatch: pytest.MonkeyPatch, used: set[str]) -> None:
    """Record the keys of the messages worded in any language (the core's English and the catalogues)."""
    for catalogue in (messages.English, wording._Catalogue):
        real = catalogue.template

        def template(self: object, key: str, real: Callable[[object, str], str] = real) -> str:
            used.add(key)
            return real(self, key)

        monkeypatch.setattr(catalogue, "template", template)
        real_plural = catalogue.plural

        def plural(self: object, key: str, n: int, real: Callable[[object, str, int], str] = real_plural) -> str:
            used.add(key)
            return real(self, key, n)

        monkeypatch.setattr(catalogue, "plural", plural)


def test_every_problem_has_chinese_words_and_the_english_is_unchanged(tmp_path: Path, monkeypatch):
    used = _recording(monkeypatch)
    cases: list[tuple[str, CanvasError]] = []
    for written in BAD_FILES:
        with pytest.raises(CanvasError) as caught:
            parse_canvas(written, name="x.yaml")
        cases.append((written.decode("latin-1") if isinstance(written, bytes) else written, caught.value))
    cases += [("", error) for error in _file_errors(tmp_path)]
    for written, error in cases:
        for problem in error.problems:
            # the English is the contract's, its place worded with the item's name (a factor's, a player's)
            named = dataclasses.replace(problem, path=wording.place_text(problem, "en"))
            assert wording.problem_text(problem, "en") == problem.message and wording.located(problem, "en") == str(
                named
            )
            chinese = wording.located(problem, "zh")
            assert chinese != str(problem) and wording.problem_text(problem, "zh") in chinese
            owner = problem.owner.name if problem.owner else ""  # a name as the file gives it, maybe shortened
            assert not english_left(chinese, f"{written} {problem.source} {problem.path} {owner}"), chinese
        assert wording.error_text(error, "zh") == "\n".join(wording.located(p, "zh") for p in error.problems)
    # Counts pydantic never gives for a canvas file, but worded all the same:
    never = [
        ("too_short", ("panel",), {"min_length": 1, "actual_length": 0}),
        ("too_short", ("players",), {"min_length": 1, "actual_length": 0}),
        ("too_long", ("factors",), {}),
    ]
    for kind, loc, ctx in never:
        words = loader._MESSAGES[kind](loader._Error(loc, [], ctx | {"max_length": 1000}))
        assert not english_left(wording.words(words, "zh")), wording.words(words, "zh")
    words = loader._MESSAGES["too_short"](loader._Error(("panel",), [], {"min_length": 2, "actual_length": 1}))
    assert wording.words(words, "en") == "needs at least 2 items, found 1"
    assert wording.words(words, "zh") == "至少需要 2 个项，现有 1 个"
    # the wording's own, for any list and any size
    lists = {"quoted", "list_separator", "list_more", "list_and", "size_bytes", "size_kb", "size_mb", "size_gb"}
    issues = {f"issue_{key}" for key in model.ISSUES} | {key for key in english_keys() if key.startswith("issue_")}
    problems = (set(messages.ENGLISH) | set(messages.ENGLISH_PLURAL) | issues) - lists
    worded = {key for key in problems if not key.startswith(("os_", "book_", "cli_", "backup_"))}
    assert worded - used == {"load_cell"}  # a workbook's cell: tests/test_spreadsheet.py


@pytest.mark.parametrize(
    ("text", "english", "chinese"),
    [
        (
            _with(("Car: 3}", "Carr: 3}")),
            "x.yaml:18: factors[0].levels.Carr: 'Carr' is not a player ('Southwest', 'Average airline', 'Car'); "
            "did you mean 'Car'?",
            "x.yaml 第 18 行：要素“Price”，levels.Carr：“Carr”不是参与者（“Southwest”、“Average airline”、“Car”）；"
            "是否应为“Car”？",
        ),
        (
            _with(("top: 2", "top: 0")),
            "x.yaml:12: top: 0 is too small; it must be at least 1",
            "x.yaml 第 12 行：top：0 太小；不能小于 1",
        ),
        (
            _with(("category: product", "category: prodct")),
            "x.yaml:15: factors[0].category: 'prodct' is not allowed; did you mean 'product'? "
            "(allowed: product, relationship, brand)",
            "x.yaml 第 15 行：要素“Price”，category：不允许 'prodct'；是否应为“product”？"
            "（可选：product、relationship、brand）",
        ),
        (
            _with(("attractiveness: 0.4", "attractiveness: yes")),
            "x.yaml:11: weights.attractiveness: 'yes' is not a number",
            "x.yaml 第 11 行：weights.attractiveness：'yes' 不是数字",
        ),
        (
            "title: [1, 2\n",
            "x.yaml:2: YAML syntax error: while parsing a flow sequence, did not find expected ',' or ']'",
            "x.yaml 第 2 行：YAML 语法错误：解析行内列表时，找不到应有的 ',' 或 ']'",
        ),
        (
            GOOD.split("players:")[0] + "players:\n  - name: Southwest\nfactors: []\n",
            "x.yaml:3: players: needs at least 2 players, found 1",
            "x.yaml 第 3 行：players：至少需要 2 个参与者，现有 1 个",
        ),
    ],
)
def test_a_problem_in_chinese_reads_like_the_english(text: str, english: str, chinese: str):
    with pytest.raises(CanvasError) as caught:
        parse_canvas(text, name="x.yaml")
    first = caught.value.problems[0]
    assert (str(first), wording.located(first, "zh")) == (english, chinese)


def test_a_problem_made_with_english_only_reads_english_in_every_language():
    problem = loader.Problem("c.yaml", 3, "top", "is wrong")
    assert wording.problem_text(problem, "zh") == wording.problem_text(problem, "en") == "is wrong"
    assert (
        wording.located(problem, "zh") == "c.yaml 第 3 行：top：is wrong" and str(problem) == "c.yaml:3: top: is wrong"
    )
    worded = loader.Problem.worded("c.yaml", None, "", loader.say("load_too_deep"))
    assert (
        worded.message == "the file is nested too deeply" and wording.problem_text(worded, "zh") == "文件嵌套层次太深"
    )
    assert worded.words == loader.say("load_too_deep")
    with pytest.raises(dataclasses.FrozenInstanceError):
        worded.message = "x"  # type: ignore[misc]


@pytest.mark.parametrize("number", sorted(loader._OS_REASONS))
def test_the_systems_refusals_have_chinese_words(number: int):
    error = OSError(number, "the system's words")
    assert os_reason(error) == wording.t("en", loader._OS_REASONS[number])
    assert not english_left(wording.words(loader.os_words(error), "zh"))


def test_a_problems_place_names_the_item_its_path_points_into():
    """The loader keeps the item as data (kind, name, the path inside it); the wording names it."""
    data = {
        "factors": [{"name": "Price"}, {"name": "Personal advisor"}, {"name": "  "}, {"name": 3}],
        "players": [{"name": "Bank\nA"}],
        "segments": [{"name": "Families"}],
        "panel": [{"rater": "CFO"}],
    }
    assert loader.owner_of(data, ("factors", 1, "scores", "capability")) == loader.Owner(
        "factors", "Personal advisor", "scores.capability"
    )
    assert loader.owner_of(data, ("factors", 0)) == loader.Owner("factors", "Price", "")
    assert loader.owner_of(data, ("players", 0, "color")) == loader.Owner("players", "'Bank\\nA'", "color")
    assert loader.owner_of(data, ("segments", 0, "importance", "Price")).name == "Families"
    assert loader.owner_of(data, ("panel", 0, "scores")).name == "CFO"
    for unnamed in (("factors", 2, "name"), ("factors", 3), ("factors", 9), ("weights", "capability"), ("factors",)):
        assert loader.owner_of(data, unnamed) is None  # no name to give: the path says where
    words = loader.say("load_missing")
    for kind, name, english, chinese in (
        ("segments", "Families", "segment 'Families', importance", "客户细分“Families”，importance"),
        ("panel", "CFO", "rater 'CFO', importance", "评分人“CFO”，importance"),
    ):
        owner = loader.Owner(kind, name, "importance")
        found = loader.Problem.worded("x.yaml", 4, f"{kind}[0].importance", words, owner=owner)
        assert wording.located(found) == f"x.yaml:4: {english}: is required but missing"
        assert wording.located(found, "zh").startswith(f"x.yaml 第 4 行：{chinese}：")


@pytest.mark.parametrize(
    "value",
    ["", "~", "null", "NULL", "true", "False", "no", "010", "0o17", "0x1F", "1:3", "0b11", ".inf", "-.Inf", ".nan",
     "1e3", "1.", ".5", "+1", "-", "<<", "<", "text", "tRue", "3.0", "9" * 50],
)  # fmt: skip
def test_the_loaders_quick_resolver_gives_pyyamls_tags(value: str):
    """The loader resolves each plain value without PyYAML's per-value list building: the same tag as
    PyYAML's own ``BaseResolver.resolve`` over the same table, plain or quoted."""
    resolver = loader._Loader("")
    for implicit in [(True, False), (False, True), (False, False)]:
        ours = resolver.resolve(yaml.ScalarNode, value, implicit)
        assert ours == yaml.resolver.BaseResolver.resolve(resolver, yaml.ScalarNode, value, implicit)
    for kind in (yaml.SequenceNode, yaml.MappingNode):
        assert resolver.resolve(kind, None, (False, False)) == yaml.resolver.BaseResolver.resolve(
            resolver, kind, None, (False, False)
        )
