"""The Jinja2 environments and the filters the templates share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from workstatus.reports._words import STATUS_WORDS, pick

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATUS_NAMES = pick(STATUS_WORDS, "en")


def as_data(result, what: str = "an Assessment") -> dict:
    """A result as data: a pydantic record (``model_dump``) or its JSON form, as a dict."""
    if hasattr(result, "model_dump"):
        return result.model_dump(mode="json")
    if isinstance(result, Mapping):
        return dict(result)
    raise TypeError(f"expected {what} or its JSON form, got {type(result).__name__}")


def ms(value, digits: int = 3) -> str:
    """``mean ± sd`` of a summary figure; a dash when there is none."""
    if not isinstance(value, Mapping) or "mean" not in value:
        return "–"
    return f"{value['mean']:.{digits}f} ± {value['sd']:.{digits}f}"


def money(value) -> str:
    """Yuan with two decimals and thousands separators; a dash when unknown."""
    if value in (None, ""):
        return "—"
    return f"{Decimal(str(value)):,.2f}"


def percent(value, digits: int = 0) -> str:
    if value in (None, ""):
        return "—"
    return f"{float(value) * 100:.{digits}f}%"


def rate(obligation) -> str:
    """A rate in its unit: 16% for a share, 0.07/order, 100/yr."""
    value, unit = obligation.get("rate"), obligation.get("rate_unit")
    if value in (None, ""):
        return "—"
    number = Decimal(str(value))
    if unit == "CNY/order":
        return f"{number.normalize():f}/order"
    if unit == "CNY/year":
        return f"{number.normalize():f}/yr"
    return f"{(number * 100).normalize():f}%"


def state(value, *, inferred: bool = False) -> str:
    """How the input speaks to an indicator: stated (+1), denied (−1), silent (0), or the number of a numeric fact.

    ``inferred`` (see :func:`is_inferred`): no cue states the value, the learned reader infers it from the
    wording, so the word is ``inferred`` or ``inferred denied``, never ``stated`` or ``denied``.
    """
    if value is None:
        return "unknown"
    word = {1: "stated", -1: "denied", 0: "silent"}.get(int(round(value)), f"{value:g}")
    return {"stated": "inferred", "denied": "inferred denied"}.get(word, word) if inferred else word


def is_inferred(evidence) -> bool:
    """True when the learned reader alone gives a value: every span of its evidence is the reader's.

    Such a value is the reader's inference from the wording of a sentence, not a statement a cue found,
    and every report says so. ``evidence`` holds spans as records or as their JSON form.
    """
    spans = list(evidence or [])
    cue = (lambda s: s.get("cue") if isinstance(s, Mapping) else getattr(s, "cue", None))
    return bool(spans) and all(str(cue(s) or "").startswith("learned:") for s in spans)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def plain_table(header: list[str], rows: list[list[str]], right: set[int] = frozenset(), *,
                rule: str = "-", indent: str = "") -> str:
    """An aligned plain-text table; East Asian wide characters count as two columns."""
    widths = [max(_width(str(r[i])) for r in [header, *rows]) for i in range(len(header))]

    def line(cells) -> str:
        padded = [(" " * (w - _width(str(c)))) + str(c) if i in right else str(c) + " " * (w - _width(str(c)))
                  for i, (c, w) in enumerate(zip(cells, widths))]
        return (indent + "  ".join(padded)).rstrip()

    return "\n".join([line(header), indent + "  ".join(rule * w for w in widths), *(line(r) for r in rows)])


def safe_url(url) -> str | None:
    """Only web addresses become links; anything else (javascript:, data:) does not."""
    if isinstance(url, str) and re.match(r"^https?://", url.strip(), re.I):
        return url.strip()
    return None


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|])")


def md_escape(value) -> str:
    """Escape text for Markdown so that no user text becomes markup or raw HTML."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("\r", " ").replace("\n", " ")
    return _MD_SPECIAL.sub(r"\\\1", text)


def shorten(value, width: int = 220) -> str:
    text = " ".join(str(value or "").split())
    return text if len(text) <= width else text[: width - 1] + "…"


def quote(span: Mapping, width: int = 220) -> str:
    """The sentence of an evidence span, shortened to ``width`` with the span itself in view: the sentence's head
    when the span is in it (as :func:`shorten`), else a window that starts shortly before the span."""
    sentence, found = span.get("sentence") or "", " ".join(str(span.get("text") or "").split())
    head = shorten(sentence, width)
    start = (span.get("start") or 0) - (span.get("sentence_start") or 0)
    if found in head.rstrip("…") or not 0 < start < len(sentence):
        return head
    return "…" + shorten(sentence[max(0, start - width // 4):], width - 1)


def span_quotes(evidence, width: int = 220, shown: tuple[str, ...] = ()) -> list[tuple[str, Mapping]]:
    """One indicator's spans as (quote, span) pairs, so that each span is in view of one quote: a span already
    in ``shown`` or in an earlier quote gets none."""
    quotes: list[tuple[str, Mapping]] = []
    for span in evidence or ():
        text = " ".join(str(span.get("text") or "").split())
        if span.get("sentence") and not any(text in q for q in (*shown, *(q for q, _ in quotes))):
            quotes.append((quote(span, width), span))
    return quotes


def _environment(autoescape: bool) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html", "j2"), default=True) if autoescape else False,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(money=money, percent=percent, rate=rate, safe_url=safe_url, md=md_escape, shorten=shorten,
                       quote=quote, quotes=span_quotes)
    env.globals.update(STATUS_NAMES=STATUS_NAMES, inferred=is_inferred, state=state)
    return env


@cache
def html_environment() -> Environment:
    return _environment(autoescape=True)


@cache
def markdown_environment() -> Environment:
    return _environment(autoescape=False)
