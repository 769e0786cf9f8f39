"""``workstatus assess`` and ``demo``: one case, end to end (``audit`` is its own module)."""

from __future__ import annotations

from pathlib import Path

import typer

from workstatus._errors import input_errors
from workstatus.commands._common import fail, read_mapping, read_text
from workstatus.commands._profile import (
    AsOf, Format, InjuryClass, Jurisdiction, ModelDir, Orders, Out, Platform, ProfileOptions, Region, Sector, Wage,
)


def load_model(path: Path | None):
    from workstatus import classifier

    from workstatus import load_model

    try:
        return load_model(path)
    except classifier.ModelIntegrityError as err:
        fail(str(err))


def render(result, fmt: Format, kind: str = "case", **options) -> str:
    """The result as JSON (data: its keys stay), or as the report ``reports.render_<kind>_<format>``.

    ``options`` go to the report (a case report's ``lang``: the language of its own words).
    """
    if fmt is Format.json:
        return result.model_dump_json(indent=2)
    from workstatus import reports

    return getattr(reports, f"render_{kind}_{fmt.value}")(result, **options)


REPORT_LANGUAGES = ("en", "zh")


def emit(content: str, out: Path | None) -> None:
    if out is None:
        typer.echo(content)
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(content, encoding="utf-8")
    typer.echo(f"wrote {out}", err=True)


def read_input(source: str):
    """A text, or questionnaire answers when the file is YAML/JSON."""
    if source != "-" and Path(source).suffix.lower() in (".yaml", ".yml", ".json"):
        return read_mapping(source)
    text = read_text(source)
    if not text.replace("\x00", "").strip():
        fail(f"{'standard input' if source == '-' else source}: the text is empty (or only spaces and NUL bytes); "
             "give the facts of the case")
    return text


def register(app: typer.Typer) -> None:
    @app.command()
    def assess(
        source: str = typer.Argument(..., metavar="FILE|-",
                                     help="A case text (UTF-8), '-' for stdin, or answers (.yaml/.json)."),
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json, html."),
        out: Out = None, model: ModelDir = None, jurisdiction: Jurisdiction = None,
        region: Region = None, wage: Wage = None, as_of: AsOf = None, sector: Sector = None,
        platform: Platform = None, orders: Orders = None, injury_class: InjuryClass = None,
        report_lang: str = typer.Option(
            "en", "--report-lang", help="Language of the report: en or zh (its own words, the status names, the "
                                        "indicator labels; the case text and the legal sources stay as they are). "
                                        "No effect on json."),
    ) -> None:
        """Assess one case: status and probabilities, reasons with evidence, similar cases, obligations."""
        import workstatus

        if report_lang not in REPORT_LANGUAGES:
            fail(f"--report-lang {report_lang!r}: expected en or zh")
        profile = ProfileOptions(region, wage, as_of, sector, platform, orders, injury_class).profile()
        item = read_input(source)
        try:
            result = workstatus.assess(item, case_id=None if source == "-" else Path(source).stem, profile=profile,
                                       model=load_model(model), jurisdiction=jurisdiction)
        except input_errors() as err:
            fail(str(err))
        emit(render(result, fmt, lang=report_lang), out)

    @app.command()
    def demo(
        out: Path = typer.Option(Path("workstatus-demo"), "--out", "-o", help="Folder for the reports."),
    ) -> None:
        """Assess the bundled examples and write their reports (HTML and Markdown)."""
        from workstatus.demo import run_demo

        if out.exists() and not out.is_dir():
            fail(f"--out {out}: is a file; the demo writes a folder of reports, so give a folder name")
        try:
            for line in run_demo(out):
                typer.echo(line)
        except input_errors() as err:
            fail(str(err))
