"""The status vocabulary and jurisdiction families (the language of a text is the extractor's ``detect_language``)."""

from __future__ import annotations

from typing import Literal, get_args

from workstatus.features import detect_language  # noqa: F401 (one rule for the language, the extractor's: used wherever a text's language is inferred)

#: the three statuses, in the order of every probability column; the owner of this vocabulary. The packages
#: the design keeps apart from the classifier (obligations, labelled_cases) hold a copy, and
#: tests/workstatus/test_vocabulary.py holds the copies to this one.
Status = Literal["employee", "third_category", "independent"]
STATUSES: tuple[str, ...] = get_args(Status)
UNDETERMINED = "undetermined"
Decided = Literal[Status, "undetermined"]  #: a status, or no confident answer

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


def check_jurisdiction(jurisdiction: str) -> str:
    """A jurisdiction code, normalised (``us-ca`` → ``US-CA``), or a ``ValueError`` naming what is accepted.

    Accepted: an ISO 3166-1 country (``CN``, ``GB``), an ISO 3166-2
    subdivision (``US-CA``, ``CA-ON``, ``GB-NIR``), and the codes the
    families use that ISO reserves (``UK``, ``EU``).
    """
    import pycountry

    code = jurisdiction.strip().upper().replace("_", "-")
    country = code.split("-")[0]
    if code in _COUNTRY_TO_FAMILY:
        return code
    if "-" not in code and pycountry.countries.get(alpha_2=country) is not None:
        return code
    if "-" in code and pycountry.subdivisions.get(code=code) is not None:
        return code
    what = "subdivision" if "-" in code else "country"
    raise ValueError(f"jurisdiction {jurisdiction!r} is not an ISO 3166 {what} code; expected e.g. CN, GB, "
                     "US-CA, CA-ON (or omit it to infer it from the language)")
