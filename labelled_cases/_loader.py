"""Validate and load case records (the case-record table of DESIGN.md)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Literal, get_args

import pandas as pd
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from workstatus.labelled_cases._rules import FINDINGS, UNLABELLED_FINDINGS, RuleFacts

CASES_DIR = Path(__file__).resolve().parent
#: the classifier's statuses, copied: this data package imports no other (tests/workstatus/test_vocabulary.py
#: holds the copy to the classifier's)
Label = Literal["employee", "third_category", "independent"]
STATUSES: tuple[str, ...] = get_args(Label)
SECTORS = (
    "delivery",
    "ride_hailing",
    "freight",
    "courier",
    "streaming",
    "domestic",
    "designated_driving",
    "crowdwork",
    "professional",
    "construction",
    "other",
)


class CaseFormatError(ValueError):
    """A case record or case file that cannot be used; the message names file and line."""


class CaseRecord(BaseModel):
    """One case: the facts, and where they come from. Unknown keys are kept."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=True)

    id: str
    text: str
    label: Label | None = None
    lang: Literal["zh", "en"] | None = None
    jurisdiction: str | None = None
    origin: Literal["real", "synthetic"] | None = None
    source_url: str | None = None
    source_title: str | None = None
    year: int | None = None
    court_outcome: str | None = None
    label_basis: str | None = None
    sector: str | None = None
    tribunal_finding: str | None = None
    rule_facts: RuleFacts | None = None

    @model_validator(mode="after")
    def _check(self) -> "CaseRecord":
        if not self.id:
            raise ValueError("id is empty")
        if not self.text:
            raise ValueError("text is empty")
        if self.origin == "real":
            missing = [k for k in ("source_url", "source_title", "year") if not getattr(self, k)]
            if missing:
                raise ValueError(f"a real case needs {', '.join(missing)}")
            if not self.source_url.startswith(("http://", "https://")):
                raise ValueError(f"source_url {self.source_url!r} is not a web address")
        findings = (*FINDINGS, *UNLABELLED_FINDINGS)
        if self.tribunal_finding is not None and self.tribunal_finding not in findings:
            raise ValueError(f"tribunal_finding {self.tribunal_finding!r} is not one of {', '.join(findings)}")
        if self.sector is not None and self.sector not in SECTORS:
            raise ValueError(f"sector {self.sector!r} is not one of {', '.join(SECTORS)}")
        return self


def _describe(err: ValidationError) -> str:
    parts = []
    for item in err.errors():
        where = ".".join(str(x) for x in item["loc"])
        msg = item["msg"].removeprefix("Value error, ")
        if item["type"] == "literal_error" and where == "label":
            parts.append(f"label {item['input']!r} is not a status; expected one of {', '.join(STATUSES)}")
            continue
        parts.append(f"{where}: {msg}" if where else msg)
    return "; ".join(parts)


def read_case_file(
    path: str | Path, *, require: Iterable[str] = (), on_error: str = "raise", only: Iterable[str] | None = None
) -> Iterator[tuple[int, CaseRecord | CaseFormatError]]:
    """Yield the records of one JSON Lines file, validated.

    Yields ``(line_number, record)`` pairs.

    Parameters
    ----------
    path
        A ``.jsonl`` file, one JSON object per line; blank lines are skipped.
    require
        Keys that must be present and non-empty in every record (``label``
        for training or evaluation, ``origin`` inside ``labelled_cases``).
    on_error
        ``"raise"`` stops at the first bad record; ``"yield"`` yields a
        :class:`CaseFormatError` in its place and goes on, so that a caller
        can report bad records and still use the rest.
    only
        When given, the keys read from each record (every other key is
        ignored, not validated), e.g. for a file scored by ``workstatus evaluate``.
    """
    path = Path(path)
    if not path.is_file():
        raise CaseFormatError(f"{path}: no such file")
    required = tuple(require)
    kept = None if only is None else set(only)
    with path.open("rb") as handle:
        for line_no, data in enumerate(handle, 1):
            if not data.strip():
                continue
            try:
                record = _case_record(data, f"{path}:{line_no}", required, kept)
            except CaseFormatError as err:
                if on_error == "raise":
                    raise
                record = err
            yield line_no, record


