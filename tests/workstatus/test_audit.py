"""The self-audit a compliance team acts on: clauses, paper against practice, ranked changes, every format."""

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from workstatus.cli import app

AGREEMENTS = Path(__file__).resolve().parent / "agreements"
PROFILE = ["--wage", "7000", "--region", "110000", "--as-of", "2025-07-01"]


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


@pytest.fixture(scope="module")
def courier(model):
    from workstatus.audit import audit

    text = (AGREEMENTS / "courier_en.md").read_text(encoding="utf-8")
    return audit(text, answers={"monitored": "no", "refusal_penalised": "yes", "schedule_controlled": "yes"},
                 model=model, profile={"monthly_wage": 7000, "region": "110000", "as_of": "2025-07-01"})


def test_every_change_quotes_the_clause_that_states_it(courier):
    by_id = {c.indicator: c for c in courier.changes}
    refusal = by_id["refusal_penalised"]
    assert refusal.evidence[0].clause == "2.1" and refusal.evidence[0].heading == "THE WORK"
    assert "Declining an order is penalised" in refusal.evidence[0].sentence
    assert refusal.remedy["en"] and refusal.remedy["zh"]
    assert refusal.stated_in == "both"


def test_own_expense_equipment_is_not_advised_for_removal(courier):
    assert "equipment_provided" not in {c.indicator for c in courier.changes}
    assert {i.id: i.value for i in courier.assessment.indicators}["equipment_provided"] == -1


def test_boilerplate_is_listed_as_left_out_not_counted(courier):
    assert {(l.indicator, l.clause, l.topic) for l in courier.left_out} >= {("personal_service", "3.1", "notices")}
    assert courier.clauses["clauses"] == 7 and courier.clauses["boilerplate"] == 2
    assert "personal_service" not in {c.indicator for c in courier.changes}


def test_paper_and_practice_that_disagree_are_reported_with_the_clause(courier):
    (monitoring,) = [d for d in courier.disagreements if d.indicator == "monitored"]
    assert (monitoring.paper, monitoring.practice) == (1, -1)
    assert monitoring.summary.startswith("clause 2.3 (THE WORK) states work is monitored")
    assert "in practice it is not" in monitoring.summary
    assert {i.id: i.value for i in courier.assessment.indicators}["monitored"] == -1, "practice stands over paper"


def test_changes_are_ranked_by_the_fall_in_liability_and_the_path_records_each_step(courier):
    falls = [float(c.delta_liability) for c in courier.changes]
    assert falls == sorted(falls) and falls
    assert courier.path[0].removed == () and all(len(s.removed) == n for n, s in enumerate(courier.path))
    assert all(s.expected_monthly_liability is not None for s in courier.path)


def test_the_practices_that_hold_the_status_are_the_ones_the_answers_state(courier):
    held = courier.whatever_the_paper
    assert held is not None and "refusal_penalised" in held.practices
    assert "equipment_provided" not in held.practices


@pytest.mark.parametrize("fmt, marker", [("text", "What would change the status"), ("markdown", "# Self-audit"),
                                         ("html", "<!DOCTYPE html>"), ("json", '"disagreements"')])
def test_every_format_renders_the_clauses(model, tmp_path, fmt, marker):
    out = tmp_path / f"audit.{fmt}"
    result = run("audit", AGREEMENTS / "rider_zh.txt", "--format", fmt, "--out", out, *PROFILE)
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert marker in page
    assert "2.1" in page and "配送服务" in page, "the clause number and heading are quoted"


@pytest.mark.parametrize("fmt", ["text", "markdown", "html"])
def test_every_format_shows_every_evidence_sentence_similar_case_and_source_of_every_step(model, fmt):
    """What the JSON holds a reader of any format can see: each sentence an indicator was read from, each similar
    case's address, and the documents behind the obligations as things stand and at each step of the path."""
    import html as markup

    from workstatus.audit import audit
    from workstatus.demo import EXAMPLES
    from workstatus.reports import audit as views

    agreement = audit((EXAMPLES / "agreement_zh.txt").read_text(encoding="utf-8"), model=model,
                      profile={"monthly_wage": 6500, "region": "110000", "as_of": "2025-07-01"})
    page = {"text": views.render_audit_text, "markdown": views.render_audit_markdown,
            "html": views.render_audit_html}[fmt](agreement)
    page = " ".join(markup.unescape(page).replace("\\", "").split())
    data = agreement.model_dump(mode="json")
    sentences = {" ".join(e["sentence"].split()) for i in data["assessment"]["indicators"] for e in i["evidence"]
                 if e.get("sentence")}
    urls = {c["source_url"] for c in data["assessment"]["similar_cases"] if c.get("source_url")}
    docs = {s["doc"] for step in (data["assessment"], *data["path"]) for o in step["obligations"] or ()
            for s in o["sources"] if s.get("doc")}
    later = {s["doc"] for step in data["path"][1:] for o in step["obligations"] or () for s in o["sources"]
             if s.get("doc")} - {s["doc"] for o in data["assessment"]["obligations"] for s in o["sources"] if s.get("doc")}
    assert sentences and urls and later, "the fixture has evidence, similar cases and sources only a later step uses"
    assert [x for x in sorted(sentences | urls | docs) if x not in page] == []


