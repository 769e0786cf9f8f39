"""Read an agreement as an agreement: numbered clauses under their headings, each classified.

A platform's terms are not a case summary: most of their words define terms,
recite the parties or run the contract's machinery (governing law, IP,
privacy, payment processing, disputes, notices). :func:`read_clauses` splits
a text into clauses with their number, heading, kind and character offsets
(into the original text); ``_agreement.filter_agreement`` then reads an
extraction's evidence against them. The patterns are data:
``features/clauses.yaml``, compiled here by :func:`clause_rules`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict

from workstatus.features._errors import CatalogueError
from workstatus.features._text import normalise
from workstatus.features._plain_files import read_yaml

CLAUSE_RULES = Path(__file__).resolve().parent / "clauses.yaml"
Kind = Literal["operative", "definition", "recital", "boilerplate"]

_ZH_NUM = "零〇一二三四五六七八九十百两"
# Markers, tried in order on each line (after Markdown emphasis and escapes are read past).
_ATX = re.compile(r"(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"\s{0,3}(=+|-+)\s*$")
_CHAPTER = re.compile(rf"(第[{_ZH_NUM}\d]+[章编节])\s*(.*)$")
_ARTICLE = re.compile(rf"(第[{_ZH_NUM}\d]+条)\s*(.*)$")
_ZH_ITEM = re.compile(rf"([{_ZH_NUM}]+)\s*[、.．]\s*(.*)$")
_ZH_PAREN = re.compile(rf"[（(]([{_ZH_NUM}]+)[)）]\s*(.*)$")
_BRACKET = re.compile(r"【([^】]{1,30})】\s*(.*)$")
_DOTTED = re.compile(r"(\d{1,3}(?:[.．]\d{1,3})+)[.．]?(?=\s|[^\d])\s*(.*)$")
_SIMPLE = re.compile(r"(\d{1,3})\s*(?:\\?[.．、)）])\s*(.*)$")
_LETTER = re.compile(r"\(([a-z]|[ivx]{1,4})\)\s+(.*)$")
_UPPER_LETTER = re.compile(r"([A-Z])\\?\.\s+(.*)$")
_BULLET = re.compile(r"\s*[*+\-•·]\s+(.*)$")
_END_PUNCT = re.compile(r"[。！？.!?；;:：]\s*$")
_MD_NOISE = re.compile(r"\*\*|__|\\(?=[.\-#*_()\[\]])")
# A line broken mid-sentence: it ends on a comma, an open bracket or dash, or a word that cannot end one.
_OPEN_END = re.compile(r"(?:[,(\[/&–—-]|\b(?:and|or|of|the|to|a|an|in|on|for|with|by|from|as|at|that|which|any|such|"
                       r"your|our|its|their|is|are|be|not|if|under|between|including|this|these)|[，、（“])\s*$", re.I)
_CJK = re.compile(r"[\u3400-\u9fff]")


class Clause(BaseModel):
    """One clause of an agreement.

    Attributes
    ----------
    number : str
        As the agreement numbers it ("7.2", "第三条", "17(a)"); an unnumbered
        paragraph is numbered after its section, "4¶2" (the section's second
        unnumbered paragraph); sections without numbers count in order, as
        the agreement's own cross-references do ("Section 17").
    heading : str
        The heading of the section it sits in ("" when none).
    headings : tuple of str
        Every heading above it, outermost first.
    text : str
        The clause, ``original[start:end]``.
    kind : str
        ``operative``, ``definition``, ``recital`` or ``boilerplate``.
    topic : str or None
        The boilerplate topic (``governing_law``, ``privacy``…), from ``clauses.yaml``.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    number: str
    heading: str = ""
    headings: tuple[str, ...] = ()
    text: str
    start: int
    end: int
    kind: Kind = "operative"
    topic: str | None = None

    @property
    def cited(self) -> str:
        """How a report cites it: ``clause 7.2 (Ratings and activity)``."""
        name = f"clause {self.number}"
        return f"{name} ({self.heading})" if self.heading else name


