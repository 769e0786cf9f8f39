"""``workstatus audit``: a platform's agreement read clause by clause, against its practice, and what would change it."""

from __future__ import annotations

from pathlib import Path

import typer

from workstatus._errors import input_errors
from workstatus.commands._common import fail
from workstatus.commands._profile import (
    AsOf, Format, InjuryClass, Jurisdiction, ModelDir, Orders, Out, Platform, ProfileOptions, Region, Sector, Wage,
)


def register(app: typer.Typer) -> None:
    @app.command()
    def audit(
        source: str = typer.Argument(..., metavar="AGREEMENT|ANSWERS.yaml",
                                     help="The platform's agreement or terms (UTF-8 text or Markdown, '-' for stdin), "
                                          "or questionnaire answers alone (.yaml/.json)."),
        answers: Path = typer.Option(None, "--answers", "-a", metavar="ANSWERS.(yaml|json)",
                                     help="Questionnaire answers on the practice, beside the agreement: the audit "
                                          "reports where paper and practice disagree (practice stands)."),
        fmt: Format = typer.Option(Format.text, "--format", "-f", help="text, markdown, json or html."),
        out: Out = None, model: ModelDir = None, jurisdiction: Jurisdiction = None,
        region: Region = None, wage: Wage = None, as_of: AsOf = None, sector: Sector = None,
        platform: Platform = None, orders: Orders = None, injury_class: InjuryClass = None,
    ) -> None:
        """Self-audit: the agreement's clauses that drive the status, paper against practice, ranked changes
        with a suggested redraft, a path of changes with the obligations at each step."""
        from workstatus.commands.assess import emit, load_model, read_input, render

        profile = ProfileOptions(region, wage, as_of, sector, platform, orders, injury_class).profile()
        item = read_input(source)
        practice = None
        if answers is not None:
            if not isinstance(item, str):
                fail(f"--answers {answers}: goes beside an agreement's text, but {source} is itself answers")
            if answers.suffix.lower() not in (".yaml", ".yml", ".json"):
                fail(f"--answers {answers}: expected a .yaml or .json file of indicator id to yes/no/unknown")
            practice = read_input(str(answers))
        from workstatus.audit import audit as run_audit

        try:
            result = run_audit(item, answers=practice, profile=profile, model=load_model(model),
                               jurisdiction=jurisdiction)
        except input_errors() as err:
            fail(str(err))
        emit(render(result, fmt, "audit"), out)
