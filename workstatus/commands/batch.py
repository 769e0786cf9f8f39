"""``workstatus batch``: a table of cases in, one assessed row per case out."""

from __future__ import annotations

from enum import Enum
from functools import partial
from pathlib import Path

import typer

from workstatus.commands._common import fail
from workstatus.commands._profile import AsOf, InjuryClass, ModelDir, Orders, Platform, ProfileOptions, Region, Sector, Wage


class Engine(str, Enum):
    local = "local"
    dask = "dask"


def register(app: typer.Typer) -> None:
    @app.command()
    def batch(
        input_path: Path = typer.Argument(..., metavar="INPUT", help="Cases as .csv, .jsonl or .parquet."),
        out: Path = typer.Option(..., "--out", "-o", help="Output table (.csv, .jsonl or .parquet)."),
        text_column: str = typer.Option("text", "--text-column", help="Column holding the case text."),
        id_column: str = typer.Option("id", "--id-column", help="Column holding the case id (kept under its name)."),
        profile_column: list[str] = typer.Option(
            [], "--profile-column", help="FIELD=COLUMN, e.g. monthly_wage=salary (repeatable). Columns named "
            "region, monthly_wage, as_of, sector, platform, monthly_orders, work_injury_class, jurisdiction are used as they are."),
        jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Processes to use (with --engine dask "
                                 "--scheduler local: the local cluster's workers)."),
        engine: Engine = typer.Option(Engine.local, "--engine", help="local: this machine's processes; dask: "
                                      "partitions on a Dask cluster, Parquet part files in OUTPUT.partitions/."),
        scheduler: str = typer.Option(None, "--scheduler", metavar="ADDRESS|local", help="With --engine dask: "
                                      "a running scheduler (tcp://host:8786, tls://…) or local (the default)."),
        partitions: int = typer.Option(None, "--partitions", min=1, help="With --engine dask: partitions to cut "
                                       "the input into (default one per 1,000 rows, at least two per worker)."),
        chunk_size: int = typer.Option(200, "--chunk-size", min=1, help="Rows per chunk (written and flushed together)."),
        resume: bool = typer.Option(False, "--resume", help="Continue an interrupted run without duplicating rows."),
        force: bool = typer.Option(False, "--force", help="Overwrite an existing output table."),
        report: Path = typer.Option(None, "--report", help="Also write a triage report (HTML)."),
        report_top: int = typer.Option(500, "--report-top", min=1, help="Rows the triage report ranks (highest scores)."),
        fast: bool = typer.Option(False, "--fast", help="Skip SHAP reasons and similar cases."),
        model: ModelDir = None,
        quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
        region: Region = None, wage: Wage = None, as_of: AsOf = None, sector: Sector = None,
        platform: Platform = None, orders: Orders = None, injury_class: InjuryClass = None,
    ) -> None:
        """Assess every row of a table; write status, probabilities, top reasons, expected liability, error."""
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        from workstatus import _assess
        from workstatus.batch import BatchOptions, assess_rows, profile_columns, run_batch
        from workstatus.tables import TableError

        defaults = ProfileOptions(region, wage, as_of, sector, platform, orders, injury_class).profile() or {}
        try:
            columns = profile_columns(profile_column)
        except ValueError as err:
            fail(f"--profile-column {err}")
        model_path = None if model is None else str(model)
        if model_path is not None and not Path(model_path).is_dir():
            fail(f"--model {model}: no such folder")
        from workstatus.commands.assess import load_model

        load_model(model)  # checked here, before any output is written: a worker's failure would come too late
        options = BatchOptions(text_column=text_column, id_column=id_column, profile_columns=columns, profile=defaults,
                               chunk_size=chunk_size, resume=resume, force=force, report=report, report_top=report_top)
        if engine is Engine.dask:
            from workstatus.engines.dask import EngineError, run_dask_batch

            try:
                summary = run_dask_batch(input_path, out, options, scheduler=scheduler or "local", workers=jobs,
                                         partitions=partitions, explain=not fast, model=model_path,
                                         progress_bar=not quiet)
            except (TableError, EngineError) as err:
                fail(str(err))
            _print_summary(summary)
            return
        if scheduler is not None or partitions is not None:
            fail("--scheduler and --partitions apply to --engine dask only; add --engine dask, or drop them")
        progress = Progress(TextColumn("assessing"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                            disable=quiet, transient=False, console=Console(stderr=True))
        task = progress.add_task("batch", total=None)

        def on_progress(done: int, total: int | None) -> None:
            progress.update(task, completed=done, total=total)

        try:
            with progress:
                summary = run_batch(input_path, out, assess_rows, options, jobs=jobs,
                                    worker_init=partial(_assess.init_worker, model_path, not fast),
                                    on_progress=on_progress, identity={"model": model_path, "fast": fast})
        except TableError as err:
            fail(str(err))
        except KeyboardInterrupt:
            fail(f"interrupted; the rows written so far are kept in {out}: run the same command with --resume "
                 "to continue", code=130)
        _print_summary(summary)


def _print_summary(summary) -> None:
    statuses = ", ".join(f"{k} {v}" for k, v in sorted(summary.statuses.items()))
    resumed = f" (resumed after {summary.skipped})" if summary.skipped else ""
    typer.echo(f"{summary.rows} rows assessed{resumed}: {statuses or 'none'}; {summary.errors} errors → {summary.output}",
               err=True)
    if summary.duplicates:
        shown = ", ".join(summary.duplicate_ids[:5])
        typer.echo(f"warning: {summary.duplicates} rows repeat an id already seen ({shown}"
                   f"{', …' if summary.duplicates > 5 else ''}); every row was kept, in input order", err=True)
    if summary.report:
        typer.echo(f"triage report → {summary.report}", err=True)
