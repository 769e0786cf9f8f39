"""``workstatus indicators``: the indicators a text states, with their evidence."""

from __future__ import annotations

import json
import math

import typer

from workstatus.commands._common import fail, read_text

MAX_SPANS_SHOWN = 3


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
        catalogue = features.load_catalogue()
        typer.echo(_as_json(extraction) if fmt == "json" else _as_text(extraction, catalogue))


def _catalogue(catalogue, fmt: str) -> str:
    if fmt == "json":
        from workstatus.reference import catalogue_data

        return json.dumps(catalogue_data(catalogue), ensure_ascii=False, indent=2)
    lines = [f"indicator catalogue {catalogue.version} ({len(catalogue)} indicators)"]
    for entry in catalogue:
        lines.append(f"{entry.id:28s} {entry.family:29s} {entry.towards:12s} {entry.label['zh']} / {entry.label['en']}")
    return "\n".join(lines)


def _as_json(extraction) -> str:
    from workstatus.reference import extraction_data

    return json.dumps(extraction_data(extraction), ensure_ascii=False, indent=2)


def _as_text(extraction, catalogue) -> str:
    from workstatus.features import NUMERIC_FACTS
    from workstatus.features._display import excerpt

    row = extraction.row
    stated = [i for i in catalogue.ids if row[i] != 0]
    claimed = [i for i in catalogue.ids if row[i] == 0 and any(s.attributed for s in extraction.spans_for(i))]
    plus = sum(1 for i in stated if row[i] > 0)
    lines = [f"language: {extraction.lang}   indicators: {len(stated)} ({plus} stated, {len(stated) - plus} denied)"]
    for indicator in stated + claimed:
        entry = catalogue[indicator]
        sign = {1: "+", -1: "−", 0: "?"}[int(row[indicator])]
        note = "  (only attributed: a claim or a decision, not a found fact)" if indicator in claimed else ""
        lines.append(f"{sign} {indicator}  {entry.label['zh']} / {entry.label['en']}{note}")
        spans = extraction.spans_for(indicator)
        for span in spans[:MAX_SPANS_SHOWN]:
            polarity = "+" if span.polarity > 0 else "−"
            claim = "  (attributed: a claim or a decision, not a found fact)" if span.attributed else ""
            reader = "  (read by the learned reader)" if span.cue.startswith("learned:") else ""
            lines.append(f"    {polarity} {excerpt(span)}{claim}{reader}")
        if len(spans) > MAX_SPANS_SHOWN:
            lines.append(f"    … {len(spans) - MAX_SPANS_SHOWN} more")
    facts = [(name, row[name]) for name in NUMERIC_FACTS if not math.isnan(row[name])]
    if facts:
        lines.append("numeric facts:")
        for name, value in facts:
            spans = extraction.spans_for(name)
            where = f"  {excerpt(spans[0])}" if spans else ""
            lines.append(f"  {name} = {value:g}{where}")
    if not stated and not claimed and not facts:
        lines.append("(no indicator found)")
    return "\n".join(lines)
