"""One extraction and the indicator catalogue as terminal text (the ``workstatus indicators`` views)."""

from __future__ import annotations

import math

from workstatus.reports._render import plain_table

MAX_SPANS_SHOWN = 3


def excerpt(span, *, width: int = 200, mark: tuple[str, str] = ("【", "】")) -> str:
    """The sentence of an evidence ``span`` with the match marked, cut to about ``width`` characters.

    Parameters
    ----------
    span : workstatus.features.Span
    width : int
        The most characters of the sentence kept around the match.
    mark : (str, str)
        What goes before and after the matched text.

    Examples
    --------
    >>> from workstatus.features import IndicatorExtractor
    >>> x = IndicatorExtractor().extract("骑手不得拒单。")
    >>> excerpt(x.evidence[0])
    '骑手【不得拒单】。'
    """
    if span.source != "text":
        return f"{span.indicator}: answer"
    sentence = span.sentence
    start = span.start - span.sentence_start
    end = span.end - span.sentence_start
    before, match, after = sentence[:start], sentence[start:end], sentence[end:]
    room = max(0, width - len(match))
    keep_before = min(len(before), room // 2)
    keep_after = min(len(after), room - keep_before)
    keep_before = min(len(before), room - keep_after)
    head = ("…" if keep_before < len(before) else "") + before[len(before) - keep_before:]
    tail = after[:keep_after] + ("…" if keep_after < len(after) else "")
    return " ".join(f"{head}{mark[0]}{match}{mark[1]}{tail}".split())


def render_catalogue_text(catalogue) -> str:
    """The indicator catalogue: id, family, direction and the labels in zh and en, one line each."""
    rows = [[e.id, e.family, e.towards, f"{e.label['zh']} / {e.label['en']}"] for e in catalogue]
    return "\n".join([f"indicator catalogue {catalogue.version} ({len(catalogue)} indicators)",
                      plain_table(["id", "family", "towards", "label"], rows)])


def render_extraction_text(extraction, catalogue) -> str:
    """The indicators a text states or denies, each with up to three marked sentences, then the numeric facts."""
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
    facts = [(name, value) for name, value in row.items() if name not in catalogue.ids and not math.isnan(value)]
    if facts:
        lines.append("numeric facts:")
        for name, value in facts:
            spans = extraction.spans_for(name)
            where = f"  {excerpt(spans[0])}" if spans else ""
            lines.append(f"  {name} = {value:g}{where}")
    if not stated and not claimed and not facts:
        lines.append("(no indicator found)")
    return "\n".join(lines)
