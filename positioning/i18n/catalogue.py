"""The gettext catalogues: every user-facing message, in every language, and the one way to word it.

The words live in ``locale/<language>/LC_MESSAGES/positioning.po`` (compiled to the ``.mo``
beside it; ``locale/positioning.pot`` is the template, scripts/catalogues.py makes it). The
msgids are symbolic keys: ``t("en", "saved", version=3)`` is en.po's "Saved · version {version}"
with its placeholder filled by str.format. A message with plural forms is worded by
:func:`tn` (gettext's ngettext: English has two forms, Chinese one).

The languages are the catalogues present: a language is added by adding its .po (and its
.mo). Each catalogue names itself (its message ``language_name``, else its locale's name in
CLDR) and says its locale (the ``Language`` header, e.g. ``zh_CN``: the page's ``lang`` and
Babel's numbers, lists and times). A message a catalogue lacks is English: every catalogue
falls back to en.po, and en.po to the core's English (positioning/core/messages.py's
``ENGLISH``, the file format's contract, and the model's ``ISSUES``, which en.po does not
repeat). A key no catalogue
knows is a KeyError, as a typo should be.

Each catalogue is read once, into a read-only cache: nothing per user is kept here.
"""

from __future__ import annotations

import functools
import gettext
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal
from babel.support import Translations

from positioning.core.messages import ENGLISH, ENGLISH_PLURAL
from positioning.core.model import ISSUES
from positioning.core.sizes import UNIT_KEYS, ByteSize, size_parts

DOMAIN = "positioning"
DEFAULT_LANGUAGE = "en"
#: The keys of the model's issues (:data:`~positioning.core.model.ISSUES`, whose English is the model's own).
ISSUE = "issue_"
#: The folder of the catalogues (tests point it at a copy to add a language).
FOLDER = Path(__file__).resolve().parent / "locale"
#: Catalogues read instead of :data:`FOLDER` in this context (a migration reads the words of its release).
_reading: ContextVar[Path | None] = ContextVar("positioning_catalogues", default=None)


def folder() -> Path:
    """The folder of the catalogues read here: :data:`FOLDER`, or that of :func:`read_from`."""
    return _reading.get() or FOLDER


@contextmanager
def read_from(path: Path) -> Iterator[None]:
    """Word with the catalogues in ``path`` (laid out as :data:`FOLDER`) within this block, in this
    thread or task only: a migration reads text its release wrote with that release's words."""
    token = _reading.set(path)
    try:
        yield
    finally:
        _reading.reset(token)


@dataclass(frozen=True)
class Language:
    """One catalogue: a language's code, its name in itself, its locale and its words."""

    code: str
    name: str
    #: Its tag in HTML's lang attribute (BCP 47): "zh-CN".
    tag: str
    locale: Locale
    words: gettext.NullTranslations


class _CoreEnglish(gettext.NullTranslations):
    """The last fallback: the core's English, the words of the messages the loader writes."""

    def gettext(self, message: str) -> str:
        if message.startswith(ISSUE) and message not in ENGLISH:
            return ISSUES[message.removeprefix(ISSUE)]
        return ENGLISH[message]

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        one, other = ENGLISH_PLURAL[msgid1]
        return one if n == 1 else other


