"""The deck's story: the executive summary after each title, and speaker notes on every slide, both
from the same analysis as the slides (and the app), in the deck's language."""

from __future__ import annotations

import io
import re

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from positioning import load_canvas
from positioning.core.analysis import analyse
from positioning.core.model import CRITERIA
from positioning.i18n.wording import criterion_label, lead_text, robustness_lines, t, verdict_sentence
from positioning.output.deck import DeckPart, build_deck, slide_count
from positioning.output.deck_glossary import GLOSSARY_SLIDES
from positioning.output.deck_story import SHORTLIST_ROWS, story, story_of
from positioning.rendering.renderer import Renderer

from .conftest import CONFIGS, ROOT
from .factory import make_canvas

B2B = ROOT / "configs" / "b2b_maintenance_services.yaml"
SOUTHWEST = ROOT / "configs" / "southwest_airlines.yaml"
#: A number as the deck writes one: "4.40", "10,000", "98%", "0.78", "5" (a name's digits count too).
NUMBER = re.compile(r"\d+(?:[.,]\d+)*%?")
WIDE = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]")


def text_of(slide) -> str:
    """Every text of a slide: its text boxes and its tables' cells."""
    parts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            parts.append(shape.text_frame.text)
        if shape.shape_type == MSO_SHAPE_TYPE.TABLE:
            parts += [cell.text for row in shape.table.rows for cell in row.cells]
    return "\n".join(parts)


def table_of(slide):
    return next(s.table for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.TABLE)


@pytest.fixture(scope="module")
def decks(chromium) -> dict[tuple[str, str], Presentation]:
    """Every bundled example's deck in English and in Chinese (with a panel, the customer's voice, targets)."""
    with Renderer() as renderer:
        return {
            (path.stem, lang): Presentation(
                io.BytesIO(build_deck([DeckPart(load_canvas(path), path.stem)], renderer=renderer, language=lang))
            )
            for path in CONFIGS
            for lang in ("en", "zh")
        }


# --- the summary as data --------------------------------------------------------------------------


def test_the_story_of_a_canvas_with_targets_says_the_verdict_the_choice_its_chances_and_the_largest_moves():
    analysis = analyse(load_canvas(B2B))
    told = story(analysis, "en")
    assert told.verdict == verdict_sentence(analysis.diagnosis, "en")
    assert told.verdict.startswith("Moderate differentiation: LineCare's curve is rather flat (focus 0.29)")
    assert told.recommendation == (
        "Recommendation: Combination differentiation on 'Remote condition monitoring', 'Guaranteed uptime (SLA)', "
        "'Multi-brand coverage' and 'Food-safety audit documentation'."
    )
    assert told.reason.startswith("'Remote condition monitoring' leads 'Guaranteed uptime (SLA)' by only 0.10 points")
    odds = analysis.robustness.by_name()
    shortlist = [f for f in analysis.ranking.factors if f.shortlisted]
    assert [row.name for row in told.shortlist] == [f.name for f in shortlist] == list(analysis.ranking.shortlist)
    for row, factor in zip(told.shortlist, shortlist, strict=True):
        assert row.chance == f"{round(odds[factor.name].shortlist_probability * 100)}%"
        assert row.score == f"{factor.score:.2f}"
        best = max(factor.scores.values())
        named = [criterion_label("en", c) for c in CRITERIA if factor.scores[c] == best]
        assert [part.rsplit(" ", 1)[0] for part in row.strongest.split(", ")] == named
    assert told.shortlist[0].strongest == "Market attractiveness 5, Capability 5"
    # The three largest of the five moves, largest first: 6 -> 9, 7 -> 9 (before 5 -> 3 and 6 -> 4: earlier in the file)
    assert told.moves == (
        "Raise Energy and sustainability reporting from 6 to 9",
        "Raise Emergency response time from 7 to 9",
        "Lower Genuine spare parts from 5 to 3",
    )
    by_size = sorted(analysis.diagnosis.moves, key=lambda m: -abs(m[2] - m[1]))
    assert {m[0] for m in by_size[:1]} <= {told.moves[0].split(" from ")[0].removeprefix("Raise ")}
    assert told.moves_heading == (
        "LineCare moves on 5 factors: today's curve is a moderate differentiation, the target curve a strong one."
    )
    assert told.robustness == " ".join(robustness_lines(analysis.robustness, "en")[:2])


