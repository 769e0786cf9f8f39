"""The learned reader's terms of a text as vocabulary columns, found with numpy.

:func:`features._learned.terms` builds every n-gram of a text as a Python
string, and the reader looked each up in its vocabulary, once for the text and
again for each of its sentences. :class:`TermCoder` finds the same terms, in
the same order, as integers: a Chinese n-gram is the number whose digits (base
65,536) are its characters' code points (the runs are of BMP characters), a
Latin word n-gram the number whose digits are its words' indices among the
vocabulary's words (0 for a word no term holds); the n-gram's length is added
on top, so that keys of different lengths never meet. Each key is looked up in
one sorted array of the vocabulary's keys.

Every occurrence keeps its offsets in the text, so one coding gives the text's
row and its sentences' rows (a sentence's terms are the text's terms that lie
inside it: no n-gram crosses a sentence end, since punctuation is neither a
Chinese character nor a letter, except a word pair across two sentences, which
belongs to the text alone), and where each term first stands in a sentence.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

import numpy as np

from workstatus.features._errors import FeaturesError

#: code points of the Chinese characters whose runs the reader cuts into n-grams (``_learned._CJK_RUN``)
CJK_RANGES = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))
_CJK_BASE = 1 << 16
#: a run of the characters ``_latin`` counts as letters (a-z, 0-9 by code point): one Latin word
_WORD = re.compile(r"[a-z0-9]+")
#: longest n-grams the coder takes (their keys stay below 2**63)
MAX_ZH, MAX_EN = 3, 3


@dataclass(frozen=True)
class Coded:
    """Every term occurrence of one text, in the order of ``terms(text)``: its column (−1: not in the
    vocabulary) and offsets; words are the Latin words' offsets."""

    columns: np.ndarray
    starts: np.ndarray
    ends: np.ndarray


