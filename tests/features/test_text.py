"""The length-preserving normalisation and its traditional -> simplified table (OpenCC)."""

from __future__ import annotations

import pytest

from workstatus.features import _text
from workstatus.features._errors import FeaturesError
from workstatus.features._text import normalise, translation_table


def test_the_table_holds_opencc_characters_one_for_one():
    table = translation_table()
    assert len(table) > 4000  # OpenCC's TSCharacters, not a hand-picked list
    keys = "".join(map(chr, table))
    assert len(normalise(keys)) == len(keys)
    assert normalise("憂鬱的騎手與臺灣的訂單") == "忧郁的骑手与台湾的订单"


def test_width_and_case_are_folded_without_changing_the_length():
    text = "ｇｐｓ　Tracking：騎手"
    assert normalise(text) == "gps tracking:骑手"
    assert len(normalise(text)) == len(text)


@pytest.mark.parametrize("text", [
    "".join(map(chr, range(0x20, 0x3100))),  # every key of the width, case and BMP tables, and what lies between
    "臺灣騎手 " * 30 + "𠀀𪚥😀 astral characters, past the table's highest key and within it",
    "a lone surrogate \ud800 keeps its place " * 3,
])
def test_a_long_text_is_mapped_as_translate_maps_it(text):
    assert len(text) >= _text._ARRAY_FROM
    assert normalise(text) == text.translate(translation_table())


def test_every_key_of_the_table_is_mapped_in_a_long_text_as_in_a_short_one():
    keys = "".join(map(chr, translation_table()))
    assert normalise(keys) == "".join(normalise(c) for c in keys)


def test_the_table_is_built_once():
    assert translation_table() is translation_table()


def test_a_missing_opencc_dictionary_names_the_package_to_install(monkeypatch):
    monkeypatch.setattr(_text, "_OPENCC_CHARACTERS", ("dictionary", "NoSuchFile.txt"))
    with pytest.raises(FeaturesError, match="pip install opencc-python-reimplemented"):
        _text._read_opencc_characters()


@pytest.mark.parametrize("text", ["", "骑手不得拒单", "Drivers may decline trips.", "骑手 may decline 拒单", "ab cd", "骑" * 30_000 + " the driver may decline"])
def test_scripts_and_language_together_answer_as_each_alone(text):
    from workstatus.features._text import detect_language, scripts_and_language, scripts_present

    assert scripts_and_language(text) == (*scripts_present(text), detect_language(text))
