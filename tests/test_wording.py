"""The one home of the wording: complete tables, one label per code, lists of
names, and the sentences built from the codes of a ranking and a diagnosis."""

from __future__ import annotations

import importlib.util
import shutil
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po

from positioning import diagnose, load_canvas, rank
from positioning.chart.figures import MIN_COLUMN, canvas_figure, contribution_figure
from positioning.core.messages import ENGLISH, ENGLISH_PLURAL
from positioning.core.model import CATEGORIES, CRITERIA, ISSUES, SOURCES
from positioning.core.robustness import analyse
from positioning.i18n import catalogue
from positioning.i18n.catalogue import DEFAULT_LANGUAGE, DOMAIN, FOLDER, HTML_LANG, format_size, tn
from positioning.i18n.phrases import PHRASES
from positioning.i18n.wording import (
    LANGUAGES,
    category_label,
    check_language,
    criterion_label,
    diagnosis_summary,
    join_names,
    language_of,
    source_label,
    strategy_reason,
    t,
    weights_text,
)
from positioning.output.report import text_report
from positioning.output.spreadsheet import ranking_frame
from positioning.ui.grid_columns import factor_columns
from positioning.ui.views import ranking_view

from .conftest import ROOT
from .factory import make_canvas

SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
_spec = importlib.util.spec_from_file_location("catalogues_script", ROOT / "scripts" / "catalogues.py")
assert _spec is not None and _spec.loader is not None
catalogues = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(catalogues)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def _read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f)