@dataclass(frozen=True)
class Agreement:
    """The clauses of one text, in order, found by offset."""

    clauses: tuple[Clause, ...]

    def at(self, offset: int) -> Clause | None:
        """The clause holding ``offset``, or None (a heading line, or text before any clause)."""
        starts = [c.start for c in self.clauses]
        i = bisect.bisect_right(starts, offset) - 1
        if i >= 0 and self.clauses[i].start <= offset < self.clauses[i].end:
            return self.clauses[i]
        return None

    def by_number(self) -> dict[str, Clause]:
        return {c.number: c for c in self.clauses}


@dataclass(frozen=True)
class _Rules:
    kinds: dict[str, tuple[re.Pattern | None, re.Pattern | None]]
    topics: dict[str, tuple[re.Pattern | None, re.Pattern | None]]
    labels: dict[str, dict[str, str]]
    obligation: re.Pattern
    own_expense_indicator: str
    own_expense: re.Pattern
    sanction: re.Pattern | None = None
    worker_roles: tuple[str, ...] = ()
    customer_roles: tuple[str, ...] = ()
    modal: re.Pattern | None = None
    not_the_work: tuple[tuple[str, frozenset[str], re.Pattern], ...] = ()
    requires: dict[str, tuple[str, re.Pattern]] | None = None
    own_expense_costs: str | None = None
    denial_scope: re.Pattern | None = None
    denial_contrast: re.Pattern | None = None
    states: tuple[StateRule, ...] = ()
    phrases: tuple[tuple[str, frozenset[str], re.Pattern], ...] = ()  # a cue inside one of them is set aside
    conditional: frozenset[str] = frozenset()  # indicators whose cue as a condition's verb states nothing
    in_heading: frozenset[str] = frozenset()  # not_the_work classes also read in the clause's heading


@dataclass(frozen=True)
class StateRule:
    """A sentence shape of ``clauses.yaml``'s ``states``: the indicator and sign it states, and its conditions."""

    name: str
    indicator: str
    polarity: int
    pattern: re.Pattern
    platform_acts: bool = False  # the actor before the match is not the worker or either party
    unless_negated: bool = False  # a negator just before the match undoes it
    worker_acts: bool = False  # the actor before the match is the worker ("each Tutor decides when…")
    also: tuple[tuple[str, int], ...] = ()  # further indicators the same sentence states, each with its sign


def _compile(source: Path, where: str, patterns) -> re.Pattern | None:
    if patterns is None:
        return None
    if not isinstance(patterns, dict) or not all(isinstance(v, list) for v in patterns.values()):
        raise CatalogueError(f"{source}: {where} must map 'en'/'zh' to lists of patterns.")
    flat = [p for lang in ("en", "zh") for p in patterns.get(lang, [])]
    if not flat:
        return None
    try:
        return re.compile("|".join(f"(?:{p})" for p in flat))
    except re.error as err:
        raise CatalogueError(f"{source}: {where}: a pattern is not a valid regex ({err}); fix it.") from err


