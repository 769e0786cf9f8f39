"""Short, readable excerpts of evidence (for terminals, reports and JSON)."""

from __future__ import annotations

from workstatus.features._evidence import Span


def excerpt(span: Span, *, width: int = 200, mark: tuple[str, str] = ("【", "】")) -> str:
    """The sentence of ``span`` with the match marked, cut to about ``width`` characters.

    Parameters
    ----------
    span : Span
    width : int
        The most characters of the sentence kept around the match.
    mark : (str, str)
        What goes before and after the matched text.

    Examples
    --------
    >>> from features import IndicatorExtractor
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
