"""Cut a text into segments so that each evidence span can be highlighted."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field


@dataclass
class Segment:
    """A run of text and the evidence spans that cover it."""

    text: str
    marks: list[Mapping] = field(default_factory=list)
    ends: list[Mapping] = field(default_factory=list)  # spans that end with this segment

    @property
    def polarity(self) -> str:
        values = {m.get("polarity") for m in self.marks}
        if values == {1}:
            return "pos"
        if values == {-1}:
            return "neg"
        return "mixed" if values else ""


def highlight_segments(text: str, evidence: Iterable[Mapping]) -> list[Segment]:
    """Split ``text`` at every span boundary; overlapping spans both mark the overlap.

    Spans that fall outside the text (for example questionnaire answers, whose
    offsets are -1) are ignored.
    """
    spans = [e for e in evidence if 0 <= e.get("start", -1) < e.get("end", -1) <= len(text)]
    cuts = sorted({0, len(text), *(e["start"] for e in spans), *(e["end"] for e in spans)})
    segments = []
    for left, right in zip(cuts, cuts[1:]):
        marks = [e for e in spans if e["start"] <= left and right <= e["end"]]
        ends = [e for e in marks if e["end"] == right]
        segments.append(Segment(text[left:right], marks, ends))
    return segments