@cache
def clause_rules(path: str | None = None) -> _Rules:
    """The compiled rules of ``clauses.yaml`` (or of the file at ``path``); errors name the file and key."""
    source = Path(path) if path else CLAUSE_RULES
    try:
        data = read_yaml(source)
    except (OSError, yaml.YAMLError) as err:
        raise CatalogueError(f"{source}: cannot read the clause rules ({err}); pass a readable YAML file.") from err
    missing = [k for k in ("kinds", "topics", "obligation", "own_expense") if k not in (data or {})]
    if missing:
        raise CatalogueError(f"{source}: missing key(s) {', '.join(missing)}; see features/clauses.yaml.")
    kinds, topics, labels = {}, {}, {}
    for group, out in (("kinds", kinds), ("topics", topics)):
        for name, entry in data[group].items():
            if not isinstance(entry, dict) or "label" not in entry:
                raise CatalogueError(f"{source}: {group}.{name} needs a label {{zh, en}} and heading/start patterns.")
            out[name] = (_compile(source, f"{group}.{name}.heading", entry.get("heading")),
                         _compile(source, f"{group}.{name}.start", entry.get("start")))
            labels[name] = dict(entry["label"])
    own = data["own_expense"]
    roles = data.get("roles") or {}
    words = {k: tuple(w for lang in ("en", "zh") for w in (roles.get(k) or {}).get(lang, [])) for k in ("worker", "customer")}
    not_the_work, requires, in_heading = [], {}, set()
    for name, entry in (data.get("not_the_work") or {}).items():
        if not isinstance(entry, dict) or "label" not in entry or not entry.get("indicators"):
            raise CatalogueError(f"{source}: not_the_work.{name} needs a label {{zh, en}}, indicators and en/zh patterns.")
        labels[name] = dict(entry["label"])
        not_the_work.append((name, frozenset(entry["indicators"]), _compile(source, f"not_the_work.{name}", _langs(entry))))
        if entry.get("in_heading"):
            in_heading.add(name)
    phrases = []
    for name, entry in (data.get("phrases") or {}).items():
        pattern = _compile(source, f"phrases.{name}", _langs(entry)) if isinstance(entry, dict) else None
        if not isinstance(entry, dict) or "label" not in entry or not entry.get("indicators") or pattern is None:
            raise CatalogueError(f"{source}: phrases.{name} needs a label {{zh, en}}, indicators and en/zh patterns.")
        labels[name] = dict(entry["label"])
        phrases.append((name, frozenset(entry["indicators"]), pattern))
    for ident, entry in (data.get("requires") or {}).items():
        if not isinstance(entry, dict) or "label" not in entry or "reason" not in entry:
            raise CatalogueError(f"{source}: requires.{ident} needs a reason, a label {{zh, en}} and en/zh patterns.")
        labels[entry["reason"]] = dict(entry["label"])
        requires[ident] = (entry["reason"], _compile(source, f"requires.{ident}", _langs(entry)))
    states = []
    for name, entry in (data.get("states") or {}).items():
        indicator = entry.get("indicator") if isinstance(entry, dict) else None
        indicators = [indicator] if isinstance(indicator, str) else list(indicator or [])
        if (not isinstance(entry, dict) or "label" not in entry or not indicators
                or entry.get("polarity") not in (1, -1)):
            raise CatalogueError(f"{source}: states.{name} needs a label {{zh, en}}, an indicator, a polarity "
                                 "(1 or -1) and en/zh patterns.")
        labels[name] = dict(entry["label"])
        pattern = _compile(source, f"states.{name}", _langs(entry))
        if pattern is None:
            raise CatalogueError(f"{source}: states.{name} has no en/zh pattern; add one or remove the entry.")
        states.append(StateRule(name, indicators[0], int(entry["polarity"]), pattern,
                                bool(entry.get("platform_acts")), bool(entry.get("unless_negated")),
                                bool(entry.get("worker_acts")),
                                tuple((i, int(entry["polarity"])) for i in indicators[1:])
                                + tuple((i, int(v)) for i, v in (entry.get("also") or {}).items())))
    scope = data.get("denial_scope") or {}
    labels.setdefault("about_others", {"en": "About a customer, not the worker", "zh": "针对用户而非劳动者"})
    labels.setdefault("negated", {"en": "A denial, read through its negation", "zh": "否定表述"})
    labels.setdefault("sentence_states_otherwise", {"en": "The sentence, read whole, states the other sign",
                                                    "zh": "整句表述相反"})
    labels.setdefault("condition", {"en": "The verb of a condition, not a term", "zh": "条件句中的表述"})
    labels.setdefault("title", {"en": "A title, not a term", "zh": "标题而非条款"})
    labels.setdefault("heading", {"en": "A heading, outside any clause", "zh": "标题行，不属于任何条款"})
    return _Rules(kinds, topics, labels, _compile(source, "obligation", data["obligation"]),
                  own.get("indicator", "equipment_provided"),
                  _compile(source, "own_expense", _langs(own)),
                  _compile(source, "sanction", data["sanction"]) if data.get("sanction") else None,
                  words["worker"], words["customer"],
                  _compile(source, "roles.modal", roles["modal"]) if roles.get("modal") else None,
                  tuple(not_the_work), requires, own.get("costs"),
                  _compile(source, "denial_scope", _langs(scope)) if scope else None,
                  _compile(source, "denial_scope.contrast", scope["contrast"]) if scope.get("contrast") else None,
                  tuple(states), tuple(phrases), frozenset((data.get("conditional") or {}).get("indicators") or ()),
                  frozenset(in_heading))