class TermCoder:
    """Finds a fixed vocabulary's terms (see the module's docstring) in normalised texts."""

    def __init__(self, vocabulary: dict[str, int], zh_ngrams: tuple[int, int], en_ngrams: tuple[int, int]):
        if not (1 <= zh_ngrams[0] <= zh_ngrams[1] <= MAX_ZH and 1 <= en_ngrams[0] <= en_ngrams[1] <= MAX_EN):
            raise FeaturesError(f"zh_ngrams={tuple(zh_ngrams)}, en_ngrams={tuple(en_ngrams)}: the reader reads "
                                f"Chinese 1- to {MAX_ZH}-grams and English 1- to {MAX_EN}-grams; choose ranges "
                                f"within (1, {MAX_ZH}) and (1, {MAX_EN})")
        self.zh_ngrams, self.en_ngrams = tuple(zh_ngrams), tuple(en_ngrams)
        latin = [term for term in vocabulary if not _is_cjk(term)]
        self.words = {w: n + 1 for n, w in enumerate(sorted({w for term in latin for w in term.split(" ")}))}
        self.word_base = len(self.words) + 1
        if (MAX_EN + 1) * self.word_base ** MAX_EN >= 2 ** 63:
            raise FeaturesError(f"the vocabulary holds {len(self.words)} distinct words; the reader's coder takes "
                                f"fewer than {int((2 ** 63 / (MAX_EN + 1)) ** (1 / MAX_EN))}: refit with a "
                                "higher min_df")
        keys, columns = [], []
        for term, column in vocabulary.items():
            if _is_cjk(term):
                key = _cjk_key([ord(c) for c in term]) if len(term) <= MAX_ZH else None
            else:
                parts = term.split(" ")
                key = self._word_key([self.words[w] for w in parts]) if len(parts) <= MAX_EN else None
            if key is not None:
                keys.append(key)
                columns.append(column)
        order = np.argsort(np.array(keys, dtype=np.int64), kind="stable")
        self.keys = np.array(keys, dtype=np.int64)[order]
        self.columns = np.array(columns, dtype=np.int64)[order]
        self._table = _KeyTable(self.keys.tolist(), self.columns.tolist())

    def _word_key(self, digits: list[int]) -> int:
        key = 0
        for digit in digits:
            key = key * self.word_base + digit
        return key + len(digits) * self.word_base ** MAX_EN

    def code(self, norm: str, points: np.ndarray | None = None) -> Coded:
        """The terms of a normalised text (``points``: its code points, when already at hand)."""
        if points is None:
            points = np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        parts = [self._cjk(points), self._latin(norm, points)]
        keys = np.concatenate([p[0] for p in parts])
        columns = self._table.columns(keys)
        return Coded(columns=columns, starts=np.concatenate([p[1] for p in parts]),
                     ends=np.concatenate([p[2] for p in parts]))

    def _cjk(self, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keys and offsets of the Chinese n-grams: run by run, within a run by length, then by offset."""
        inside = np.zeros(len(points), dtype=bool)
        for low, high in CJK_RANGES:
            inside |= (points >= low) & (points <= high)
        code = points.astype(np.int64)
        count = np.concatenate([[0], np.cumsum(inside)])
        run = np.cumsum(np.concatenate([[True], inside[1:] & ~inside[:-1]]) & inside)  # run number of each character
        keys, starts, lengths = [], [], []
        for n in range(self.zh_ngrams[0], self.zh_ngrams[1] + 1):
            at = np.flatnonzero(count[n:] - count[:-n] == n) if n <= len(points) else np.zeros(0, dtype=np.int64)
            key = np.zeros(len(at), dtype=np.int64)
            for offset in range(n):
                key = key * _CJK_BASE + code[at + offset]
            keys.append(key + n * _CJK_BASE ** MAX_ZH)
            starts.append(at)
            lengths.append(np.full(len(at), n))
        starts, lengths = np.concatenate(starts), np.concatenate(lengths)
        order = np.lexsort((starts, lengths, run[starts] if len(starts) else starts))
        return np.concatenate(keys)[order], starts[order], (starts + lengths)[order]

    def _latin(self, norm: str, points: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Keys and offsets of the word n-grams: by length, then by offset (words cross sentences here)."""
        letter = ((points >= 0x61) & (points <= 0x7A)) | ((points >= 0x30) & (points <= 0x39))
        edges = np.flatnonzero(np.diff(np.concatenate([[False], letter, [False]]).astype(np.int8)))
        first, last = edges[0::2], edges[1::2]
        if not len(first):
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty, empty
        # the words are the runs of ``letter``, which ``re`` cuts as fast as numpy finds their edges; one
        # ``map`` of the vocabulary's look-up over them (not a slice of ``norm`` per word in Python)
        digits = np.fromiter(map(self.words.get, _WORD.findall(norm), itertools.repeat(0)),
                             dtype=np.int64, count=len(first))
        keys, starts, ends = [], [], []
        for n in range(self.en_ngrams[0], self.en_ngrams[1] + 1):
            m = len(digits) - n + 1
            if m <= 0:
                continue
            key = np.zeros(m, dtype=np.int64)
            for offset in range(n):
                key = key * self.word_base + digits[offset:offset + m]
            keys.append(key + n * self.word_base ** MAX_EN)
            starts.append(first[:m])
            ends.append(last[n - 1:])
        return np.concatenate(keys), np.concatenate(starts), np.concatenate(ends)


class _KeyTable:
    """The vocabulary's keys in an open-addressing hash table (linear probing, at most a quarter full), looked up
    for a whole array of keys at once: each probe is one gather over the keys still unresolved, where a binary
    search of a sorted array (``np.searchsorted``) took 15 scattered reads per key (17 against 4 µs per text of
    ``assess_speed.py``). A key is found, or known absent at the first empty slot of its run, so the columns
    are those of the sorted look-up."""

    _MULTIPLIER = 0x9E3779B97F4A7C15  # odd: Fibonacci hashing, the top bits of key × multiplier mod 2**64

    def __init__(self, keys: list[int], columns: list[int]):
        bits = max(4, (4 * max(len(keys), 1) - 1).bit_length())
        size = 1 << bits
        self.mask, self.shift = size - 1, np.uint64(64 - bits)
        table_keys, table_columns = [-1] * size, [-1] * size  # keys are never negative: -1 marks an empty slot
        self.longest = 0
        slots = self._slots(np.array(keys, dtype=np.int64)).tolist() if keys else []
        for key, column, slot in zip(keys, columns, slots):
            probe = 0
            while table_keys[slot] != -1:
                slot = (slot + 1) & self.mask
                probe += 1
            table_keys[slot], table_columns[slot] = key, column
            self.longest = max(self.longest, probe)
        self.keys = np.array(table_keys, dtype=np.int64)
        self.values = np.array(table_columns, dtype=np.int64)

    def _slots(self, keys: np.ndarray) -> np.ndarray:
        return ((keys.astype(np.uint64) * np.uint64(self._MULTIPLIER)) >> self.shift).astype(np.intp)

    def columns(self, keys: np.ndarray) -> np.ndarray:
        """The column of each key (−1: not in the vocabulary)."""
        out = np.full(len(keys), -1, dtype=np.int64)
        if not len(keys):
            return out
        slots = self._slots(keys)
        held = self.keys[slots]
        hit = held == keys
        out[hit] = self.values[slots[hit]]
        pending = np.flatnonzero(~hit & (held != -1))  # another key in the slot: look further along its run
        for probe in range(1, self.longest + 1):
            if not len(pending):
                break
            at = (slots[pending] + probe) & self.mask
            held = self.keys[at]
            hit = held == keys[pending]
            out[pending[hit]] = self.values[at[hit]]
            pending = pending[~hit & (held != -1)]
        return out


def _is_cjk(term: str) -> bool:
    return any(low <= ord(term[0]) <= high for low, high in CJK_RANGES)


def _cjk_key(points: list[int]) -> int:
    key = 0
    for point in points:
        key = key * _CJK_BASE + point
    return key + len(points) * _CJK_BASE ** MAX_ZH
