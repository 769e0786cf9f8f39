"""The status vocabulary, jurisdiction families and language inference."""

from __future__ import annotations

import re

STATUSES = ("employee", "third_category", "independent")
UNDETERMINED = "undetermined"

# Indicators that record what the paper says; courts look through them
# (LEGAL.md §1, INDICATORS.md "form"), so the model may shrink their weights.
FORM_INDICATORS = ("contract_denies_employment", "registered_business", "intermediary")

# Legal-test families. A country joins a family when its courts apply a
# common test: the PRC 劳动关系 test (劳社部发〔2005〕12号, 指导性案例237–240号);
# the UK/Irish employee/limb-(b)-worker tests; the US control and ABC tests;
# the Commonwealth multi-factor/"totality" tests of Australia, New Zealand and
# Canada; the civil-law subordination tests of continental Europe.
JURISDICTION_FAMILIES: dict[str, tuple[str, ...]] = {
    "cn": ("CN",),
    "uk_ie": ("GB", "UK", "IE"),
    "us": ("US",),
    "commonwealth": ("AU", "NZ", "CA", "SG", "HK", "IN", "ZA"),
    "eu_civil": ("EU", "ES", "IT", "DE", "FR", "NL", "BE", "PT", "AT", "LU", "DK",
                 "SE", "FI", "PL", "CH", "GR", "IE-EU"),
}
OTHER_FAMILY = "other"
_COUNTRY_TO_FAMILY = {c: f for f, cs in JURISDICTION_FAMILIES.items() for c in cs}
_CJK = re.compile(r"[\u4e00-\u9fff]")


def detect_language(text: str) -> str:
    """``zh`` when at least a tenth of the characters are CJK ideographs, else ``en``."""
    text = text or ""
    letters = sum(ch.isalpha() for ch in text) or 1
    return "zh" if len(_CJK.findall(text)) / letters >= 0.1 else "en"


def infer_jurisdiction(jurisdiction: str | None, lang: str | None = None) -> str | None:
    """The jurisdiction as given, or ``CN`` for a Chinese text that names none.

    An English text without a jurisdiction stays ``None``: English is spoken
    under several legal tests, so such a case gets the shared weights only.
    """
    if isinstance(jurisdiction, str) and jurisdiction.strip():
        return jurisdiction.strip()
    return "CN" if lang == "zh" else None


def jurisdiction_family(jurisdiction: str | None) -> str:
    """The legal-test family of a jurisdiction code such as ``GB``, ``US-CA`` or ``CN``."""
    if not isinstance(jurisdiction, str) or not jurisdiction.strip():
        return OTHER_FAMILY
    country = jurisdiction.strip().upper().replace("_", "-").split("-")[0]
    return _COUNTRY_TO_FAMILY.get(country, OTHER_FAMILY)