def _langs(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if k in ("en", "zh")}


def clause_label(name: str) -> dict[str, str]:
    """The zh/en label of a clause kind or boilerplate topic."""
    return clause_rules().labels.get(name, {"en": name.replace("_", " "), "zh": name})


# -- splitting ------------------------------------------------------------------
@dataclass
class _Heading:
    level: int
    number: str
    title: str
    children: int = 0
    paragraphs: int = 0
    explicit: bool = False
    titled: bool = False  # (the top only) the document's title was seen


def _clean(text: str) -> str:
    return " ".join(_MD_NOISE.sub("", text).split()).strip(" *_#")


def _short_title(rest: str, limit: int = 40) -> bool:
    """A numbered line that is a heading, not a clause: short, no sentence punctuation."""
    rest = _clean(rest)
    if re.search(r"应|须|不得|可以|必须|\b(must|shall|may|will|is|are)\b", rest):
        return False
    return 0 < len(rest) <= limit and not re.search(r"[。；;，,]|[.!?]$", rest) and (
        rest.upper() == rest or len(rest) <= 20 or not re.search(r"[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}\s+[a-z]{3,}", rest))


def _is_caps_heading(line: str) -> bool:
    text = _clean(line)
    letters = [c for c in text if c.isalpha()]
    return (4 <= len(text) <= 80 and len(letters) >= 4 and all(c.isupper() for c in letters if c.isascii())
            and any(c.isascii() for c in letters) and not text.endswith((".", ",", ";")))


def _wrapped(last: str, line: str) -> bool:
    """The line continues the sentence ``last`` left open, across one blank line (text hard-wrapped with blank lines).

    The caller has checked that ``last`` ends no sentence and ``line`` is no number, bullet or heading.
    Besides, the sentence must be visibly broken: ``line`` starts in lower case, ``last`` ends on a
    comma or a word no sentence ends with, or ``last`` runs to a wrapping margin (a long line ending
    on a word).
    """
    last, line = _clean(last), _clean(line)
    if not last or not line or _END_PUNCT.search(last):
        return False
    if line[0].islower() or _OPEN_END.search(last):
        return True
    return last[-1].isalnum() and len(last) >= (30 if _CJK.match(last[-1]) else 60)


def _lines(text: str):
    start = 0
    for line in text.splitlines(keepends=True):
        yield start, line.rstrip("\r\n")
        start += len(line)


