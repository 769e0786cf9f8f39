"""What the CLI and the service both list: the indicator catalogue, the regions, an extraction as data.

One builder each, so that ``workstatus indicators --list --format json``,
``workstatus regions --format json`` and the service's ``/v1/catalogue``,
``/v1/regions`` and ``/v1/indicators`` return the same records.
"""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

GRADE_ORDER = ("unverified", "secondary", "text", "official")


def catalogue_data(catalogue=None) -> dict:
    """The indicator catalogue as data: its version and, per indicator, id, family, direction, labels, basis."""
    from workstatus.features import load_catalogue

    catalogue = catalogue if catalogue is not None else load_catalogue()
    return {"version": catalogue.version, "indicators": [
        {"id": e.id, "family": e.family, "towards": e.towards, "label": dict(e.label),
         "definition": dict(e.definition), "basis": e.basis} for e in catalogue]}


def region_rows(as_of: dt.date, wage: Decimal) -> list[dict]:
    """Per known region: how many of an employee's obligation lines compute on ``as_of``, the weakest grade,
    what is missing, and the dates and grades of each local value."""
    from workstatus import obligations as rules

    ps = rules.load_parameters()
    rows = []
    for code in ps.known_regions:
        found = rules.obligations_for("employee", {"as_of": as_of, "region": code, "monthly_wage": wage,
                                                   "work_injury_class": 1}, parameters=ps)
        region = ps.regions.get(code)
        rows.append({
            "code": code, "name": ps.region_name(code), "parent": getattr(region, "parent", None),
            "as_of": as_of.isoformat(), "lines": len(found),
            "computed": sum(o.status == "available" for o in found),
            "grade": min((o.verification for o in found), key=GRADE_ORDER.index, default="—"),
            "missing": list(dict.fromkeys(o.scheme for o in found if o.status in ("missing", "unverified"))),
            "local": {name: [{"start": d.start.isoformat(), "known": d.value is not None,
                              "grade": d.source.verified} for d in p.values]
                      for name, p in (region.parameters.items() if region else ())},
        })
    return rows


def extraction_data(extraction) -> dict:
    """An extraction as data: language, the indicator row (NaN as None) and every evidence span."""
    from workstatus.reports.extraction import excerpt

    row = {k: (None if isinstance(v, float) and math.isnan(v) else v) for k, v in extraction.row.items()}
    evidence = [
        {"indicator": s.indicator, "polarity": s.polarity, "start": s.start, "end": s.end, "text": s.text,
         "sentence_start": s.sentence_start, "sentence_end": s.sentence_end,
         "excerpt": excerpt(s, mark=("", "")), "attributed": s.attributed, "negated": s.negated,
         "cue": s.cue, "value": s.value}
        for s in extraction.evidence
    ]
    return {"lang": extraction.lang, "row": row, "evidence": evidence}
