"""Text on a chart: labels wrapped by word, hyphen or (Chinese) character, shortened, bolded and
escaped for plotly's markup."""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from functools import lru_cache

import pyphen


def badge(rank: int, count: int) -> str:
    """A rank badge: "#2", or "=2" when several factors share the rank."""
    return f"={rank}" if count > 1 else f"#{rank}"


def _shorten(text: str, width: int) -> str:
    """``text`` cut to about ``width`` Latin characters, with an ellipsis."""
    out = ""
    for char in text:
        if _text_width(out + char) > width - 1:
            return out.rstrip() + "…"
        out += char
    return out


def _bold(text: str, on: bool) -> str:
    return f"<b>{text}</b>" if on else text


def _cell_width(char: str) -> int:
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def wrap_label(text: str, width: int, max_lines: int = 4) -> str:
    """Wrap ``text`` for a tick label, ``width`` in Latin characters per line.

    Wide (Chinese, Japanese, Korean) characters count double and may break
    anywhere; other text breaks between words. Lines are joined with ``<br>``.

    >>> wrap_label("Frequent point-to-point departures", 12)
    'Frequent<br>point-<br>to-point<br>departures'
    >>> wrap_label("第三空间体验与社交氛围", 8)
    '第三空间<br>体验与社<br>交氛围'
    >>> wrap_label("叫车等待时间短", 12)
    '叫车等待<br>时间短'
    >>> wrap_label("energy-efficiency audits", 8)
    'energy-<br>effi-<br>ciency<br>audits'
    >>> wrap_label("customisation", 9)
    'customi-<br>sation'
    """
    lines = _balance(_tokenise(text, width), width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "<br>".join(_html(line) for line in lines)


def _tokenise(text: str, width: int) -> list[str]:
    """The pieces a line may break between: words (or parts of words too
    wide for a line), single wide characters, and " " between words."""
    tokens: list[str] = []
    for word in text.split():
        tokens += [*_word_tokens(word, width), " "]
    return tokens[:-1]


def _word_tokens(word: str, width: int) -> list[str]:
    """One word as tokens: each wide character alone; a word wider than a
    line broken after a hyphen, dash or slash, and failing that hyphenated."""
    tokens: list[str] = []
    chunk = ""
    for char in word:
        if _cell_width(char) == 2:
            tokens += [chunk, char] if chunk else [char]
            chunk = ""
            continue
        chunk += char
        if char in "-–/" and len(chunk) > 3 and len(word) > width:
            tokens.append(chunk)
            chunk = ""
    return [*tokens, *_hyphenate(chunk, width)] if chunk else tokens


def _hyphenate(chunk: str, width: int) -> list[str]:
    """``chunk`` in pieces of about ``width`` characters, hyphenated by
    pyphen's dictionaries (else where the line ends)."""
    pieces: list[str] = []
    while len(chunk) > width + 1 and width > 3:
        split = _hyphenator().wrap(chunk, width) or (chunk[: width - 1] + "-", chunk[width - 1 :])
        pieces.append(split[0])
        chunk = split[1]
    return [*pieces, chunk]


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang="en_US")


def _balance(tokens: Sequence[str], width: int) -> list[str]:
    """The tokens filled into lines at the narrowest width that needs no more
    lines than ``width`` does, so a name does not end with one orphaned character."""
    lines = _fill(tokens, width)
    for narrower in range(width - 1, 0, -1):
        candidate = _fill(tokens, narrower)
        if len(candidate) > len(lines):
            break
        lines = candidate
    return lines


def _fill(tokens: Sequence[str], width: int) -> list[str]:
    """Greedy line filling of word / wide-character tokens."""
    lines: list[str] = []
    line = ""
    for token in tokens:
        candidate = line + token
        if line.strip() and token != " " and _text_width(candidate.rstrip()) > width:
            lines.append(line.strip())
            line = token
        else:
            line = candidate
    lines.append(line.strip())
    return lines


def _text_width(text: str) -> int:
    return sum(map(_cell_width, text))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