def _forms(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def _key(message: Message) -> tuple[str, str | None]:
    return (str(message.id[0] if isinstance(message.id, tuple) else message.id), message.context)


def _messages(language: str) -> list[Message]:
    return [m for m in _read(FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po") if m.id]


def _english() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Every message's English: en.po's, the core's (ENGLISH, ENGLISH_PLURAL), the model's issues' and,
    for a library's phrase, its msgid."""
    english = {_key(m): _forms(m) for m in _messages("en")}
    english.update({(key, None): (text,) for key, text in ENGLISH.items()})
    english.update({(key, None): forms for key, forms in ENGLISH_PLURAL.items()})
    english.update({(f"issue_{key}", None): (text,) for key, text in ISSUES.items()})
    english.update({(phrase, context): (phrase,) for context, phrases in PHRASES.items() for phrase in phrases})
    return english


def _comment(message: Message) -> str:
    return " ".join(" ".join(message.auto_comments).split())  # as written in the file: wrapped


def test_the_template_lists_every_message_and_its_english():
    template = catalogues.template(FOLDER)
    assert {_key(m) for m in template if m.id} == set(_english())
    committed = _read(FOLDER / f"{DOMAIN}.pot")  # `make catalogues` was run after the last change
    assert [(_key(m), _comment(m)) for m in committed if m.id] == [(_key(m), _comment(m)) for m in template if m.id]
    assert committed["saved"].auto_comments == ["Saved · version {version}"]
    assert committed["list_more"].auto_comments[0].startswith('" and {n} more"')  # its spaces shown
    assert committed["load_missing"].auto_comments[0].startswith("is required but missing")


def test_every_language_has_every_message_with_the_same_placeholders():
    english = _english()
    assert set(LANGUAGES) == {"en", "zh"} == {p.parent.parent.name for p in FOLDER.glob("*/LC_MESSAGES/*.po")}
    for language in LANGUAGES:
        found = {_key(m): _forms(m) for m in _messages(language)}
        if language == DEFAULT_LANGUAGE:  # the English of all but the core's messages and the libraries' phrases
            core = {(key, None) for key in [*ENGLISH, *ENGLISH_PLURAL, *(f"issue_{k}" for k in ISSUES)]}
            assert not set(found) & core and all(context is None for _, context in found)
            found = english
        assert set(found) == set(english), (language, set(english) ^ set(found))
        for key, forms in found.items():
            assert all(form.strip() or key[0] == "list_separator" for form in forms), (language, key)
            if key[1] is not None:
                continue  # a library's phrase: no placeholders
            assert _placeholders(forms[-1]) == _placeholders(english[key][-1]), (language, key)
            assert all(_placeholders(form) <= _placeholders(english[key][-1]) | {"n"} for form in forms), key


def test_plural_forms_follow_each_language():
    assert {len(_forms(m)) for m in _messages("en") if m.pluralizable} == {2}
    assert {len(_forms(m)) for m in _messages("zh") if m.pluralizable} == {1}
    assert (tn("en", "backup_canvases", 1), tn("en", "backup_canvases", 3)) == ("1 canvas", "3 canvases")
    assert (tn("zh", "backup_canvases", 1), tn("zh", "backup_canvases", 3)) == ("1 个画布", "3 个画布")
    assert (tn("en", "change_more", 1), tn("en", "change_more", 2)) == (" and 1 more change", " and 2 more changes")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_committed_mo_files_are_the_compiled_po_files(language):
    po = FOLDER / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    assert po.with_suffix(".mo").read_bytes() == catalogues.compiled(po), "run `make catalogues`"


def test_the_catalogues_cannot_be_changed():
    with pytest.raises(TypeError):
        LANGUAGES["fr"] = "Français"  # type: ignore[index]
    loaded = catalogue.catalogues(FOLDER)
    with pytest.raises(TypeError):
        loaded["fr"] = loaded["zh"]  # type: ignore[index]
    with pytest.raises(AttributeError):
        loaded["zh"].name = "Chinese"  # type: ignore[misc]


def test_a_third_language_is_one_more_po_file(tmp_path, monkeypatch):
    folder = tmp_path / "locale"
    shutil.copytree(FOLDER, folder)
    po = folder / "eo" / "LC_MESSAGES" / f"{DOMAIN}.po"
    po.parent.mkdir(parents=True)
    header = "Language: eo\\nPlural-Forms: nplurals=2; plural=(n != 1);\\nContent-Type: text/plain; charset=utf-8\\n"
    po.write_text(f'msgid ""\nmsgstr "{header}"\n\nmsgid "undo"\nmsgstr "Malfari"\n', encoding="utf-8")
    po.with_suffix(".mo").write_bytes(catalogues.compiled(po))
    monkeypatch.setattr(catalogue, "FOLDER", folder)
    assert list(LANGUAGES) == ["en", "eo", "zh"] and LANGUAGES["eo"] == "Esperanto"  # CLDR's name for it
    assert check_language("eo") == "eo" and HTML_LANG["eo"] == "eo"
    assert t("eo", "undo") == "Malfari"  # its one string
    assert t("eo", "redo") == "Redo" and tn("eo", "backup_canvases", 2) == "2 canvases"  # the rest: English
    assert t("eo", "load_missing") == "is required but missing"  # down to the core's English
    assert join_names(["A", "B", "C"], "eo", conjunction=True) == "A, B kaj C"  # CLDR's Esperanto list
    assert format_size(1000.5 * 1024**2, "eo") == "1\u202f000,5 MB"  # the unit in English, the number in eo's locale
    monkeypatch.undo()
    assert list(LANGUAGES) == ["en", "zh"]


def test_one_label_per_code_and_language():
    assert [criterion_label("en", c) for c in CRITERIA] == [
        "Market attractiveness",
        "Unmet need",
        "Capability",
        "Entry barriers",
    ]
    assert [criterion_label("zh", c) for c in CRITERIA] == ["市场吸引力", "需求未满足程度", "自身能力", "进入壁垒"]
    assert [category_label("en", c) for c in CATEGORIES] == ["Product", "Relationship", "Brand"]
    assert [category_label("zh", c) for c in CATEGORIES] == ["产品", "关系", "品牌"]
    assert [source_label("en", s) for s in SOURCES] == ["Current", "Industry", "Adjacent", "Future"]
    assert [source_label("zh", s) for s in SOURCES] == ["现有", "行业", "相邻行业", "未来趋势"]
    assert category_label("en", None) == source_label("zh", None) == ""


def test_every_view_uses_the_same_criterion_labels():
    canvas = load_canvas(SOUTHWEST)
    ranking = rank(canvas)
    for language in LANGUAGES:
        labels = [criterion_label(language, c) for c in CRITERIA]
        chart = [trace.name for trace in contribution_figure(ranking, language=language).data]
        assert chart == labels
        grid = next(c for c in factor_columns(canvas, language) if "children" in c and "score_" in str(c))
        assert [c["headerName"] for c in grid["children"]] == labels
        view = ranking_view(canvas, ranking, language, analyse(canvas))
        header = view.children[1].children.children[0].children.children
        assert [th.children for th in header][5:9] == labels
        assert list(ranking_frame(ranking, language).columns[3:7]) == labels
    report = text_report(canvas, ranking, diagnose(canvas, ranking))  # English, like the whole CLI
    header = report.splitlines()[3]
    assert all(criterion_label("en", c) in header for c in CRITERIA)


def test_the_grid_stores_codes_and_shows_labels():
    columns = {c.get("field"): c for c in factor_columns(make_canvas(), "zh")}
    category = columns["category"]
    assert category["cellEditorParams"]["values"] == ["", "product", "relationship", "brand"]
    assert category["refData"] == {"": "", "product": "产品", "relationship": "关系", "brand": "品牌"}
    assert columns["source"]["refData"]["adjacent"] == "相邻行业"


def test_join_names():
    assert join_names([]) == ""
    assert join_names(["A"], quoted=True, conjunction=True) == "'A'"
    assert join_names(["A", "B"]) == "A, B"
    assert join_names(["A", "B"], conjunction=True) == "A and B"
    assert join_names(["A", "B", "C"], quoted=True, conjunction=True) == "'A', 'B' and 'C'"
    assert join_names(["A", "B", "C"], most=3) == "A, B, C"
    assert join_names(["A", "B", "C", "D"], most=3, quoted=True) == "'A', 'B', 'C' and 1 more"
    assert join_names(["甲", "乙", "丙"], "zh", quoted=True, conjunction=True) == "“甲”、“乙”和“丙”"
    assert join_names(["甲", "乙", "丙", "丁", "戊"], "zh", most=3) == "甲、乙、丙及另外 2 项"
    assert join_names(["{n}", "a{b}"], quoted=True) == "'{n}', 'a{b}'"  # braces in names are text


@pytest.mark.parametrize(
    ("scores", "language", "expected"),
    [
        (
            [[4.8] * 4, [4] * 4, [1] * 4],
            "en",
            "'F1' leads the next factor, 'F2', by 0.80 points (20% of the score scale): it clearly dominates, "
            "so a single differentiation can carry the position.",
        ),
        (
            [[4.8] * 4, [4] * 4, [1] * 4],
            "zh",
            "“F1”比排名第二的要素“F2”高 0.80 分（占评分区间的 20%），优势明显，可采用单一差异化。",
        ),
        (
            [[4.7] * 4, [4] * 4, [1] * 4],
            "en",
            "'F1' leads 'F2' by only 0.70 points (18% of the score scale, under 20%): no factor clearly dominates, "
            "so combine the shortlisted factors; a combination is also harder for rivals to copy.",
        ),
        (
            [[4] * 4, [4] * 4, [4] * 4],
            "en",
            "'F1', 'F2' and 'F3' score the same (4.00): no factor dominates, so combine the shortlisted factors; "
            "a combination is also harder for rivals to copy.",
        ),
        (
            [[4] * 4, [4] * 4, [1] * 4],
            "zh",
            "“F1”和“F2”得分相同（4.00），没有要素占明显优势，建议组合入围要素；组合差异化也更难被对手模仿。",
        ),
    ],
)
def test_strategy_reason(scores, language, expected):
    assert strategy_reason(rank(make_canvas(scores=scores)), language) == expected


def test_strategy_reason_for_a_single_factor():
    ranking = rank(make_canvas({"Us": [5], "Them": [3]}))
    assert strategy_reason(ranking) == "'F1' is the only candidate factor, so it carries the position alone."
    assert strategy_reason(ranking, "zh") == "“F1”是唯一的候选要素，可单独构成差异化定位。"


def test_diagnosis_summary_in_both_languages():
    d = diagnose(load_canvas(SOUTHWEST))
    assert diagnosis_summary(d) == (
        "Strong differentiation: Southwest's curve rises and falls clearly (focus 0.78); it stands apart from "
        "every rival (closest: Car, divergence 0.30); its peaks (Friendly service, Frequent point-to-point "
        "departures) sit on what customers value most (alignment 0.79). Its curve serves Leisure travellers best "
        "(alignment 0.82)."
    )
    assert diagnosis_summary(d, "zh") == (
        "差异化程度：强。Southwest的曲线起伏明显（聚焦度 0.78）；与所有对手的曲线明显不同（最接近的对手：Car，"
        "差异度 0.30）；高点（Friendly service、Frequent point-to-point departures）"
        "位于客户最看重的要素上（契合度 0.79）。曲线最契合Leisure travellers（契合度 0.82）。"
    )


def test_diagnosis_summary_of_a_weak_curve_names_the_rival_and_counts_many_peaks():
    weak = diagnose(
        make_canvas(
            {"Follower": [6, 5, 7, 4, 6], "Leader": [7, 5, 8, 4, 6], "Other": [5, 6, 6, 5, 5]},
            [[5, 4, 4, 4], [4, 4, 4, 4], [3, 3, 3, 3], [2, 2, 2, 2], [1, 1, 1, 1]],
        )
    )
    text = diagnosis_summary(weak)
    assert text.startswith("Weak differentiation: Follower's curve is rather flat (focus 0.")
    assert "it shadows Leader (divergence 0.0" in text and text.endswith("it leads every rival clearly on no factor.")
    many = diagnose(make_canvas({"Us": [9, 9, 9, 9, 9], "Them": [1, 1, 1, 1, 1]}))
    assert "its peaks (F1, F2, F3 and 2 more)" in diagnosis_summary(many)


def test_weights_text():
    ranking = rank(make_canvas(weights={"attractiveness": 2, "unmet_need": 1, "capability": 1, "barriers": 0}))
    expected = "Market attractiveness 50%, Unmet need 25%, Capability 25%, Entry barriers 0%"
    assert weights_text(ranking.weights) == expected
    assert weights_text(ranking.weights, "zh").startswith("市场吸引力 50%、需求未满足程度 25%")


def test_languages_and_fallbacks():
    assert check_language("zh") == "zh"
    with pytest.raises(ValueError, match="language must be one of en, zh, not 'fr'"):
        check_language("fr")
    assert t("fr", "capability") == "Capability"  # an unknown language falls back to English
    assert t("zh", "chart_crowded", n=120).startswith("120 个要素")
    assert (language_of("城市中短途出行"), language_of("Coffee"), language_of("Café")) == ("zh", "en", "en")


def _crowd(n: int, **extra) -> object:
    return make_canvas({"Us": [5] * n, "Them": [4] * n}, **extra)


def test_the_chart_says_when_there_are_too_many_factors_to_read():
    # 1600 px leave 1210 px for the factors: 50 fit MIN_COLUMN (24 px), 51 do not.
    assert MIN_COLUMN == 24
    assert canvas_figure(_crowd(50)).layout.title.subtitle.text == "Strategy canvas: Us vs Them"
    crowded = canvas_figure(_crowd(51)).layout.title.subtitle.text
    assert crowded == (
        "<b>51 factors: too many to read on one chart; shortlist or split the canvas</b> · Strategy canvas: Us vs Them"
    )
    # narrower charts crowd sooner; the note comes first and the rest is shortened
    narrow = canvas_figure(_crowd(30, style={"subtitle": "Source: " + "x" * 200}), width=1000, language="zh")
    text = narrow.layout.title.subtitle.text
    assert text.startswith("<b>30 个要素：一张图上难以辨认，请精简入围要素或拆分画布</b> · Source: xxx")
    assert text.endswith("…") and len(text) < 120