def test_without_targets_or_robustness_the_story_says_less():
    analysis = analyse(load_canvas(SOUTHWEST))
    told = story(analysis, "zh")
    assert told.moves_heading == "" and told.moves == ()
    assert told.caveats == ""  # Southwest neither under-delivers nor copies the industry
    assert told.recommendation.startswith("建议：围绕“Price”")
    assert all(row.chance.endswith("%") for row in told.shortlist)
    bare = story_of(analysis.ranking, analysis.diagnosis, None, "en")
    assert bare.robustness == "" and all(row.chance == "" for row in bare.shortlist)
    assert bare.verdict == verdict_sentence(analysis.diagnosis, "en") and bare.shortlist


def test_the_story_keeps_the_diagnosis_caveats_with_the_verdict():
    coffee = story(analyse(load_canvas(ROOT / "configs" / "coffee_chain.yaml")), "en")
    assert coffee.verdict.startswith("Strong differentiation")
    assert coffee.caveats.startswith("Every shortlisted factor comes from the current offer or the industry")
    ride = story(analyse(load_canvas(ROOT / "configs" / "ride_hailing_zh.yaml")), "zh")
    assert ride.caveats == "在客户最在意的要素上投入不足：价格（越低越好）。"


def test_a_long_shortlist_is_counted_not_crowded():
    canvas = make_canvas({"Us": [5] * 9, "Them": [4] * 9}, top=8)
    told = story(analyse(canvas), "en")
    assert len(told.shortlist) == SHORTLIST_ROWS and told.more == 8 - SHORTLIST_ROWS
    assert told.shortlist[0].strongest == "all four criteria alike (3 each)"


# --- the summary slide ----------------------------------------------------------------------------


def test_the_summary_slide_follows_each_title_and_says_what_the_other_slides_say(decks):
    for (stem, lang), deck in decks.items():
        analysis = analyse(load_canvas(ROOT / "configs" / f"{stem}.yaml"))
        slides = list(deck.slides)
        assert len(slides) == slide_count(analysis.canvas) + GLOSSARY_SLIDES  # the deck ends with its glossary
        summary = slides[1]
        assert summary.shapes.title.text == ("Executive summary" if lang == "en" else "执行摘要")
        words = text_of(summary)
        assert verdict_sentence(analysis.diagnosis, lang) in words
        assert story(analysis, lang).caveats in words
        assert " ".join(robustness_lines(analysis.robustness, lang)[:2]) in words
        # each shortlisted factor's score as the ranking slide has it, its chance as the robustness slide has it
        ranking = table_of(slides[4])
        scores = {ranking.cell(i, 1).text: ranking.cell(i, 2).text for i in range(1, len(ranking.rows))}
        odds = table_of(slides[5])
        chances = {odds.cell(i, 1).text: odds.cell(i, 2).text for i in range(1, len(odds.rows))}
        table = table_of(summary)
        rows = [[table.cell(i, j).text for j in range(4)] for i in range(1, len(table.rows))]
        assert [r[0] for r in rows] == list(analysis.ranking.shortlist), (stem, lang)
        assert all(r[1] == scores[r[0]] and r[2] == chances[r[0]] for r in rows), (stem, lang)
        if analysis.diagnosis.target is not None:
            moves = next(
                s for s in slides if s.shapes.title.text in ("From today's curve to the target", "从现状曲线到目标曲线")
            )
            subtitle = next(
                s.text_frame.text
                for s in moves.shapes
                if s.has_text_frame and s.name != "Title" and not s.is_placeholder
            )
            assert subtitle in words
        else:
            assert "moves on" not in words and "将调整" not in words


# --- the speaker notes ----------------------------------------------------------------------------