def _case_record(data: bytes, where: str, required: tuple[str, ...], kept: set[str] | None) -> CaseRecord:
    """One line of a case file as a validated record, or a CaseFormatError naming ``where`` (file:line)."""
    try:
        raw = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as err:
        raise CaseFormatError(f"{where}: not UTF-8 text ({err.reason} at byte {err.start})") from None
    except RecursionError:
        raise CaseFormatError(f"{where}: JSON nested too deeply to be a case record") from None
    except json.JSONDecodeError as err:
        raise CaseFormatError(f"{where}: not valid JSON ({err.msg}, column {err.colno})") from None
    if not isinstance(raw, dict):
        raise CaseFormatError(f"{where}: expected a JSON object, got {type(raw).__name__}")
    missing = [k for k in required if raw.get(k) in (None, "")]
    if missing:
        raise CaseFormatError(f"{where}: record {raw.get('id', '?')!r} lacks {', '.join(missing)}")
    try:
        return CaseRecord.model_validate(raw if kept is None else {k: v for k, v in raw.items() if k in kept})
    except ValidationError as err:
        raise CaseFormatError(f"{where}: record {raw.get('id', '?')!r}: {_describe(err)}") from None


def load_cases(
    paths: str | Path | Iterable[str | Path] | None = None,
    *,
    origin: Literal["real", "synthetic", "all"] = "real",
    require_label: bool = True,
) -> pd.DataFrame:
    """Load and validate case records into a DataFrame, one row per case.

    Parameters
    ----------
    paths
        A ``.jsonl`` file, a folder searched recursively for ``*.jsonl``, or
        several of them. By default the bundled ``real/`` (and, with
        ``origin="synthetic"`` or ``"all"``, ``synthetic/``) folders.
    origin
        Which records to keep: ``"real"``, ``"synthetic"`` or ``"all"``.
    require_label
        Every record must carry a label (the default, for training).

    Raises
    ------
    CaseFormatError
        On the first bad record (unknown label, a real case without a source,
        empty text) or on an id seen twice, naming file and line.
    """
    if paths is None:
        folders = {"real": ["real"], "synthetic": ["synthetic"], "all": ["real", "synthetic"]}[origin]
        paths = [CASES_DIR / f for f in folders if (CASES_DIR / f).is_dir()]  # the project ships no synthetic cases now
    elif isinstance(paths, (str, Path)):
        paths = [paths]
    files: list[Path] = []
    for p in map(Path, paths):
        files.extend(sorted(p.rglob("*.jsonl")) if p.is_dir() else [p])
    require = ("label",) if require_label else ()
    rows, seen = [], {}
    for file in files:
        for line_no, record in read_case_file(file, require=require):
            if record.id in seen:
                raise CaseFormatError(
                    f"{file}:{line_no}: id {record.id!r} is used again; first at {seen[record.id]}"
                )
            seen[record.id] = f"{file}:{line_no}"
            if origin != "all" and record.origin not in (origin, None):
                continue
            row = record.model_dump()
            row["file"] = file.name
            rows.append(row)
    columns = list(CaseRecord.model_fields) + ["file"]
    frame = pd.DataFrame(rows)
    for column in columns:
        if column not in frame:
            frame[column] = None
    return frame


def summary(frame: pd.DataFrame) -> str:
    """Counts by language, jurisdiction, sector, label and year, as plain text."""
    lines = [f"{len(frame)} cases"]
    for column in ("origin", "lang", "label", "jurisdiction", "sector", "year"):
        counts = frame[column].fillna("(none)").astype(str).value_counts()
        if column == "year":
            counts = counts.sort_index()
        lines.append(f"\nby {column}:")
        lines.extend(f"  {key:<22} {value:>5}" for key, value in counts.items())
    if {"lang", "label"} <= set(frame):
        table = pd.crosstab(frame["lang"].fillna("?"), frame["label"].fillna("?"))
        lines.append("\nlanguage × label:")
        lines.extend("  " + line for line in table.to_string().splitlines())
    return "\n".join(lines)


