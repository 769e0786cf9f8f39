"""Shared fixtures: one fitted extractor for the whole test package (fitting compiles the lexicon)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workstatus import features
from workstatus.features._lexicon import DEFAULT_LEXICON


@pytest.fixture(scope="session")
def extractor() -> features.IndicatorExtractor:
    return features.IndicatorExtractor().fit()


@pytest.fixture(scope="session")
def extract(extractor):
    """Rows of a list of texts, as dicts."""

    def run(texts, lang=None):
        return [extractor.extract(text, lang=lang).row for text in texts]

    return run


@pytest.fixture()
def lexicon_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped lexicon, for loader tests."""
    target = tmp_path / "lexicon"
    shutil.copytree(DEFAULT_LEXICON, target)
    return target