def test_the_html_audit_escapes_the_agreement(model, tmp_path):
    agreement = tmp_path / "terms.md"
    agreement.write_text("### 2. <script>alert(1)</script>\n\n2.1. Couriers who reject orders are penalised "
                         "<img src=x onerror=alert(1)>.\n", encoding="utf-8")
    out = tmp_path / "audit.html"
    assert run("audit", agreement, "--format", "html", "--out", out).exit_code == 0
    page = out.read_text(encoding="utf-8")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "&lt;img src=x" in page


def test_answers_beside_the_agreement_come_from_the_cli(model):
    result = run("audit", AGREEMENTS / "courier_en.md", "--answers", AGREEMENTS / "practice.yaml", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["assessment"]["input_kind"] == "agreement"
    assert [d["indicator"] for d in data["disagreements"]] == ["monitored"]


@pytest.mark.parametrize("answers, message", [
    ("practice.txt", "expected a .yaml or .json file"),
    ("missing.yaml", "no such file"),
])
def test_bad_answers_get_one_clear_line(model, tmp_path, answers, message):
    path = tmp_path / answers
    if answers.endswith(".txt"):
        path.write_text("monitored: no\n")
    result = run("audit", AGREEMENTS / "courier_en.md", "--answers", path)
    assert result.exit_code == 2 and message in result.output


def test_an_agreement_is_read_by_its_cues_not_by_the_reader_learned_from_case_summaries(model):
    """The learned reader fills silent cells of a case summary; in an agreement it would cite clauses for facts
    they do not state, so the audit reads clauses with the cues alone (assess of the same text still uses it)."""
    from workstatus import assess
    from workstatus.audit import audit

    text = (AGREEMENTS / "rider_zh.txt").read_text(encoding="utf-8")

    def learned(assessment):
        return [e for i in assessment.indicators for e in i.evidence if e.cue.startswith("learned:")]

    assert learned(assess(text, model=model)), "the reader reads this text as a case: the check below could not fail"
    assert not learned(audit(text, model=model).assessment)


def test_a_change_with_no_measurable_effect_is_listed_apart(model):
    from workstatus.audit import MIN_EFFECT, audit
    from workstatus.reports.audit import render_audit_markdown, render_audit_text

    text = (AGREEMENTS / "courier_en.md").read_text(encoding="utf-8")
    default = audit(text, model=model)
    assert all(max(abs(c.delta_employee), abs(c.delta_independent)) >= MIN_EFFECT for c in default.changes)
    assert all(max(abs(c.delta_employee), abs(c.delta_independent)) < MIN_EFFECT for c in default.no_effect)
    everything = {c.indicator for c in (*default.changes, *default.no_effect)}
    strict = audit(text, model=model, min_effect=1.0)
    assert strict.changes == () and {c.indicator for c in strict.no_effect} == everything
    assert strict.path == default.path, "the path still weighs every change"
    assert "No measurable effect" in render_audit_text(strict)
    assert "No measurable effect" in render_audit_markdown(strict)


def test_a_sentence_with_two_cues_is_quoted_once_and_the_next_clause_gets_the_slot(model):
    """"fines and penalties" in one sentence would fill two of the three quotes with the same sentence (synthetic)."""
    from workstatus.audit import audit

    text = ("### 4. Deliveries\n\n4.1. We may fine you or impose a penalty of 5 euros for every late delivery.\n\n"
            "4.2. We may deduct 10 euros from your pay for every customer complaint.\n")
    result = audit(text, model=model, min_effect=0.0)
    (penalties,) = [c for c in (*result.changes, *result.no_effect) if c.indicator == "performance_penalties"]
    assert [e.clause for e in penalties.evidence] == ["4.1", "4.2"]


def test_a_denial_on_paper_that_practice_contradicts_is_worded_with_its_clause():
    from workstatus.reports.audit import disagreement_summary

    clause = {"clause": "4", "heading": "Hours", "sentence": "You choose your own hours.", "source": "text"}
    assert disagreement_summary("Working time controlled", -1, 1, clause) == (
        "clause 4 (Hours) denies working time controlled: “You choose your own hours.”; in practice it is so "
        "(the questionnaire).")
    assert disagreement_summary("Monitored", 1, -1, None).startswith("the agreement states monitored")


def test_the_audit_takes_from_the_facade_only_its_public_names_and_the_record_of_one_input():
    import ast

    import workstatus
    from workstatus import audit as module

    private = set()
    for node in ast.walk(ast.parse(Path(module.__file__).read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module == "workstatus._assess":
            private |= {alias.name for alias in node.names}
        if isinstance(node, ast.ImportFrom) and node.module == "workstatus":
            assert {alias.name for alias in node.names} <= set(workstatus.__all__)
    assert private <= {"one_record"}, f"the audit reaches into the facade's private helpers: {sorted(private)}"
