"""The reading guide (issue 26 §1): one source for /help, docs/guide.md and the deck's glossary, every
entry in both languages, the worked examples computed from the bundled canvases, and the page."""

from __future__ import annotations

import csv
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import flask
import numpy as np
import pytest
from scipy import stats
from scipy.stats import rankdata

from positioning.core.analysis import analyse
from positioning.core.config import settings_from
from positioning.core.diagnostics import ALIGNMENT_MIN, DIVERGENCE_MIN, FOCUS_MIN
from positioning.core.loader import load_canvas
from positioning.core.panel import CONTESTED_SPREAD
from positioning.core.survey import CONFIDENCE
from positioning.http.auth import install_auth
from positioning.http.help import install_help
from positioning.i18n.guide import (
    MAIN_EXAMPLE,
    MEASURES,
    PANEL_EXAMPLE,
    SURVEY_EXAMPLE,
    entries,
    help_url,
    markdown,
)
from positioning.i18n.wording import diagnosis_summary, uncertain_calls_text

from .test_cli import run

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_docs_are_what_the_source_writes():
    """docs/guide.md is generated: run `python scripts/guide.py` after changing the guide's words."""
    assert (ROOT / "docs" / "guide.md").read_text(encoding="utf-8") == markdown("en")


def test_the_docs_link_the_guide():
    assert "guide.md" in (ROOT / "docs" / "diagnostics.md").read_text(encoding="utf-8")
    assert "docs/guide.md" in (ROOT / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_measure_has_a_whole_entry(language):
    found = entries(language)
    assert [(e.key, e.anchor) for e in found] == list(MEASURES)
    for e in found:
        for text in (e.name, e.what, e.how, e.read, e.example, e.short):
            assert text.strip() and "{" not in text, (e.key, text)
    if language == "zh":
        english = {e.key: e for e in entries("en")}
        assert all(re.search(r"[\u4e00-\u9fff]", e.how) and e.how != english[e.key].how for e in found)


def test_the_formulas_quote_the_code_s_constants():
    how = {e.key: e.how + " " + e.read for e in entries("en")}
    assert f"{FOCUS_MIN:.2f}" in how["focus"] and f"{DIVERGENCE_MIN:.2f}" in how["divergence"]
    assert f"{ALIGNMENT_MIN:.2f}" in how["alignment"]
    assert f"{CONTESTED_SPREAD:.0%}" in how["spread"]
    assert "10,000" in how["samples"] and "40" in how["samples"]


def _normalised(canvas, player):
    low, high = canvas.scales.level
    return (np.array(canvas.levels_of(player), dtype=float) - low) / (high - low)


def test_the_worked_examples_match_an_independent_computation():
    """Focus, divergence and Kendall's W worked out here with numpy and by hand, not by the product."""
    canvas = load_canvas(MAIN_EXAMPLE)
    s = _normalised(canvas, canvas.subject)
    example = {e.key: e.example for e in entries("en")}
    assert f"{np.std(s):.3f}" in example["focus"] and f"≈ {2 * np.std(s):.2f}" in example["focus"]
    for rival in canvas.competitors:
        d = s - _normalised(canvas, rival)
        assert f"{rival} {np.sqrt(np.var(d) + d.mean() ** 2 / 4):.2f}" in example["divergence"]
    panel = load_canvas(PANEL_EXAMPLE)
    assert canvas.title in example["verdict"] and panel.title in example["kendall_w"]
    # Kendall's W of the coffee chain's four raters, by the textbook formula with its tie correction
    raters = [[np.mean(list(r.scores[f.name].as_dict().values())) for f in panel.factors] for r in panel.panel]
    ranks = np.array([rankdata([-x for x in row]) for row in raters])
    ties = sum(sum(t**3 - t for t in np.unique(row, return_counts=True)[1]) for row in raters)
    m, n = ranks.shape
    sums = ranks.sum(axis=0)
    kendall = 12 * ((sums - sums.mean()) ** 2).sum() / (m**2 * (n**3 - n) - m * ties)
    assert f"Kendall's W {kendall:.2f}" in example["kendall_w"]


def test_help_urls_carry_the_language():
    assert help_url("focus", "en") == "/help#focus"
    assert help_url("kendall_w", "zh") == "/help?lang=zh#kendall-w"


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        found = dict(attrs)
        if "id" in found:
            self.ids.add(found["id"] or "")
        if tag == "a":
            self.links.append(found.get("href") or "")
        if tag == "html":
            self.lang = found.get("lang") or ""


def _server(env: dict[str, str]) -> flask.Flask:
    server = flask.Flask(__name__)
    install_auth(server, settings_from(env))
    install_help(server)
    return server


@pytest.mark.parametrize(
    ("query", "lang", "title"), [("", "en", "How to read this"), ("?lang=zh", "zh-CN", "指标解读")]
)
def test_the_page_has_every_section_a_contents_and_its_language(query, lang, title):
    answer = _server({}).test_client().get("/help" + query)
    assert answer.status_code == 200 and answer.mimetype == "text/html"
    page = _Page()
    page.feed(answer.get_data(as_text=True))
    assert page.lang == lang and f"<h1>{title}</h1>" in answer.get_data(as_text=True)
    anchors = [anchor for _, anchor in MEASURES]
    assert set(anchors) <= page.ids
    assert [f"#{a}" for a in anchors] == [link for link in page.links if link.startswith("#")]


def test_the_page_follows_the_browser_s_language_and_refuses_an_unknown_one():
    client = _server({}).test_client()
    assert "指标解读" in client.get("/help", headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get_data(as_text=True)
    refused = client.get("/help?lang=fr")
    assert refused.status_code == 400 and "lang='fr'" in refused.get_data(as_text=True)
    assert "en, zh" in refused.get_data(as_text=True)


def test_behind_a_login_proxy_the_page_needs_a_signed_in_user_like_every_page():
    server = _server({"POSITIONING_AUTH": "proxy", "POSITIONING_TRUSTED_PROXIES": "127.0.0.1"})
    client = server.test_client()
    client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    assert client.get("/help").status_code == 401
    assert client.get("/help", headers={"X-Forwarded-User": "ann"}).status_code == 200


# --- the importance interval (a survey's), after over- and under-delivery ---------------------------


def test_the_importance_interval_follows_delivery_on_the_page_and_in_the_docs():
    keys = [key for key, _ in MEASURES]
    assert keys[keys.index("delivery") + 1] == "importance_interval"
    assert help_url("importance_interval", "zh") == "/help?lang=zh#importance-interval"
    page = _Page()
    page.feed(_server({}).test_client().get("/help?lang=zh").get_data(as_text=True))
    assert "importance-interval" in page.ids and "#importance-interval" in page.links
    docs = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert '<a id="importance-interval"></a>' in docs and "## Importance interval" in docs


def test_the_interval_s_formula_quotes_the_code_s_confidence():
    entry = next(e for e in entries("en") if e.key == "importance_interval")
    assert f"{CONFIDENCE:.0%}" in entry.what and f"{(1 + CONFIDENCE) / 2:g} quantile" in entry.how


def _figure(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def test_the_interval_s_example_is_what_rank_json_and_the_diagnosis_say(tmp_path: Path):
    """The worked example's numbers against the survey command and ``rank --json`` run on the same files,
    the diagnosis of the canvas it writes, and the interval worked out here from the raw ratings (scipy)."""
    out = tmp_path / "surveyed.yaml"
    assert run("survey", SURVEY_EXAMPLE, "--canvas", PANEL_EXAMPLE, "-o", out).returncode == 0
    ranked = {f["name"]: f for f in json.loads(run("rank", "--json", out).stdout)["factors"]}
    diagnosis = analyse(load_canvas(out)).diagnosis
    assert diagnosis.uncertain, "the bundled survey makes at least one call uncertain"
    for language in ("en", "zh"):
        example = next(e.example for e in entries(language) if e.key == "importance_interval")
        said = uncertain_calls_text(diagnosis, language).strip()
        assert said and said in example and said in diagnosis_summary(diagnosis, language)
    example = next(e.example for e in entries("en") if e.key == "importance_interval")
    name = diagnosis.uncertain[0].factor
    low, high = ranked[name]["importance_ci"]
    assert f"'{name}'" in example and f": {_figure(low)}–{_figure(high)}." in example
    # the same interval from the raw ratings: mean ± t(0.975, n - 1) × sd / √n (the scales are both 1-5)
    with SURVEY_EXAMPLE.open(encoding="utf-8") as file:
        ratings = [float(row[name]) for row in csv.DictReader(file) if row[name].strip()]
    n, mean, sd = len(ratings), float(np.mean(ratings)), float(np.std(ratings, ddof=1))
    half = stats.t.ppf(0.975, n - 1) * sd / np.sqrt(n)
    assert (low, high) == pytest.approx((mean - half, mean + half), abs=1e-3)
    assert f"{n} of them rated '{name}', a mean of {mean:.3f}" in example and f"± {half:.3f}:" in example
    # a call whose interval stays within its third is named as one that stands, with rank --json's interval
    stands = next(
        f
        for f in diagnosis.over_delivery
        if f not in {c.factor for c in diagnosis.uncertain} and ranked[f]["importance_ci"]
    )
    s_low, s_high = ranked[stands]["importance_ci"]
    assert f"the interval of '{stands}' ({_figure(s_low)}–{_figure(s_high)}) stays within the lowest third" in example