def test_every_slide_has_notes_in_the_decks_language_whose_numbers_are_the_slides(decks):
    for (stem, lang), deck in decks.items():
        canvas = load_canvas(ROOT / "configs" / f"{stem}.yaml")
        analysis = analyse(canvas)
        names = sorted(
            {*canvas.factor_names, *(p.name for p in canvas.players), *(g.name for g in canvas.segments)},
            key=len,
            reverse=True,
        )
        names += list(analysis.panel.raters) if analysis.panel else []
        shown = "\n".join(text_of(s) for s in deck.slides)
        # the app's sentences of each factor's lead over its nearest rival (the Diagnosis tab's)
        shown += "\n".join(lead_text(analysis.diagnosis, lead, lead.rival, lang) for lead in analysis.diagnosis.leads)
        numbers = set(NUMBER.findall(shown))
        for number, slide in enumerate(deck.slides, start=1):
            where = f"{stem} ({lang}), slide {number}"
            assert slide.has_notes_slide, where
            said = slide.notes_slide.notes_text_frame.text
            assert len(said) > 40, where
            plain = said
            for name in names:
                plain = plain.replace(name, "")
            if lang == "zh":
                assert len(WIDE.findall(plain)) > len(plain) / 3, f"{where}: {said!r}"
            else:
                assert not WIDE.search(plain), f"{where}: {said!r}"
            assert set(NUMBER.findall(said)) <= numbers, f"{where}: {set(NUMBER.findall(said)) - numbers} in {said!r}"


def test_the_notes_name_what_each_slide_is_about(decks):
    deck = decks[("southwest_airlines", "en")]
    said = [s.notes_slide.notes_text_frame.text for s in deck.slides]
    title, summary, picture, chart, ranking, robustness, diagnosis, voice, errc, glossary = said
    assert title.startswith("This review positions Southwest against ")
    assert "Say the verdict first: a strong differentiation today." in summary
    assert (
        "Combination differentiation on 'Price', 'Friendly service' and 'Frequent point-to-point departures'" in summary
    )
    assert "Point first to Southwest's peaks, where it leads every rival clearly: Friendly service" in picture
    assert "Then to its biggest gap: " in picture
    assert "native PowerPoint chart" in chart
    assert "Price, Friendly service and Frequent point-to-point departures tie for first with 4.40" in ranking
    assert robustness.startswith(robustness_lines(analyse(load_canvas(SOUTHWEST)).robustness)[0])
    assert diagnosis.startswith("Strong differentiation: ")
    assert "Its curve serves Leisure travellers best (alignment 0.82)." in voice
    assert "Start with what to raise (" in errc and "Friendly service" in errc
    assert glossary.startswith(t("en", "guide_glossary_notes"))
    coffee = [s.notes_slide.notes_text_frame.text for s in decks[("coffee_chain", "zh")].slides]
    assert "做决定之前，请评分人解释自己对有争议要素的评分" in coffee[6]  # the panel's slide
    assert "入围要素中最不确定的是Bean quality and roasting（56%）" in coffee[5]
    b2b = [s.notes_slide.notes_text_frame.text for s in decks[("b2b_maintenance_services", "en")].slides]
    assert "The largest moves: Raise Energy and sustainability reporting from 6 to 9" in b2b[8]


def test_the_chinese_ranking_notes_read_as_a_sentence_when_the_top_factor_scores_alike_on_every_criterion():
    """zh 'notes_ranking' read '得分最高的评价标准是{strongest}', and {strongest} for a factor whose four
    criteria tie was the clause '四项评价标准得分相同（均为 3）': 'the highest-scoring criterion is the four
    criteria score the same (all 3)', broken Chinese. Both languages now say it as its own clause."""
    from positioning.output.deck_notes import notes

    canvas = make_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]}, [[3, 3, 3, 3], [2, 2, 2, 2], [1, 2, 1, 2]])
    said = notes(analyse(canvas), "zh")["ranking"]
    assert "F1排名第一，得分 3.00，四项评价标准得分相同（均为 3）；" in said
    assert "评价标准是四项评价标准" not in said
    assert "F1 ranks first with 3.00, scoring 3 on all four criteria alike;" in notes(analyse(canvas), "en")["ranking"]