def _heading_of(line: str, following: str | None) -> tuple[int, str, str] | None:
    """(level, number, title) when the line is a heading."""
    stripped = line.strip()
    if not stripped:
        return None
    m = _ATX.match(stripped)
    if m:
        level, body = len(m.group(1)), _clean(m.group(2))
        number, title = _leading_number(body)
        return level, number, title
    if following is not None and _SETEXT.match(following) and not _BULLET.match(line) and len(stripped) <= 120:
        level = 1 if following.strip().startswith("=") else 2
        number, title = _leading_number(_clean(stripped))
        return level, number, title
    body = _clean(stripped)
    m = _CHAPTER.match(body)
    if m:
        return 1, m.group(1), m.group(2)
    m = _ARTICLE.match(body)
    if m and (not m.group(2) or _short_title(m.group(2))):
        return 2, m.group(1), m.group(2)
    m = _ZH_ITEM.match(body)
    if m and _short_title(m.group(2)):
        return 2, m.group(1), m.group(2)
    m = _BRACKET.match(body)
    if m and not m.group(2):
        return 2, "", m.group(1)
    m = _DOTTED.match(body)
    if m and _short_title(m.group(2), limit=20 if _CJK.search(m.group(2)) else 60):
        return 2 + m.group(1).count("."), m.group(1), m.group(2)  # "1.1. Terms of Service" under "1. GENERAL"
    m = _SIMPLE.match(body)
    if m and _short_title(m.group(2)) and not m.group(2).startswith("["):
        return 2, m.group(1), m.group(2)
    if _is_caps_heading(stripped) and not _BULLET.match(line):
        return 2, "", body
    return None


def _leading_number(body: str) -> tuple[str, str]:
    for pattern in (_ARTICLE, _CHAPTER, _DOTTED, _SIMPLE, _LETTER, _UPPER_LETTER, _ZH_ITEM, _ZH_PAREN):
        m = pattern.match(body)
        if m:
            return m.group(1).replace("．", "."), m.group(2)
    return "", body


def _clause_number(body: str) -> tuple[str, str | None]:
    """(number, bracketed heading) at the start of a paragraph, or ("", None)."""
    body = _clean(body)
    m = _BRACKET.match(body)
    if m and m.group(2):
        return "", m.group(1)
    for pattern in (_ARTICLE, _DOTTED, _ZH_PAREN, _LETTER, _ZH_ITEM, _SIMPLE):
        m = pattern.match(body)
        if m and m.group(2):
            return m.group(1).replace("．", "."), None
    return "", None


def _qualified(number: str, parent: str) -> str:
    """A sub-number qualified by its section: "(a)" in section 17 is "17(a)", "（一）" in 第三条 is "第三条（一）".

    Numbers that carry their own context (第三条, 2.1) stay as they are.
    """
    if not number or number.startswith("第") or "." in number or not parent:
        return number
    if number[0] in _ZH_NUM:
        return f"{parent}（{number}）"
    if number.isdigit():
        return f"{parent}.{number}"
    return f"{parent}({number})"


