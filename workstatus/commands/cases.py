"""``workstatus cases``: the labelled cases, counted and checked."""

from __future__ import annotations

from pathlib import Path

import typer

from workstatus.commands._common import fail


def register(app: typer.Typer) -> None:
    @app.command()
    def cases(
        path: Path = typer.Argument(None, help="A .jsonl file or folder; default: the bundled cases."),
        summary: bool = typer.Option(True, "--summary/--no-summary", help="Print counts by language, label, …"),
        origin: str = typer.Option("real", help="real, synthetic or all."),
        markdown: bool = typer.Option(False, "--markdown", help="Print the counts as Markdown tables."),
        card: bool = typer.Option(False, "--card", help="Rewrite the counts in labelled_cases/README.md."),
        check: bool = typer.Option(False, "--check", help="Check every real case's label against the labelling "
                                   "rule and its text for the tribunal's reasoning; exit 1 on any problem."),
    ) -> None:
        """Validate labelled cases and print their counts."""
        from workstatus import labelled_cases

        if origin not in ("real", "synthetic", "all"):
            fail(f"--origin {origin!r}: expected real, synthetic or all")
        try:
            frame = labelled_cases.load_cases(path, origin=origin)
        except labelled_cases.CaseFormatError as err:
            fail(str(err))
        if check:
            problems = labelled_cases.check_corpus(frame)
            for line in problems:
                typer.echo(line)
            typer.echo(f"{len(frame)} cases checked, {len(problems)} problem(s)")
            raise typer.Exit(1 if problems else 0)
        if card:
            changed = labelled_cases.update_card()
            typer.echo(f"{labelled_cases.CARD}: {'updated' if changed else 'already current'}")
        elif markdown:
            typer.echo(labelled_cases.summary_markdown(frame))
        elif summary:
            typer.echo(labelled_cases.summary(frame))
        else:
            typer.echo(f"{len(frame)} cases")
