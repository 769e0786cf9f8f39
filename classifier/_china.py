"""China's second stage by rule: third category or independent, from the facts the text states.

No Chinese tribunal finds a "third category"; it finds a labour relationship
or not. Where it finds none, 人社部发〔2021〕56号 tells apart work that is
*not fully a labour relationship but the enterprise manages the labour* from
work on one's own account, and LEGAL.md 1b writes that split as a rule over
the facts a text states: **at least two distinct management facts and no
own-account fact** → ``third_category``; otherwise ``independent`` (civil law
is the default). The project's Chinese labels were made by that rule, so a
model that applies it to the extracted facts follows the labels' own logic;
by grouped cross-validation it splits the non-employee cases better than
a learned second stage (``benchmarks/china_second_stage.py``).

:data:`RULE_KINDS` maps an extracted indicator value to the kind of fact it
states. Each rule, sanction and discipline indicator is a fact of its own;
method, uniform and training are one fact (prescribing how the work is done).
The probabilities stay honest about the rule's reliability: the model's
P(employee) is kept, and the rest is split by P(third category | the rule's
answer), counted on the training cases (:func:`split_rates`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

#: the family whose cases the rule splits (``classifier._vocab.JURISDICTION_FAMILIES``)
FAMILY = "cn"

#: extracted indicator and value → (side, kind of fact) of LEGAL.md 1b. ``skill_and_initiative`` is not
#: here: 1b's own-account facts (own customers, brand, shop or employees; the price; profit and loss on an
#: investment; a free substitute; a side line to one's own business) do not name the worker's skill.
RULE_KINDS: dict[tuple[str, int], tuple[str, str]] = {
    ("work_assigned", 1): ("management", "assigns_work"),
    ("price_set_by_enterprise", 1): ("management", "sets_pay"),
    **{(i, 1): ("management", f"rules_sanctions:{i}") for i in (
        "time_limits", "performance_penalties", "rating_discipline", "refusal_penalised", "unilateral_termination",
        "work_rules", "workload_quota", "schedule_controlled")},  # hours and attendance rules count as rules
    ("method_prescribed", 1): ("management", "prescribes_method"),
    ("uniform_branding", 1): ("management", "prescribes_method"),
    ("training_required", 1): ("management", "prescribes_method"),
    ("monitored", 1): ("management", "monitors"),
    ("own_business", 1): ("own_account", "own_business"),
    ("price_set_by_enterprise", -1): ("own_account", "sets_price"),
    ("profit_or_loss", 1): ("own_account", "investment_risk"),
    ("personal_service", -1): ("own_account", "substitute"),
}

#: how many distinct management facts (and no own-account fact) make the third category
MANAGEMENT_NEEDED = 2

BASIS = ("LEGAL.md 1b, after 人社部发〔2021〕56号 (not fully a labour relationship, the enterprise manages the "
         "labour): at least two distinct management facts and no own-account fact → third category; otherwise "
         "independent")


class ChinaRule:
    """The rule over indicator rows whose columns are ``indicators``, vectorised for a chunk."""

    def __init__(self, indicators: Sequence[str]):
        column = {ind: k for k, ind in enumerate(indicators)}
        self.entries = [(column[i], v, side, kind) for (i, v), (side, kind) in RULE_KINDS.items() if i in column]
        self.management_kinds = sorted({kind for *_, side, kind in self.entries if side == "management"})

    def third(self, values: np.ndarray) -> np.ndarray:
        """Whether the rule gives ``third_category`` for each row of ``values`` (``(n, indicators)``, +1/−1/0)."""
        values = np.asarray(values)
        management = np.zeros((len(values), len(self.management_kinds)), dtype=bool)
        own = np.zeros(len(values), dtype=bool)
        for k, v, side, kind in self.entries:
            holds = values[:, k] == v
            if side == "management":
                management[:, self.management_kinds.index(kind)] |= holds
            else:
                own |= holds
        return (management.sum(axis=1) >= MANAGEMENT_NEEDED) & ~own

    def facts(self, row: Sequence[float]) -> list[tuple[int, int, str, str]]:
        """(column, value, side, kind) of every rule fact one row states, in the table's order."""
        return [(k, v, side, kind) for k, v, side, kind in self.entries if row[k] == v]


def split_rates(third_by_rule: np.ndarray, is_third: np.ndarray) -> tuple[float, float]:
    """P(third category | the rule says third), P(third category | the rule says independent), on training cases.

    Counted on the non-employee cases of the family, with one case of each
    outcome added to each count (Laplace), so that a rate is never 0 or 1.
    """
    third_by_rule, is_third = np.asarray(third_by_rule, dtype=bool), np.asarray(is_third, dtype=bool)
    rates = []
    for says in (True, False):
        cases = third_by_rule == says
        rates.append(float((is_third[cases].sum() + 1) / (cases.sum() + 2)))
    return rates[0], rates[1]


def split_probabilities(proba: np.ndarray, member: np.ndarray, third_by_rule: np.ndarray,
                        rates: tuple[float, float]) -> np.ndarray:
    """``proba`` with the non-employee mass of the family's rows split by the rule's rates; other rows unchanged."""
    out = np.array(proba, dtype=float, copy=True)
    rest = 1.0 - out[member, 0]
    q = np.where(third_by_rule[member], rates[0], rates[1])
    out[member, 1] = rest * q
    out[member, 2] = rest * (1.0 - q)
    return out
