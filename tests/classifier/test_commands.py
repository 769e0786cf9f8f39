import json

from classifier_standin import make_cases, write_jsonl
from typer.testing import CliRunner

from workstatus import classifier
from workstatus.cli import app

KEYS = {"n", "accuracy", "macro_f1", "binary_accuracy", "per_class", "confusion",
        "undetermined_rate", "accuracy_when_determined"}


def run(*args):
    return CliRunner().invoke(app, list(map(str, args)))


def test_evaluate_json_has_exactly_the_agreed_keys(saved_dir, tmp_path):
    path = tmp_path / "eval.jsonl"
    write_jsonl(path, make_cases(30, seed=1))
    result = run("evaluate", "--cases", path, "--model", saved_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    figures = json.loads(result.stdout)
    assert set(figures) == KEYS
    assert figures["n"] == 30
    assert set(figures["per_class"]) == {"employee", "third_category", "independent"}
    assert len(figures["confusion"]) == 3


def test_evaluate_reports_bad_records_by_id_and_line_and_scores_the_rest(saved_dir, tmp_path):
    records = make_cases(12, seed=2)
    records[3]["label"] = "worker"
    del records[5]["text"]
    path = tmp_path / "eval.jsonl"
    write_jsonl(path, records)
    result = run("evaluate", "--cases", path, "--model", saved_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "eval.jsonl:4: record 't003': label 'worker' is not a status" in result.stderr
    assert "eval.jsonl:6: record 't005' lacks text" in result.stderr
    assert json.loads(result.stdout)["n"] == 10


def test_evaluate_refuses_a_folder_without_a_model(tmp_path):
    path = tmp_path / "eval.jsonl"
    write_jsonl(path, make_cases(6))
    result = run("evaluate", "--cases", path, "--model", tmp_path)
    assert result.exit_code == 2
    assert "no manifest" in result.stderr


def test_evaluate_ignores_keys_other_than_id_text_and_label(saved_dir, tmp_path):
    records = [{"id": r["id"], "text": r["text"], "label": r["label"], "sector": "not-a-sector", "origin": "real"}
               for r in make_cases(9, seed=5)]
    path = tmp_path / "eval.jsonl"
    write_jsonl(path, records)
    result = run("evaluate", "--cases", path, "--model", saved_dir, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["n"] == 9


def test_train_without_cv_writes_the_model_and_its_card_once(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(12, seed=6))
    result = run("train", "--cases", tmp_path / "cases.jsonl", "--out", tmp_path / "model", "--no-cv",
                 "--kind", "two_stage")
    assert result.exit_code == 0, result.output
    names = [line.rsplit("/", 1)[-1] for line in result.stdout.splitlines() if line.startswith("wrote ")]
    model_files = list(json.loads((tmp_path / "model" / "manifest.json").read_text())["files"])
    assert names == [*model_files, "manifest.json", "metrics.json", "MODEL_CARD.md"]
    card = (tmp_path / "model" / "MODEL_CARD.md").read_text(encoding="utf-8")
    assert "'kind': 'two_stage'" in card and "Trained without cross-validation" in card
    assert json.loads((tmp_path / "model" / "metrics.json").read_text())["cv"] is None


def test_train_refuses_too_few_cases(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(4))
    result = run("train", "--cases", tmp_path / "cases.jsonl", "--out", tmp_path / "model", "--no-cv")
    assert result.exit_code == 2
    assert "training needs at least 6" in result.stderr


def test_train_without_cv_fits_exactly_the_shipped_configuration(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(12, seed=6))
    result = run("train", "--cases", tmp_path / "cases.jsonl", "--out", tmp_path / "model", "--no-cv")
    assert result.exit_code == 0, result.output
    fitted = json.loads((tmp_path / "model" / "manifest.json").read_text())["config"]
    assert fitted == classifier.read_manifest()["config"]


def test_train_without_cv_fits_the_hybrid_family_by_name(tmp_path):
    write_jsonl(tmp_path / "cases.jsonl", make_cases(12, seed=6))
    result = run("train", "--cases", tmp_path / "cases.jsonl", "--out", tmp_path / "model", "--no-cv",
                 "--kind", "hybrid")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "model" / "manifest.json").read_text())["config"]["text_scale"] > 0
    bad = run("train", "--cases", tmp_path / "cases.jsonl", "--out", tmp_path / "m2", "--no-cv", "--kind", "forest")
    assert bad.exit_code == 2 and "not a model family" in bad.stderr
