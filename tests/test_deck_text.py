"""Text measured on the deck's font: widths from Carlito's table, lines broken as the renderers break them."""

from __future__ import annotations

from pptx.util import Emu, Inches, Pt

from positioning.output.deck_text import CJK_LINE, INSET_Y, LATIN_LINE, fitting_size, measure, text_width


def test_widths_come_from_the_fonts_table_and_a_cjk_character_is_one_em():
    assert text_width("M", 20) == 20 * 1751 / 2048  # Carlito's (and Calibri's) advance for M
    assert text_width("MM", 10, bold=True) == 2 * 10 * 1790 / 2048
    assert text_width("价格", 12) == 24.0
    assert text_width("\u0915", 10) == 10.0  # a letter the table lacks counts as an em, more than any Latin one


def test_lines_break_at_spaces_and_a_word_wider_than_the_line_where_it_must():
    width = Inches(1.2)  # one inch of text between the margins
    short = measure("Price", 12, width)
    assert short.lines == ("Price",) and short.height == Emu(int(Pt(12 * LATIN_LINE) + 2 * INSET_Y))
    words = measure("Frequent point-to-point departures and lounges", 12, width)
    assert all(text_width(line, 12) <= 72 for line in words.lines) and len(words.lines) >= 3
    assert " ".join(words.lines) == "Frequent point-to-point departures and lounges"  # no word cut
    long = measure("Supercalifragilisticexpialidocious", 12, width)
    assert len(long.lines) == 3 and "".join(long.lines) == "Supercalifragilisticexpialidocious"
    assert all(text_width(line, 12) <= 72 for line in long.lines)
    assert measure("one\ntwo", 12, width).lines == ("one", "two")


def test_chinese_breaks_between_characters_but_keeps_punctuation_with_its_neighbour():
    text = "叫车等待时间短、随时随地可得、行程透明与安全保障"
    lines = measure(text, 12, Inches(1.2)).lines  # six characters a line
    assert "".join(lines) == text and all(len(line) <= 6 for line in lines)
    assert not any(line.startswith(("、", "，", "。", "）")) for line in lines)
    assert not any(line.endswith("（") for line in measure("差异度（最接近的对手：出租车）", 12, Inches(1.2)).lines)
    mixed = measure("Focus 0.31 聚焦度", 10, Inches(3))
    assert mixed.height == Emu(int(Pt(10 * CJK_LINE) + 2 * INSET_Y))  # a line with CJK is as tall as CJK's


def test_text_is_set_smaller_until_it_fits_and_no_smaller_than_asked():
    text = "Strong differentiation: the curve rises and falls clearly. " * 6
    width, height = Inches(12.1), Inches(0.7)
    size = fitting_size(text, width, height, 15)
    assert size < 15 and measure(text, size, width).height <= height
    assert measure(text, size + 0.5, width).height > height  # the largest that fits
    assert fitting_size(text * 10, width, height, 15, smallest=11) == 11
    assert fitting_size("Short", width, height, 15) == 15