def read_clauses(text: str, *, rules: str | None = None) -> Agreement:
    """Split an agreement into clauses: number, heading, text, kind, topic and offsets.

    Handles Markdown headings (``#``, underlined), Chinese 第X章/第X条, 一、,
    （一）, 【…】 headings, numbered clauses (``1.``, ``1.1``, ``2.1.3``,
    ``(a)``), headings in capitals, and lists. A paragraph is a clause; a list
    that follows a lead-in ending in a colon belongs to it. A sentence
    hard-wrapped with a blank line after every line (as text extracted from
    a PDF often is) stays one paragraph: see :func:`_wrapped`.

    Parameters
    ----------
    text : str
        The agreement, as given (offsets index this text).
    rules : str, optional
        A clause-rules YAML file; default ``features/clauses.yaml``.

    Examples
    --------
    >>> a = read_clauses("第二条 订单与派单\\n2.1 乙方不得拒绝系统派单。\\n")
    >>> a.clauses[0].number, a.clauses[0].heading
    ('2.1', '订单与派单')
    """
    lines = list(_lines(text))
    stack: list[_Heading] = []
    top = _Heading(0, "", "")
    used: dict[str, int] = {}
    found: list[_Open] = []
    current: _Open | None = None
    skip = -1
    for i, (offset, line) in enumerate(lines):
        if i == skip:
            continue
        following = lines[i + 1][1] if i + 1 < len(lines) else None
        head = _heading_of(line, following)
        if head is not None:
            _open_section(stack, top, *head)
            current = None
            if following is not None and _SETEXT.match(following) and not _ATX.match(line.strip()):
                skip = i + 1
            continue
        if not line.strip() or re.fullmatch(r"\s*([=\-*_]\s*){3,}", line):
            if current is not None:
                current.closed = True
                current.blanks += 1 if not line.strip() else 2  # a rule line is no wrap
            continue
        section = stack[-1] if stack else top
        number, bracket = _clause_number(line)
        bullet = _BULLET.match(line) is not None
        if current is not None and current.section is section and not number and bracket is None and (
                ((not current.closed or (current.blanks == 1 and _wrapped(current.last_line, line)))
                 and not bullet and not _END_PUNCT.search(current.last_line))
                or (bullet and (current.lead_in or current.in_list))):
            current.end, current.last_line = offset + len(line), line
            current.in_list = current.in_list or bullet
            current.closed, current.blanks = False, 0
            continue
        if number:
            key = _qualified(number.replace("．", "."), section.number)
        else:
            section.paragraphs += 1
            key = f"{section.number}¶{section.paragraphs}" if section.number else f"¶{section.paragraphs}"
        used[key] = used.get(key, 0) + 1
        if used[key] > 1:
            key = f"{key}#{used[key]}"
        path = tuple(h.title for h in stack) + ((bracket,) if bracket else ())
        lead = offset + len(line) - len(line.lstrip())
        current = _Open(key, section, path, lead, offset + len(line), line, in_list=bullet)
        found.append(current)
    compiled = clause_rules(rules)
    norm = normalise(text)
    return Agreement(tuple(_classified(compiled, norm, text, c.number, c.path, c.start, c.end) for c in found))


@dataclass
class _Open:
    """A clause being read (its end grows while lines continue it)."""

    number: str
    section: _Heading
    path: tuple[str, ...]
    start: int
    end: int
    last_line: str
    closed: bool = False
    blanks: int = 0  # blank lines since its last line
    in_list: bool = False

    @property
    def lead_in(self) -> bool:
        return _clean(self.last_line).endswith((":", "："))


def _open_section(stack: list[_Heading], top: _Heading, level: int, number: str, title: str) -> None:
    """Push a heading, numbering it after its siblings when the agreement does not."""
    while stack and stack[-1].level >= level:
        stack.pop()
    parent = stack[-1] if stack else top
    parent.children += 1
    explicit = bool(number)
    if number:
        # an agreement's own number is qualified only by an agreement's own number ("17" → "17(a)")
        number = number.replace("．", ".")
        by_own = number.isdigit() or "." in number  # "7" under an unnumbered part is the agreement's own 7
        number = _qualified(number, parent.number if parent.explicit or not by_own else "")
    elif parent is top and level == 1 and not top.titled:
        number = ""  # the document's title is no part of the numbers under it
        top.titled = True
    else:
        number = f"{parent.number}.{parent.children}" if parent.number else str(parent.children)
    stack.append(_Heading(level, number, _clean(title), explicit=explicit))


def _classified(rules: _Rules, norm: str, text: str, number: str, path: tuple[str, ...], start: int, end: int) -> Clause:
    headings = tuple(h for h in path if h)
    own_start = norm[start:min(end, start + 240)]
    norm_headings = [normalise(h).strip() for h in headings]
    kind: Kind = "operative"
    topic = None
    for name in ("definition", "recital"):
        heading_re, start_re = rules.kinds[name]
        if (heading_re and any(heading_re.search(h) for h in norm_headings)) or (start_re and start_re.match(own_start)):
            kind = name  # type: ignore[assignment]
            break
    if kind == "operative":
        for name, (heading_re, start_re) in rules.topics.items():
            if (heading_re and any(heading_re.search(h) for h in norm_headings)) or (start_re and start_re.match(own_start)):
                kind, topic = "boilerplate", name
                break
    return Clause(number=number, heading=headings[-1] if headings else "", headings=headings,
                  text=text[start:end], start=start, end=end, kind=kind, topic=topic)
