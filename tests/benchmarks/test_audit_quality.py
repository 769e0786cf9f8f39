"""benchmarks/audit_quality.py reads the held-out Open Terms Archive set from a git mirror (synthetic repositories here)."""

import json
import subprocess
from pathlib import Path

import pytest

from benchmark_scripts import load_script


@pytest.fixture(scope="module")
def audit_quality():
    return load_script("audit_quality")


def _git(folder: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(folder), "-c", "user.name=test", "-c", "user.email=test@example.org",
                           *args], check=True, capture_output=True, text=True).stdout.strip()


def _source(commit: str) -> dict:
    return {"repository": "https://github.com/example/terms", "snapshot_commit": commit, "path": "Courier/Terms.md"}


def test_an_absent_mirror_is_a_note_that_names_the_folder_and_the_fix(audit_quality, tmp_path):
    text, why = audit_quality.text_at_commit(_source("0" * 40), tmp_path / "absent")
    assert text is None
    assert why == (f"not scored: no git mirror at {tmp_path / 'absent'}; pass --ota-git DIR, a git directory of "
                   "https://github.com/example/terms holding commit 0000000")


def test_an_agreement_is_read_as_it_was_at_the_snapshot_commit(audit_quality, tmp_path):
    """A later commit changes the file; the entry's commit keeps the text it was annotated on (synthetic text)."""
    _git(tmp_path, "init", "-q")
    (tmp_path / "Courier").mkdir()
    (tmp_path / "Courier" / "Terms.md").write_text("## 1. Work\n\n1.1. Synthetic clause, first version.\n")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first")
    first = _git(tmp_path, "rev-parse", "HEAD")
    (tmp_path / "Courier" / "Terms.md").write_text("## 1. Work\n\n1.1. Synthetic clause, second version.\n")
    _git(tmp_path, "commit", "-q", "-am", "second")
    assert audit_quality.text_at_commit(_source(first), tmp_path) == (
        "## 1. Work\n\n1.1. Synthetic clause, first version.\n", "")


def test_a_mirror_without_the_commit_is_a_note_not_a_crash(audit_quality, tmp_path):
    _git(tmp_path, "init", "-q")
    text, why = audit_quality.text_at_commit(_source("1" * 40), tmp_path)
    assert text is None
    assert why.startswith(f"not scored: {tmp_path} has no 1111111:Courier/Terms.md (")
    assert why.endswith("holding commit 1111111")


def _entry(set_name: str) -> dict:
    return {"file": f"{set_name}/Terms.md", "origin": "real", "set": set_name}


def test_a_blind_set_is_left_out_unless_named(audit_quality):
    """No run prints a blind figure by default; ``--only`` naming the set prints it (once, by the protocol)."""
    assert audit_quality.selected(_entry("tuned"), None, None)
    assert not any(audit_quality.selected(_entry(name), None, None) for name in audit_quality.BLIND)
    assert not audit_quality.selected(_entry("ota_heldout_3"), "tuned", None)
    assert audit_quality.selected(_entry("ota_heldout_3"), "^ota_heldout_3 ", None)
    assert not audit_quality.selected(_entry("tuned"), None, "tuned")


def test_every_annotated_set_is_either_blind_or_one_whose_errors_may_be_read(audit_quality):
    """A new held-out set must be added to BLIND (or to the open sets, saying why) before any run can print it."""
    entries = [json.loads(line) for line in audit_quality.ANNOTATIONS.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    open_sets = {"tuned", "synthetic", "judgment", "ota_train"}
    assert {e.get("set", e["origin"]) for e in entries} <= open_sets | set(audit_quality.BLIND)
    assert not open_sets & set(audit_quality.BLIND)


def test_every_clause_an_entry_read_from_the_mirror_names_is_a_clause_the_reader_finds(audit_quality):
    """An annotation keyed by a clause number the reader no longer gives scores as a miss: re-key it (README)."""
    from workstatus.features import read_clauses

    if not audit_quality.OTA_GIT.is_dir():
        pytest.skip(f"no git mirror at {audit_quality.OTA_GIT}")
    entries = [json.loads(line) for line in audit_quality.ANNOTATIONS.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    stale = {}
    for entry in (e for e in entries if "source" in e):
        text, why = audit_quality.text_at_commit(entry["source"], audit_quality.OTA_GIT)
        assert text is not None, why
        numbers = {clause.number for clause in read_clauses(text).clauses}
        if missing := sorted(set(entry["clauses"]) - numbers):
            stale[entry["file"]] = missing
    assert not stale
