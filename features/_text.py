"""Text utilities: a length-preserving normalisation, sentences, clauses, language.

Everything here keeps character offsets: the normalised copy has exactly the
length of the original, so an offset found in the copy indexes the original.
A text read by both the cues and the learned reader is prepared once
(:class:`PreparedText`): normalised, and cut into sentences on first need.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass
from importlib import resources

# Traditional -> simplified comes from OpenCC's character dictionary
# (TSCharacters.txt of the opencc-python-reimplemented package): each line is
# "traditional<TAB>candidate candidate ...", and the first candidate is used.
# Only single-character -> single-character entries are kept, so the
# normalisation stays one character for one character. OpenCC's phrase
# dictionaries (which can change the length) are not used.
_OPENCC_PACKAGE = "opencc"
_OPENCC_CHARACTERS = ("dictionary", "TSCharacters.txt")
# Full-width ASCII (！ to ～) and the ideographic space map to their ASCII forms;
# ASCII letters are matched in lower case (patterns are lowered when compiled).
# str.lower() is not used because it can change the length of a text.
_WIDTH_AND_CASE: dict[int, int] = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)}
_WIDTH_AND_CASE[0x3000] = 0x20
_WIDTH_AND_CASE.update({code: code + 32 for code in range(ord("A"), ord("Z") + 1)})


def _read_opencc_characters() -> dict[int, int]:
    """OpenCC's traditional -> simplified single characters, first candidate each."""
    try:
        source = resources.files(_OPENCC_PACKAGE).joinpath(*_OPENCC_CHARACTERS)
        lines = source.read_text(encoding="utf-8").splitlines()
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError) as err:
        from workstatus.features._errors import FeaturesError

        raise FeaturesError(
            f"OpenCC's character dictionary {'/'.join(_OPENCC_CHARACTERS)} was not found ({err}); "
            "install it with: pip install opencc-python-reimplemented "
            "(the 'opencc' package ships compiled dictionaries only)."
        ) from err
    table: dict[int, int] = {}
    for line in lines:
        key, _, candidates = line.partition("\t")
        first = candidates.split(" ", 1)[0].strip()
        if len(key) == 1 and len(first) == 1 and key != first:
            table[ord(key)] = ord(first)
    return table


@functools.cache
def translation_table() -> dict[int, int]:
    """The ``str.translate`` table of ``normalise``, built once on first use."""
    table = _read_opencc_characters()
    table.update(_WIDTH_AND_CASE)
    return table


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")
# A sentence ends at Chinese or ASCII terminal punctuation, a line break, or a
# full stop followed by white space. A semicolon does not end it: a party's
# claim often runs over several "；" clauses. (Cue gaps still stop at "；".)
_SENTENCE_END = re.compile(r"[。！？!?\n]+|\.(?=\s)")


@functools.cache
def _code_points() -> "np.ndarray":
    """``translation_table()`` as an array indexed by code point, up to its highest key."""
    import numpy as np

    table = translation_table()
    lookup = np.arange(max(max(table), 0xFFFF) + 1, dtype=np.uint32)
    lookup[list(table)] = list(table.values())
    return lookup


#: from this length a text is mapped through the code-point array: ``str.translate`` looks each
#: character up in a dict (47 µs for a 440-character case text), numpy's gather does it in 10 µs
#: but costs about 8 µs whatever the length
_ARRAY_FROM = 80


def normalise(text: str) -> str:
    """Return a copy of ``text`` for matching, of exactly the same length.

    Traditional characters become simplified ones (OpenCC's character
    dictionary), full-width ASCII becomes ASCII, ASCII letters become lower
    case; every character maps to exactly one character, so offsets found in
    the copy index the original text.
    """
    if len(text) < _ARRAY_FROM:
        return text.translate(translation_table())
    import numpy as np

    lookup = _code_points()
    points = np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    if int(points.max()) < len(lookup):
        mapped = lookup[points]
    else:  # a character past the table's highest key maps to itself
        mapped = np.where(points < len(lookup), lookup[np.minimum(points, len(lookup) - 1)], points)
    return mapped.tobytes().decode("utf-32-le", "surrogatepass")


