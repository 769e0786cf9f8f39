"""``workstatus train`` and ``workstatus evaluate``: the status model, fitted and scored."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from workstatus.commands._common import fail
from workstatus.commands._profile import TextOrJson, TextOrJsonFormat


def register(app: typer.Typer) -> None:
    @app.command()
    def train(
        cases: Path = typer.Option(None, "--cases", help="Folder or .jsonl of labelled cases; default: labelled_cases/real."),
        out: Path = typer.Option(None, "--out", help="Folder for model, manifest, card; default: the shipped classifier/model/."),
        repeats: int = typer.Option(5, "--repeats", min=1, help="Repetitions of the cross-validation."),
        folds: int = typer.Option(5, "--folds", min=2, help="Folds per repetition."),
        cv: bool = typer.Option(True, "--cv/--no-cv", help="--no-cv: fit the shipped model's configuration only (seconds), no figures."),
        kind: str = typer.Option(None, "--kind", help="With --no-cv, fit this family's base configuration instead: "
                                                      "multinomial, two_stage or hybrid."),
        seed: int = typer.Option(0, "--seed", help="Seed of the fold assignment."),
        gold: Path = typer.Option(None, "--gold", help="Hand-annotated indicator rows; default: labelled_cases/annotations/gold.jsonl."),
        indicators_only: bool = typer.Option(
            False, "--indicators-only",
            help="Compare only models that decide on the indicators (no wording of the text), e.g. for a model "
                 "whose every reason is a fact with evidence."),
    ) -> None:
        """Cross-validate the candidate models on real cases, keep the best, write model, manifest and model card."""
        from workstatus import classifier
        from workstatus import labelled_cases
        from workstatus.classifier.training import INDICATOR_FAMILIES, MODEL_FAMILIES, TrainingOptions
        from workstatus.classifier.training import train as train_model
        from workstatus.reports.evaluation import render_comparison_text
        from workstatus.reports.model_card import write_model_card

        target = out if out is not None else classifier.MODEL_DIR
        try:
            options = TrainingOptions(
                out=target, folds=folds, repeats=repeats, cv=cv, seed=seed, gold=gold, config={"kind": kind} if kind else {},
                families=INDICATOR_FAMILIES if indicators_only else MODEL_FAMILIES,
                progress=lambda m: typer.echo(f"… {m}", err=True),
            )
            report = train_model(labelled_cases.load_cases(cases, origin="real"), options)
        except (labelled_cases.CaseFormatError, ValueError) as err:
            fail(str(err))
        metrics = report.to_metrics()
        typer.echo(render_comparison_text(metrics))
        written = list(report.written) + write_model_card(metrics, target)
        for path in written:
            typer.echo(f"wrote {path}")

    @app.command()
    def evaluate(
        cases: Path = typer.Option(..., "--cases", help="A .jsonl file of case records (id, text, label)."),
        model: Path = typer.Option(None, "--model", help="Model folder; default: the shipped model."),
        fmt: TextOrJsonFormat = TextOrJson.text,
    ) -> None:
        """Score labelled case records with a trained model and print the figures."""
        from workstatus import classifier
        from workstatus.classifier.training import evaluate_frame, read_evaluation_cases

        try:
            frame, problems = read_evaluation_cases(cases)
        except FileNotFoundError as err:
            fail(str(err))
        for problem in problems:
            typer.echo(f"workstatus: skipped {problem}", err=True)
        try:
            status_model = classifier.load_model(model)
        except classifier.ModelIntegrityError as err:
            fail(str(err))
        try:
            result = evaluate_frame(status_model, frame)
        except ValueError as err:
            fail(f"{cases}: {err}")
        if fmt is TextOrJson.json:
            typer.echo(json.dumps(result, indent=2, ensure_ascii=False))
        else:
            from workstatus.reports.evaluation import render_evaluation_text

            typer.echo(render_evaluation_text(result))
