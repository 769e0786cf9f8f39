"""A reader of Python regular expressions, for the lexicon's checks and the scanner.

The loader rejects unsafe cue patterns (unbounded gaps, nested quantifiers,
back-references) and the scanner reduces each cue to literal anchors; both
need the structure of a pattern, which the standard library keeps in a
private module. This module reads the same syntax with public means only,
into a small tree of ``(kind, value)`` nodes:

==================  ===================================================
kind                value
==================  ===================================================
``LITERAL``         the character
``NOT_LITERAL``     the character (``[^x]``)
``ANY``             None (``.``)
``IN``              a tuple of class items: ``(LITERAL, c)``,
                    ``(RANGE, (lo, hi))``, ``(CATEGORY, "digit")``…,
                    ``(NEGATE, None)`` first when negated
``AT``              ``"beginning"``, ``"end"``, ``"boundary"``…
``GROUP``           ``(group number or None, flags on, flags off, items)``
``REPEAT``          ``(min, max or None when unbounded, items, mode)``,
                    mode ``"greedy"``, ``"lazy"`` or ``"possessive"``
``BRANCH``          a tuple of item lists
``ASSERT``          ``(direction, items)``: 1 ahead, -1 behind
``ASSERT_NOT``      the same, negative
``ATOMIC``          items (``(?>...)``)
``GROUPREF``        ``(group number, width of the group)``
``GROUPREF_EXISTS`` ``(group number, items if set, items if not or None)``
==================  ===================================================

The tree is simplified the way the standard library simplifies its own, so
that anchors and widths come out the same: alternatives that start with the
same single-character item have it factored out (``拒单|拒接`` is ``拒`` then
``单|接``), an alternation of single characters becomes a class, a class of
one character becomes that character, and a non-capturing group without
flags is spliced into its parent (a repeated one becomes the repeat's items).

Patterns are compiled with ``re.compile`` before they are read here, so the
syntax is known to be valid; :func:`parse` raises ``ValueError`` otherwise.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

LITERAL = "literal"
NOT_LITERAL = "not_literal"
ANY = "any"
IN = "in"
RANGE = "range"
CATEGORY = "category"
NEGATE = "negate"
AT = "at"
GROUP = "group"
REPEAT = "repeat"
BRANCH = "branch"
ASSERT = "assert"
ASSERT_NOT = "assert_not"
ATOMIC = "atomic"
GROUPREF = "groupref"
GROUPREF_EXISTS = "groupref_exists"

ZERO_WIDTH = frozenset({AT, ASSERT, ASSERT_NOT})
#: positions that look only at what comes before them
_LOOKS_BACK = frozenset({"beginning", "beginning_string"})
UNBOUNDED = 1 << 64  # the width of a pattern without an upper bound
_ONE_CHARACTER = frozenset({LITERAL, NOT_LITERAL, ANY, IN})
# items that compare by value, so that a common first item can be factored out
_LEAVES = _ONE_CHARACTER | {AT, GROUPREF}

Node = tuple[str, Any]

_CATEGORIES = {
    "\\d": "digit", "\\D": "not_digit", "\\s": "space", "\\S": "not_space",
    "\\w": "word", "\\W": "not_word",
}
_POSITIONS = {"\\A": "beginning_string", "\\b": "boundary", "\\B": "non_boundary", "\\Z": "end_string"}
_ESCAPES = {"\\a": "\a", "\\b": "\b", "\\f": "\f", "\\n": "\n", "\\r": "\r", "\\t": "\t", "\\v": "\v", "\\\\": "\\"}
_HEX = {"x": 2, "u": 4, "U": 8}
_OCTAL = frozenset("01234567")
_DIGITS = frozenset("0123456789")
_FLAGS = frozenset("aiLmsux")
_WHITESPACE = frozenset(" \t\n\r\v\f")
_SPECIAL = ".\\[{()*+?^$|"


class _Source:
    """The pattern as tokens: one character, or a backslash and the next one."""

    def __init__(self, pattern: str):
        self.pattern = pattern
        self.index = 0
        self.next: str | None = None
        self._advance()

    def _advance(self) -> None:
        if self.index >= len(self.pattern):
            self.next = None
            return
        end = self.index + (2 if self.pattern[self.index] == "\\" else 1)
        if end > len(self.pattern):
            raise ValueError(f"bad escape at the end of {self.pattern!r}")
        self.next = self.pattern[self.index:end]
        self.index = end

    def get(self) -> str | None:
        token = self.next
        self._advance()
        return token

    def match(self, token: str) -> bool:
        if self.next == token:
            self._advance()
            return True
        return False

    def tell(self) -> int:
        return self.index - len(self.next or "")

    def seek(self, index: int) -> None:
        self.index = index
        self._advance()

    def get_while(self, count: int, chars: str) -> str:
        result = ""
        while len(result) < count and self.next is not None and self.next in chars:
            result += self.get()
        return result

    def get_until(self, terminator: str) -> str:
        result = ""
        while True:
            token = self.get()
            if token is None:
                raise ValueError(f"missing {terminator!r} in {self.pattern!r}")
            if token == terminator:
                return result
            result += token


class _State:
    def __init__(self, flags: int):
        self.verbose = bool(flags & re.VERBOSE)
        self.group_widths: list[tuple[int, int] | None] = [None]
        self.group_names: dict[str, int] = {}


def parse(pattern: str, flags: int = 0) -> list[Node]:
    """The tree of ``pattern`` (a list of nodes); ``flags`` as for ``re.compile``."""
    source = _Source(pattern)
    state = _State(flags)
    items = _alternation(source, state, state.verbose, nested=0)
    if source.next is not None:
        raise ValueError(f"unbalanced parenthesis in {pattern!r}")
    return items


def width(items: list[Node], word_run: int | None = None) -> tuple[int, int]:
    """The fewest and most characters a match of ``items`` can hold (most: ``UNBOUNDED``).

    With ``word_run``, an unbounded run of word characters or digits (``\\w*``,
    ``\\d+``) counts as at most that many characters: a bound for real words
    and numbers, not a property of the pattern.
    """
    low = high = 0
    for kind, value in items:
        if kind in _ONE_CHARACTER:
            low, high = low + 1, high + 1
        elif kind == BRANCH:
            widths = [width(branch, word_run) for branch in value]
            low += min(w[0] for w in widths)
            high += max(w[1] for w in widths)
        elif kind in (GROUP, ATOMIC):
            inner = width(value[-1] if kind == GROUP else value, word_run)
            low, high = low + inner[0], high + inner[1]
        elif kind == REPEAT:
            least, most, sub, _ = value
            inner = width(sub, word_run)
            low += inner[0] * least
            if most is None and word_run is not None and _is_word_class(sub):
                high += word_run
            elif most is None and inner[1]:
                high = UNBOUNDED
            else:
                high += inner[1] * (most or 0)
        elif kind == GROUPREF_EXISTS:
            yes = width(value[1], word_run)
            no = width(value[2], word_run) if value[2] is not None else (0, 0)
            low, high = low + min(yes[0], no[0]), high + max(yes[1], no[1])
        elif kind == GROUPREF:
            low, high = low + value[1][0], high + value[1][1]
    return min(low, UNBOUNDED), min(high, UNBOUNDED)


def _is_word_class(items: list[Node]) -> bool:
    """Whether ``items`` is one class of word characters or digits only (``\\w``, ``\\d``)."""
    return (len(items) == 1 and items[0][0] == IN and bool(items[0][1])
            and all(kind == CATEGORY and name in ("word", "digit") for kind, name in items[0][1]))


def reach(items: list[Node]) -> int:
    r"""The most characters past a match's start that matching ``items`` may read.

    That is its widest match plus whatever a lookahead reads beyond it: a cue
    ending in ``(?![^.;]{0,40}at (his|its) own expense)`` must see those 40
    characters, or a scanner that cuts the text after the widest match would
    let the lookahead pass on a cut text. Likewise a ``\b``, ``\B``, ``$`` or
    ``\Z`` reads the character after it: at the end of a cut text ``\b``
    always holds, so "dispatching services" would match
    ``dispatch(ing)? service\b``, which the whole text does not.
    """
    position = furthest = 0
    for kind, value in items:
        if kind == AT:
            if value not in _LOOKS_BACK:  # \b, \B, $ and \Z read the character after them
                furthest = max(furthest, position + 1)
            continue
        if kind == ASSERT or kind == ASSERT_NOT:
            direction, body = value
            if direction == 1:
                furthest = max(furthest, position + reach(body))
            continue
        if kind == BRANCH:
            furthest = max([furthest] + [position + reach(branch) for branch in value])
        elif kind in (GROUP, ATOMIC):
            furthest = max(furthest, position + reach(value[-1] if kind == GROUP else value))
        elif kind == REPEAT:
            least, most, sub, _ = value
            inner = width(sub)[1]
            if most is None and inner:
                return UNBOUNDED
            # the last repetition may look ahead from the furthest place the others reached
            furthest = max(furthest, position + inner * max((most or 0) - 1, 0) + reach(sub))
        position = min(position + width([(kind, value)])[1], UNBOUNDED)
        furthest = max(furthest, position)
    return min(furthest, UNBOUNDED)


def _alternation(source: _Source, state: _State, verbose: bool, nested: int) -> list[Node]:
    branches = []
    while True:
        branches.append(_sequence(source, state, verbose, nested + 1))
        if not source.match("|"):
            break
        if not nested:
            verbose = state.verbose
    if len(branches) == 1:
        return branches[0]
    items: list[Node] = []
    # a first item common to every alternative is moved out of the branch
    while all(branches) and branches[0][0][0] in _LEAVES and all(b[0] == branches[0][0] for b in branches):
        items.append(branches[0][0])
        for branch in branches:
            del branch[0]
    # alternatives of one character each become one class
    members: list[tuple] = []
    for branch in branches:
        if len(branch) != 1:
            break
        kind, value = branch[0]
        if kind == LITERAL:
            members.append(branch[0])
        elif kind == IN and value[0][0] != NEGATE:
            members.extend(value)
        else:
            break
    else:
        items.append((IN, tuple(dict.fromkeys(members))))
        return items
    items.append((BRANCH, tuple(branches)))
    return items


def _sequence(source: _Source, state: _State, verbose: bool, nested: int) -> list[Node]:
    items: list[Node] = []
    while True:
        token = source.next
        if token is None or token in "|)":
            break
        source.get()
        if verbose:
            if token in _WHITESPACE:
                continue
            if token == "#":
                while token is not None and token != "\n":
                    token = source.get()
                continue
        if token[0] == "\\":
            items.append(_escape(source, token, state))
        elif token not in _SPECIAL:
            items.append((LITERAL, token))
        elif token == "[":
            items.append(_class(source))
        elif token in "*+?{":
            if not _repeat(source, token, items):
                items.append((LITERAL, token))
        elif token == ".":
            items.append((ANY, None))
        elif token == "(":
            node = _group(source, state, verbose, nested, items)
            if node is not None:
                items.append(node)
            elif state.verbose and not verbose:
                verbose = True  # a leading (?x)
        elif token == "^":
            items.append((AT, "beginning"))
        elif token == "$":
            items.append((AT, "end"))
    # a non-capturing group without flags is spliced into its parent
    spliced: list[Node] = []
    for kind, value in items:
        if kind == GROUP and value[0] is None and not value[1] and not value[2]:
            spliced.extend(value[3])
        else:
            spliced.append((kind, value))
    return spliced


def _repeat(source: _Source, token: str, items: list[Node]) -> bool:
    """Turn the last item into a repeat; False when ``{`` is a literal brace."""
    here = source.tell()
    if token == "?":
        least, most = 0, 1
    elif token == "*":
        least, most = 0, None
    elif token == "+":
        least, most = 1, None
    else:
        if source.next == "}":
            return False
        low = source.get_while(len(source.pattern), "0123456789")
        if source.match(","):
            high = source.get_while(len(source.pattern), "0123456789")
        else:
            high = low
        if not source.match("}"):
            source.seek(here)
            return False
        least = int(low) if low else 0
        most = int(high) if high else None
    if not items or items[-1][0] in (AT, REPEAT):
        raise ValueError(f"nothing to repeat in {source.pattern!r}")
    kind, value = items[-1]
    sub = value[3] if kind == GROUP and value[0] is None and not value[1] and not value[2] else [items[-1]]
    mode = "lazy" if source.match("?") else "possessive" if source.match("+") else "greedy"
    items[-1] = (REPEAT, (least, most, sub, mode))
    return True


def _class(source: _Source) -> Node:
    members: list[tuple] = []
    negate = source.match("^")
    while True:
        token = source.get()
        if token is None:
            raise ValueError(f"unterminated character set in {source.pattern!r}")
        if token == "]" and members:
            break
        first = _class_escape(source, token) if token[0] == "\\" else (LITERAL, token)
        if source.match("-"):
            token = source.get()
            if token is None:
                raise ValueError(f"unterminated character set in {source.pattern!r}")
            if token == "]":
                members.extend([first, (LITERAL, "-")])
                break
            last = _class_escape(source, token) if token[0] == "\\" else (LITERAL, token)
            if first[0] != LITERAL or last[0] != LITERAL:
                raise ValueError(f"bad character range in {source.pattern!r}")
            members.append((RANGE, (first[1], last[1])))
        else:
            members.append(first)
    members = list(dict.fromkeys(members))
    if len(members) == 1 and members[0][0] == LITERAL:
        return (NOT_LITERAL, members[0][1]) if negate else members[0]
    return (IN, ((NEGATE, None), *members) if negate else tuple(members))


def _class_escape(source: _Source, token: str) -> tuple:
    if token in _ESCAPES:
        return LITERAL, _ESCAPES[token]
    if token in _CATEGORIES:
        return CATEGORY, _CATEGORIES[token]
    return _char_escape(source, token, octal_digits=3)


def _char_escape(source: _Source, token: str, octal_digits: int) -> tuple:
    """An escape standing for one character (hex, unicode, named, octal, punctuation)."""
    char = token[1]
    if char in _HEX:
        digits = source.get_while(_HEX[char], "0123456789abcdefABCDEF")
        return LITERAL, chr(int(digits, 16))
    if char == "N":
        source.match("{")
        return LITERAL, unicodedata.lookup(source.get_until("}"))
    if char in _OCTAL:
        return LITERAL, chr(int(char + source.get_while(octal_digits - 1, "01234567"), 8))
    if char.isascii() and char.isalnum():
        raise ValueError(f"bad escape {token} in {source.pattern!r}")
    return LITERAL, char


def _escape(source: _Source, token: str, state: _State) -> Node:
    if token in _POSITIONS:
        return AT, _POSITIONS[token]
    if token in _CATEGORIES:
        return IN, ((CATEGORY, _CATEGORIES[token]),)
    if token in _ESCAPES:
        return LITERAL, _ESCAPES[token]
    char = token[1]
    if char == "0":
        return _char_escape(source, token, octal_digits=3)
    if char in _DIGITS:
        digits = char
        if source.next is not None and source.next in _DIGITS:
            digits += source.get()
            if digits[0] in _OCTAL and digits[1] in _OCTAL and source.next is not None and source.next in _OCTAL:
                return LITERAL, chr(int(digits + source.get(), 8))
        return _reference(state, int(digits), source)
    return _char_escape(source, token, octal_digits=3)


def _group(source: _Source, state: _State, verbose: bool, nested: int, items: list[Node]) -> Node | None:
    """The group after ``(``; None for a comment or leading global flags."""
    capture, atomic, name, add_flags, del_flags = True, False, None, "", ""
    if source.match("?"):
        char = source.get()
        if char == "P":
            if source.match("<"):
                name = source.get_until(">")
            else:  # (?P=name)
                source.match("=")
                return _reference(state, state.group_names[source.get_until(")")], source)
        elif char == ":":
            capture = False
        elif char == "#":
            source.get_until(")")
            return None
        elif char in ("=", "!", "<"):
            direction = 1
            if char == "<":
                char, direction = source.get(), -1
            body = _alternation(source, state, verbose, nested + 1)
            source.match(")")
            return (ASSERT if char == "=" else ASSERT_NOT), (direction, body)
        elif char == "(":
            condition = source.get_until(")")
            group = state.group_names[condition] if condition.isidentifier() else int(condition)
            yes = _sequence(source, state, verbose, nested + 1)
            no = _sequence(source, state, verbose, nested + 1) if source.match("|") else None
            source.match(")")
            return GROUPREF_EXISTS, (group, yes, no)
        elif char == ">":
            capture, atomic = False, True
        elif char is not None and (char in _FLAGS or char == "-"):
            on = off = ""
            while char is not None and char in _FLAGS:
                on += char
                char = source.get()
            if char == "-":
                char = source.get()
                while char is not None and char in _FLAGS:
                    off += char
                    char = source.get()
            if char == ")":  # global flags, at the start of the pattern
                if "x" in on:
                    state.verbose = True
                return None
            add_flags, del_flags, capture = on, off, False
        else:
            raise ValueError(f"unknown extension (?{char} in {source.pattern!r}")
    group = None
    if capture:
        group = len(state.group_widths)
        state.group_widths.append(None)
        if name is not None:
            state.group_names[name] = group
    inner_verbose = (verbose or "x" in add_flags) and "x" not in del_flags
    body = _alternation(source, state, inner_verbose, nested + 1)
    if not source.match(")"):
        raise ValueError(f"missing ) in {source.pattern!r}")
    if group is not None:
        state.group_widths[group] = width(body)
    if atomic:
        return ATOMIC, body
    return GROUP, (group, add_flags, del_flags, body)


def _reference(state: _State, group: int, source: _Source) -> Node:
    if group >= len(state.group_widths) or state.group_widths[group] is None:
        raise ValueError(f"a reference to group {group}, which is not closed, in {source.pattern!r}")
    return GROUPREF, (group, state.group_widths[group])


def first_characters(items: list[Node]) -> frozenset[str] | None:
    """The characters one of which every match of a parsed pattern starts with, or None when not known.

    Known only when every way into the pattern reaches a literal or a class of literals (zero-width items
    before it are passed over, flags inside a group or an item of another kind give None), and the pattern
    cannot match the empty string.
    """
    found, nullable = _first_characters(items)
    return None if found is None or nullable else frozenset(found)


def _first_characters(items: list[Node]) -> tuple[set[str] | None, bool]:
    """(characters a match of ``items`` may start with, whether it may match the empty string)."""
    out: set[str] = set()
    for op, av in items:
        if op in ZERO_WIDTH:
            continue
        if op == LITERAL:
            out.add(av)
            return out, False
        if op == IN:
            if not all(kind == LITERAL for kind, _ in av):
                return None, False
            out.update(value for _, value in av)
            return out, False
        if op == GROUP and (av[1] or av[2]):
            return None, False
        if op in (GROUP, ATOMIC, REPEAT, BRANCH):
            if op == GROUP:
                parts, at_least_once = [av[-1]], True
            elif op == ATOMIC:
                parts, at_least_once = [av], True
            elif op == REPEAT:
                parts, at_least_once = [av[2]], av[0] >= 1
            else:
                parts, at_least_once = list(av), True
            inner_nullable = False
            for part in parts:
                found, nullable = _first_characters(part)
                if found is None:
                    return None, False
                out |= found
                inner_nullable = inner_nullable or nullable
            if at_least_once and not inner_nullable:
                return out, False
            continue
        return None, False
    return out, True


def starts_after_zero_width(items: list[Node]) -> bool:
    """True when some way into the pattern meets a zero-width item (``\\b``, a lookaround) before a character:
    ``re`` then cannot skip to the places where a match may start, and tries the pattern at every position."""
    for op, av in items:
        if op in ZERO_WIDTH:
            return True
        if op == GROUP:
            return starts_after_zero_width(av[-1])
        if op == BRANCH:
            return any(starts_after_zero_width(branch) for branch in av)
        return False
    return False
