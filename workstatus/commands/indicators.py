"""``workstatus indicators``: the indicators a text states, with their evidence."""

from __future__ import annotations

import json

import typer

from workstatus.commands._common import fail, read_text


def register(app: typer.Typer) -> None:
    @app.command()
    def indicators(
        source: str = typer.Argument(None, help="A UTF-8 text file, or - for standard input."),
        fmt: str = typer.Option("text", "--format", help="text or json."),
        lang: str = typer.Option(None, "--lang", help="zh or en; default: detected."),
        list_: bool = typer.Option(False, "--list", help="Print the indicator catalogue and exit."),
        learned: bool = typer.Option(False, "--learned", help="Also run the learned reader (as the shipped model does)."),
    ) -> None:
        """Print the indicators a text states, each with the sentence that shows it."""
        from workstatus import features

        if fmt not in ("text", "json"):
            fail(f"--format {fmt!r}: expected text or json")
        if lang not in (None, "zh", "en"):
            fail(f"--lang {lang!r}: expected zh or en")
        if list_:
            typer.echo(_catalogue(features.load_catalogue(), fmt))
            return
        if source is None:
            fail("give a file, or - for standard input, or --list")
        text = read_text(source)
        try:
            extraction = features.IndicatorExtractor(learned=learned).extract(text, lang=lang)
        except features.FeaturesError as err:
            fail(str(err))
        if fmt == "json":
            from workstatus.reference import extraction_data

            typer.echo(json.dumps(extraction_data(extraction), ensure_ascii=False, indent=2))
        else:
            from workstatus.reports.extraction import render_extraction_text

            typer.echo(render_extraction_text(extraction, features.load_catalogue()))


def _catalogue(catalogue, fmt: str) -> str:
    if fmt == "json":
        from workstatus.reference import catalogue_data

        return json.dumps(catalogue_data(catalogue), ensure_ascii=False, indent=2)
    from workstatus.reports.extraction import render_catalogue_text

    return render_catalogue_text(catalogue)