def test_the_ranking_notes_say_a_tie_for_first_as_a_tie():
    """Three factors scoring 4.50 were 'F1 ranks first with 4.50': the notes name the tie, as the table's
    shared rank 1 and the strategy's reason do."""
    from positioning.output.deck_notes import notes

    canvas = make_canvas({"Us": [8, 2, 5], "Them": [5, 5, 5]}, [[5, 4, 4, 5], [4, 5, 5, 4], [5, 5, 4, 4]])
    english, chinese = (notes(analyse(canvas), lang)["ranking"] for lang in ("en", "zh"))
    assert "F1, F2 and F3 tie for first with 4.50;" in english and "ranks first" not in english
    assert "F1、F2和F3并列第一，得分均为 4.50；" in chinese and "排名第一" not in chinese


def test_the_executive_summary_qualifies_an_under_delivery_call_its_survey_interval_leaves_uncertain():
    """On the surveyed coffee canvas the summary said flatly 'It under-delivers where customers care most:
    Affordability, Speed of service', while the diagnosis (and the customer's voice slide) says 'Speed of
    service' is called under-delivered on an interval (3.36-4.41) that spans two thirds of the scale: ask
    more customers. The summary keeps that caveat, in the voice slide's own sentence, in each language."""
    from positioning.i18n.wording import uncertain_call_text, uncertain_calls_text

    analysis = analyse(load_canvas(ROOT / "tests" / "data" / "coffee_chain_surveyed.yaml"))
    under = [call for call in analysis.diagnosis.uncertain if call.call == "under"]
    assert [call.factor for call in under] == ["Speed of service"]  # the case is the one probed
    for lang in ("en", "zh"):
        said = uncertain_call_text(under[0], lang).strip()
        assert said in uncertain_calls_text(analysis.diagnosis, lang)  # as the customer's voice slide says it
        assert said in story(analysis, lang).caveats, lang
        assert "Lifestyle brand" not in story(analysis, lang).caveats  # an over-delivery the summary does not name
    told = story(analysis, "en").caveats
    assert told.index("It under-delivers") < told.index("'Speed of service' is called under-delivered")
    assert "ask more customers" in told


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_executive_summary_fits_its_slide_with_factor_names_at_the_length_limit(language):
    """Names may hold 200 characters. With three shortlisted factors named so, the summary's blocks were
    stacked down the slide and the last one, how robust the choice is, started below the slide's bottom
    edge (top 6,831,711 EMU of 6,858,000). The whole summary is now set smaller, a step at a time, until
    it fits: every block on the slide, the robustness at its foot."""
    from positioning.core.loader import canvas_from_data
    from positioning.core.names import MAX_NAME

    from .factory import canvas_data

    stem = "Extremely long factor name that a consultant pasted from the workshop flipchart notes " * 3
    names = [stem[: MAX_NAME - 4] + f" {i:03d}" for i in range(6)]
    scores = [[5, 5, 5, 4], [4, 5, 5, 5], [5, 4, 5, 5], [2, 2, 2, 2], [1, 1, 1, 1], [3, 3, 3, 3]]
    data = canvas_data({"Us": [9, 2, 8, 3, 7, 1], "Them": [5, 5, 5, 5, 5, 5]}, scores, names=names)
    for factor, target in zip(data["factors"], [10, 3, 9, 3, 8, 1], strict=True):
        factor["target"] = target
    built = build_deck([DeckPart(canvas_from_data(data, name="long.yaml"), "long")], language=language)
    deck = Presentation(io.BytesIO(built))
    summary = deck.slides[1]
    assert summary.shapes.title.text_frame.text == t(language, "story_title")
    outside = [s.text_frame.text[:40] for s in summary.shapes if s.top + s.height > deck.slide_height]
    assert outside == []
    robust = robustness_lines(analyse(canvas_from_data(data, name="long.yaml")).robustness, language)[0]
    assert any(s.has_text_frame and s.text_frame.text.startswith(robust) for s in summary.shapes)