def detect_language(text: str) -> str:
    """Return ``"zh"`` when Chinese characters dominate ``text``, else ``"en"``.

    One Chinese character counts as much as one English word of two or more
    letters; a text with neither is ``"en"``. Only the first 20,000
    characters are looked at.

    Examples
    --------
    >>> detect_language("骑手不得拒单")
    'zh'
    >>> detect_language("Drivers may decline trips.")
    'en'
    """
    if not isinstance(text, str):
        from workstatus.features._errors import FeaturesTypeError

        raise FeaturesTypeError(
            f"detect_language expects a str; received {type(text).__name__}."
        )
    sample = text[:20_000]
    cjk = len(_CJK.findall(sample))
    words = len(_LATIN_WORD.findall(sample))
    return "zh" if cjk > words else "en"


def scripts_present(text: str) -> tuple[bool, bool]:
    """Return (has Chinese, has English) for choosing which lexicons to run."""
    has_zh = _CJK.search(text) is not None
    has_en = False
    count = 0
    for _ in _LATIN_WORD.finditer(text):
        count += 1
        if count >= 3:
            has_en = True
            break
    return has_zh, has_en


def scripts_and_language(text: str) -> tuple[bool, bool, str]:
    """``scripts_present(text)`` and ``detect_language(text)`` together.

    A text of at most 20,000 characters is its own sample, so one count of
    its Chinese characters and English words answers both.
    """
    if len(text) > 20_000:
        return (*scripts_present(text), detect_language(text))
    cjk = len(_CJK.findall(text))
    words = len(_LATIN_WORD.findall(text))
    return cjk > 0, words >= 3, "zh" if cjk > words else "en"


@dataclass
class Sentences:
    """Sentence boundaries of one text, computed once and looked up by offset."""

    ends: list[int]
    length: int
    max_length: int = 600

    @classmethod
    def of(cls, text: str) -> "Sentences":
        return cls([m.end() for m in _SENTENCE_END.finditer(text)], len(text))

    def around(self, start: int, end: int) -> tuple[int, int]:
        """Return (sentence_start, sentence_end) of the sentence holding [start, end).

        A sentence longer than ``max_length`` (a text without punctuation) is
        cut to a window around the match, so that look-ups stay bounded.
        """
        i = bisect.bisect_right(self.ends, start)
        s_start = self.ends[i - 1] if i > 0 else 0
        j = bisect.bisect_left(self.ends, end)
        s_end = self.ends[j] if j < len(self.ends) else self.length
        if s_end - s_start > self.max_length:
            half = self.max_length // 2
            s_start = max(s_start, start - half)
            s_end = min(s_end, max(end, start) + half)
        return s_start, s_end


@dataclass(frozen=True, eq=False)
class PreparedText:
    """One text made ready for reading, once for the cue scanner and the learned reader.

    ``norm`` is :func:`normalise` of ``text``; ``sentences`` its :class:`Sentences`, cut on first
    use (a text in which no cue stands and the reader sets nothing is never cut). Both readers
    used to normalise and cut the text each for itself, about 10 µs a case twice.
    """

    text: str
    norm: str

    @classmethod
    def of(cls, text: str) -> "PreparedText":
        """``text`` with its normalised copy."""
        return cls(text, normalise(text))

    @classmethod
    def normalised(cls, norm: str) -> "PreparedText":
        """A text given already normalised, as the learned reader's own callers give it."""
        return cls(norm, norm)

    @functools.cached_property
    def sentences(self) -> Sentences:
        """The sentence boundaries of ``norm`` (offsets index ``text`` too)."""
        return Sentences.of(self.norm)