def summary_markdown(frame: pd.DataFrame) -> str:
    """Counts by language, label, jurisdiction, sector and year as Markdown tables (for the dataset card)."""
    def by_label(column: str) -> pd.DataFrame:
        return pd.crosstab(frame[column].fillna("?"), frame["label"].fillna("?"), margins=True, margins_name="total")

    parts = [f"{len(frame)} real cases.\n", *_markdown_table("language", by_label("lang"), first=True)]
    for column in ("jurisdiction", "sector"):
        parts.extend(_markdown_table(column, by_label(column).sort_values("total", ascending=False)))
    decades = (frame["year"].dropna().astype(int) // 10 * 10).astype(str) + "s"
    years = frame["year"].dropna().astype(int)
    recent = years[years >= 2015].value_counts().sort_index()
    parts.append("\n| decided | cases |\n|---|---:|")
    older = decades[years < 2015].value_counts().sort_index()
    parts.extend(f"| {d} | {n} |" for d, n in older.items())
    parts.extend(f"| {y} | {n} |" for y, n in recent.items())
    parts.extend(_provenance_markdown(frame))
    return "\n".join(parts) + "\n"


def _markdown_table(title: str, table: pd.DataFrame, *, first: bool = False) -> list[str]:
    """A crosstab as the lines of a Markdown table, after a blank line unless it comes ``first``."""
    lead = "" if first else "\n"
    return [f"{lead}| {title} | " + " | ".join(table.columns) + " |",
            "|---|" + "---:|" * len(table.columns),
            *(f"| {idx} | " + " | ".join(str(v) for v in row) + " |" for idx, row in table.iterrows())]


def _provenance_markdown(frame: pd.DataFrame) -> list[str]:
    """How the texts were written and checked, and how the labels follow the
    rule: tables generated from the records' own provenance fields."""
    parts: list[str] = []
    if "tribunal_finding" in frame and frame["tribunal_finding"].notna().any():
        parts.extend(_markdown_table("tribunal's finding",
                                     pd.crosstab(frame["tribunal_finding"].fillna("?"), frame["label"].fillna("?"))))
    if "longest_shared_run" in frame and frame["longest_shared_run"].notna().any():
        parts.append("\n| longest run shared with the source | zh (characters) | en (words) |\n|---|---:|---:|")
        runs = frame.dropna(subset=["longest_shared_run"])
        by_lang = [runs.loc[runs["lang"] == lang, "longest_shared_run"].astype(int) for lang in ("zh", "en")]
        for lo, hi in ((0, 4), (5, 6), (7, 8), (9, 10), (11, 12)):
            parts.append(f"| {lo}–{hi} | " + " | ".join(str(int(v.between(lo, hi).sum())) for v in by_lang) + " |")
        medians = [f"{v.median():g} / {v.max()}" if len(v) else "–" for v in by_lang]
        parts.append("| median / max | " + " | ".join(medians) + " |")
    if "second_reader" in frame and frame["second_reader"].notna().any():
        read = frame["second_reader"].fillna(False).astype(bool)
        changed = frame.get("check_changed", pd.Series(False, index=frame.index)).fillna(False).astype(bool)
        source = frame.get("text_source", pd.Series(None, index=frame.index))
        removed = frame.get("reasoning_removed", pd.Series(None, index=frame.index)).fillna("?").value_counts()
        parts.append("\n| how the texts were written | cases |\n|---|---:|")
        parts.append(f"| written from the source page | {int(source.astype(str).str.startswith('http').sum())} |")
        parts.append(f"| written from the earlier text only (page not found) | {int(source.eq('old_text_only').sum())} |")
        parts.append(f"| checked against the source by a second reader | {int(read.sum())} |")
        parts.append(f"| changed by that check | {int(changed.sum())} |")
        for level in ("none", "mild", "heavy"):
            parts.append(f"| earlier text carried reasoning: {level} | {int(removed.get(level, 0))} |")
    return parts


CARD = CASES_DIR / "README.md"
CARD_START, CARD_END = "<!-- counts:start (generated by `workstatus cases --card`) -->", "<!-- counts:end -->"


def card_counts(frame: pd.DataFrame | None = None) -> str:
    """The generated counts block of the dataset card, markers included."""
    frame = load_cases(origin="real") if frame is None else frame
    return f"{CARD_START}\n{summary_markdown(frame)}{CARD_END}"


def update_card(path: Path = CARD) -> bool:
    """Rewrite the counts block of the dataset card from the data; True when it changed."""
    text = path.read_text(encoding="utf-8")
    start, end = text.index(CARD_START), text.index(CARD_END) + len(CARD_END)
    updated = text[:start] + card_counts() + text[end:]
    if updated != text:
        path.write_text(updated, encoding="utf-8")
    return updated != text
