"""Text on a chart: labels wrapped between words (Chinese between the words a small rule finds),
shortened, bolded and escaped for plotly's markup."""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Sequence

from positioning.chart.zh_words import WORDS

#: Chinese characters that join what follows (与, 和...): a line may break before them, never after.
_JOINING = frozenset("与和及或并的")
#: Characters that usually open a three-character word (无现金, 高品质, 非接触...).
_PREFIXES = frozenset("无非不高低超多少全总新自可零免")
#: Characters that usually close one (网约车, 信任度, 便利性, 满意率...).
_SUFFIXES = frozenset("车度性率化感力者费员店品商区型式期量值户家器站")
#: Punctuation a line may break after.
_BREAKS = frozenset("、，,；;：:/·")


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

    Lines break between words, never inside one: no hyphen is added, and a word longer than
    ``width`` gets a longer line (a word with hyphens, dashes or slashes of its own may break after
    them). Wide (Chinese, Japanese, Korean) characters count double; Chinese breaks between the
    words :func:`chinese_words` finds. Lines are joined with ``<br>``.

    >>> wrap_label("Frequent point-to-point departures", 12)
    'Frequent<br>point-<br>to-point<br>departures'
    >>> wrap_label("Affordability", 8)
    'Affordability'
    >>> wrap_label("第三空间体验与社交氛围", 8)
    '第三空间<br>体验<br>与社交<br>氛围'
    >>> wrap_label("司机服务态度", 8)
    '司机服务<br>态度'
    >>> wrap_label("网约车平台", 6)
    '网约车<br>平台'
    """
    lines = _balance(_tokenise(text, width), width)
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        lines[-1] += "…"
    return "<br>".join(_html(line) for line in lines)


def longest_piece(text: str) -> int:
    """The width, in Latin characters, of the widest piece of ``text`` no line break may cut."""
    return max((_text_width(token) for token in _tokenise(text, 1) if token != " "), default=0)


def _tokenise(text: str, width: int) -> list[str]:
    """The pieces a line may break between: words (Chinese ones as :func:`chinese_words` finds
    them), and " " between words."""
    tokens: list[str] = []
    for word in text.split():
        tokens += [*_word_tokens(word, width), " "]
    return tokens[:-1]


def _word_tokens(word: str, width: int) -> list[str]:
    """One word (between spaces) as tokens: its runs of wide characters as Chinese words, and a run of
    other characters wider than a line broken after its own hyphens, dashes or slashes."""
    tokens: list[str] = []
    for run, wide in _runs(word):
        if wide:
            tokens += chinese_words(run)
            continue
        chunk = ""
        for char in run:
            chunk += char
            if char in "-–/" and len(chunk) > 3 and len(run) > width:
                tokens.append(chunk)
                chunk = ""
        tokens += [chunk] if chunk else []
    return tokens


def _runs(word: str) -> list[tuple[str, bool]]:
    """``word`` cut into runs of wide characters (with the punctuation after them) and of others."""
    runs: list[tuple[str, bool]] = []
    for char in word:
        wide = _cell_width(char) == 2 or (char in _BREAKS and bool(runs) and runs[-1][1])
        if runs and runs[-1][1] == wide:
            runs[-1] = (runs[-1][0] + char, wide)
        else:
            runs.append((char, wide))
    return runs


def chinese_words(run: str) -> list[str]:
    """A run of Chinese characters cut into the pieces a line may break between, by a rule rather than a
    segmenter: after punctuation and before a joining character (与, 和...), which stays with the word
    after it; in between, the cut into the words of a small list (:mod:`positioning.chart.zh_words`)
    where it has them, else into words of two characters, or three where a character usually opens
    (无现金) or closes (网约车, 信任度) one.

    >>> chinese_words("行程透明与安全保障")
    ['行程', '透明', '与安全', '保障']
    >>> chinese_words("品牌信任度"), chinese_words("无现金支付"), chinese_words("叫车等待时间短")
    (['品牌', '信任度'], ['无现金', '支付'], ['叫车', '等待', '时间', '短'])
    """
    pieces: list[str] = []
    phrase = ""
    for char in run:
        if char in _JOINING and phrase and phrase[-1] + char not in WORDS:  # 参与 is a word
            pieces += _pairs(phrase)
            phrase = ""
        phrase += char
        if char in _BREAKS:
            pieces += _pairs(phrase)
            phrase = ""
    pieces += _pairs(phrase) if phrase else []
    return pieces


def _pairs(phrase: str) -> list[str]:
    """A phrase (a joining character first, punctuation last, if any) cut into words: the cut of the
    lowest cost (:func:`_cost`), the joining character kept with the first word, punctuation with the last."""
    lead = phrase[0] if phrase[0] in _JOINING and len(phrase) > 1 else ""
    tail = phrase[-1] if phrase[-1] in _BREAKS and len(phrase) > len(lead) + 1 else ""
    body = phrase[len(lead) : len(phrase) - len(tail)]
    best: list[tuple[float, list[str]]] = [(0.0, [])]
    for end in range(1, len(body) + 1):
        cuts = [
            (best[end - k][0] + _cost(body[end - k : end]), [*best[end - k][1], body[end - k : end]])
            for k in (1, 2, 3, 4)
            if k <= end
        ]
        best.append(min(cuts, key=lambda cut: cut[0]))
    words = best[-1][1]
    words[0] = lead + words[0]
    words[-1] += tail
    return words


def _cost(piece: str) -> float:
    """How unlikely ``piece`` is a word: a listed word least, then two characters, a lone character, three
    that a prefix opens or a suffix closes, three others; four unlisted never."""
    if piece in WORDS:
        return 1.0
    if len(piece) == 3:
        return 2.2 if piece[0] in _PREFIXES or piece[2] in _SUFFIXES else 3.2
    return {1: 2.0, 2: 2.0}.get(len(piece), 99.0)


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


def text_width(text: str) -> int:
    """Width in Latin characters of a line as drawn: a wide (Chinese, Japanese, Korean) character counts
    two, an HTML entity (``&lt;``) one.

    >>> text_width("&lt;b&gt; 要素")
    8
    """
    return _text_width(html.unescape(text))


def _text_width(text: str) -> int:
    """Width in Latin characters: a wide (Chinese, Japanese, Korean) character counts two."""
    if text.isascii():  # no ASCII character is wide: most labels need no look-up per character
        return len(text)
    return sum(map(_cell_width, text))


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