def _read(folder: Path, code: str, fallback: gettext.NullTranslations) -> Language:
    with (folder / code / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as f:
        words = Translations(f, domain=DOMAIN)
    identifier = words.info().get("language") or code
    try:
        locale = Locale.parse(identifier)
    except (ValueError, UnknownLocaleError):
        locale = Locale.parse(DEFAULT_LANGUAGE)
    name = words.gettext("language_name")  # asked before the fallback: its own name, or none
    if name == "language_name":
        name = locale.get_display_name(locale) or code
    words.add_fallback(fallback)
    return Language(code, name, identifier.replace("_", "-"), locale, words)


@functools.cache
def catalogues(folder: Path) -> Mapping[str, Language]:
    """The catalogues in ``folder``, English first; read once."""
    english = _read(folder, DEFAULT_LANGUAGE, _CoreEnglish())
    codes = sorted(p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{DOMAIN}.mo"))
    found = {code: _read(folder, code, english.words) for code in codes if code != DEFAULT_LANGUAGE}
    return MappingProxyType({DEFAULT_LANGUAGE: english, **found})


def language(code: str) -> Language:
    """The catalogue of ``code``; English's when there is none."""
    found = catalogues(folder())
    return found.get(code) or found[DEFAULT_LANGUAGE]


class _Offered(Mapping[str, str]):
    """The languages of the catalogues, read-only: code -> what one attribute of each says."""

    def __init__(self, attribute: str) -> None:
        self._attribute = attribute

    def __getitem__(self, code: str) -> str:
        return str(getattr(catalogues(folder())[code], self._attribute))

    def __iter__(self) -> Iterator[str]:
        return iter(catalogues(folder()))

    def __len__(self) -> int:
        return len(catalogues(folder()))

    def __repr__(self) -> str:
        return repr(dict(self))


#: The languages offered, one per catalogue: code -> its name in that language.
LANGUAGES: Mapping[str, str] = _Offered("name")
#: Each language's code in HTML's lang attribute (BCP 47).
HTML_LANG: Mapping[str, str] = _Offered("tag")


def t(language: str, key: str, /, **values: object) -> str:
    """The wording of ``key`` in ``language`` (English when it has none), its placeholders filled
    with ``values`` (without values: the wording as written, placeholders and all).

    >>> t("zh", "saved", version=3)
    '已保存 · 第 3 版'
    """
    text = translations(language).gettext(key)
    return text.format(**_shown(values, language)) if values else text


def tn(language: str, key: str, n: int, /, **values: object) -> str:
    """The plural form for ``n`` of the message ``key`` in ``language``; ``{n}`` is ``n``.

    >>> tn("en", "change_more", 1), tn("en", "change_more", 3), tn("zh", "change_more", 3)
    (' and 1 more change', ' and 3 more changes', '，另有 3 处修改')
    """
    return translations(language).ngettext(key, key, n).format(n=n, **_shown(values, language))


def format_size(n_bytes: float, code: str = DEFAULT_LANGUAGE) -> str:
    """``n_bytes`` as a size in the language ``code``: the unit in its words, the number in its locale,
    by the one rule of :func:`positioning.core.sizes.size_parts` (rounded up).

    >>> [format_size(n) for n in (100, 17 * 1024 + 1, 2 * 1024**2, 2 * 1024**2 + 1, 10.5 * 1024**2)]
    ['100 bytes', '18 KB', '2 MB', '2.1 MB', '10.5 MB']
    >>> format_size(1024**2 - 1), format_size(5 * 1024**3), format_size(12_345, "zh")
    ('1 MB', '5 GB', '13 KB')
    """
    value, step = size_parts(n_bytes)
    found = language(code)
    number = format_decimal(value, format="#,##0.#", locale=found.locale)
    if step == 0:
        return found.words.ngettext(UNIT_KEYS[0], UNIT_KEYS[0], int(value)).format(n=number)
    return found.words.gettext(UNIT_KEYS[step]).format(n=number)


def _shown(values: Mapping[str, object], language: str) -> dict[str, object]:
    """The values of a message, a :class:`~positioning.core.sizes.ByteSize` as a size in ``language``."""
    return {k: format_size(v, language) if isinstance(v, ByteSize) else v for k, v in values.items()}


def translations(code: str) -> gettext.NullTranslations:
    """The words of ``code`` (gettext's translations object, with its fallbacks)."""
    return language(code).words


def check_language(code: str) -> str:
    """``code`` when it is one of :data:`LANGUAGES`, else a ValueError naming them."""
    if code not in LANGUAGES:
        raise ValueError(f"language must be one of {', '.join(LANGUAGES)}, not {code!r}")
    return code
