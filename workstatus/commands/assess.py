"""``workstatus assess``, ``audit`` and ``demo``: one case, end to end."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from workstatus.commands._common import fail, read_text
from workstatus.commands._profile import (
    AS_OF, INJURY_CLASS, JURISDICTION, MODEL, ORDERS, OUT, PLATFORM, REGION, SECTOR, WAGE, Format, ProfileOptions,
)


def _errors():
    import features
    import obligations

    from workstatus import WorkstatusError

    return (WorkstatusError, features.FeaturesError, obligations.ObligationsError)


def _load_model(path: Path | None):
    import classifier

    from workstatus import load_model

    try:
        return load_model(path)
    except classifier.ModelIntegrityError as err:
        fail(str(err))


def render(result, fmt: Format) -> str:
    """The assessment in the chosen format."""
    import reports

    if fmt is Format.json:
        return result.model_dump_json(indent=2)
    if fmt is Format.markdown:
        return reports.render_case_markdown(result)
    if fmt is Format.html:
        return reports.render_case_html(result)
    return reports.render_case_text(result)


def emit(content: str, out: Path | None) -> None:
    if out is None:
        typer.echo(content)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(content, encoding="utf-8")
    typer.echo(f"wrote {out}", err=True)


def _input(source: str):
    """A text, or questionnaire answers when the file is YAML/JSON."""
    if source != "-" and Path(source).suffix.lower() in (".yaml", ".yml", ".json"):
        import yaml

        try:
            answers = yaml.safe_load(read_text(source))
        except yaml.YAMLError as err:
            fail(f"{source}: not valid YAML/JSON ({str(err).splitlines()[0]})")
        if not isinstance(answers, dict):
            fail(f"{source}: expected a mapping of indicator id to yes/no/unknown")
        return answers
    return read_text(source)


def register(app: typer.Typer) -> None:
    @app.command()
    def assess(
        source: str = typer.Argument(..., metavar="FILE|-", help="A case text (UTF-8), '-' for stdin, or answers (.yaml/.json)."),
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or html."),
        out: Path = OUT,
        model: Path = MODEL,
        jurisdiction: str = JURISDICTION,
        region: str = REGION, wage: float = WAGE, as_of: str = AS_OF, sector: str = SECTOR,
        platform: str = PLATFORM, orders: int = ORDERS, injury_class: int = INJURY_CLASS,
    ) -> None:
        """Assess one case: status and probabilities, reasons with evidence, similar cases, obligations."""
        import workstatus

        profile = ProfileOptions(region, wage, as_of, sector, platform, orders, injury_class).profile()
        item = _input(source)
        try:
            result = workstatus.assess(item, profile=profile, model=_load_model(model), jurisdiction=jurisdiction,
                                       case_id=None if source == "-" else Path(source).stem)
        except _errors() as err:
            fail(str(err))
        emit(render(result, fmt), out)

    @app.command()
    def audit(
        source: str = typer.Argument(..., metavar="ANSWERS.yaml|CONTRACT.txt", help="Questionnaire answers or a contract text."),
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text or json."),
        out: Path = OUT,
        model: Path = MODEL,
        jurisdiction: str = JURISDICTION,
        region: str = REGION, wage: float = WAGE, as_of: str = AS_OF, sector: str = SECTOR,
        platform: str = PLATFORM, orders: int = ORDERS, injury_class: int = INJURY_CLASS,
    ) -> None:
        """Self-audit: the assessment, and how each practice found moves the status if removed."""
        from workstatus.audit import audit as run_audit
        from workstatus.audit import render_audit_text

        if fmt not in (Format.text, Format.json):
            fail(f"--format {fmt.value}: audit writes text or json")
        profile = ProfileOptions(region, wage, as_of, sector, platform, orders, injury_class).profile()
        item = _input(source)
        try:
            result = run_audit(item, profile=profile, model=_load_model(model), jurisdiction=jurisdiction)
        except _errors() as err:
            fail(str(err))
        emit(result.model_dump_json(indent=2) if fmt is Format.json else render_audit_text(result), out)

    @app.command()
    def demo(
        out: Path = typer.Option(Path("workstatus-demo"), "--out", "-o", help="Folder for the reports."),
    ) -> None:
        """Assess the bundled examples and write their reports (HTML and Markdown)."""
        from workstatus.demo import run_demo

        try:
            for line in run_demo(out):
                typer.echo(line)
        except _errors() as err:
            fail(str(err))
