"""workstatus: decide the employment status of platform and flexible workers.

The public facade composes the packages ``workstatus.features`` (indicators
and evidence), ``workstatus.classifier`` (status, probabilities,
explanations), ``workstatus.obligations`` (social-insurance duties) and
``workstatus.reports``.

>>> import workstatus
>>> result = workstatus.assess("骑手必须服从系统派单，拒单扣款。", profile={"monthly_wage": 6000})
>>> result.status, result.probabilities
"""

__version__ = "0.1.0"

from pathlib import Path as _Path

# The subpackages' folders sit beside this one in the source tree (DESIGN.md);
# pyproject.toml maps them under ``workstatus``, so an installed wheel has them
# inside it. Run from a checkout, they are found beside it.
_checkout = _Path(__file__).resolve().parent.parent
if not (_Path(__file__).parent / "features").is_dir() and (_checkout / "features" / "__init__.py").is_file():
    __path__.append(str(_checkout))
del _Path, _checkout

_FACADE = {
    "Assessed": "workstatus._assess", "WorkstatusError": "workstatus._assess", "assess": "workstatus._assess",
    "assess_many": "workstatus._assess", "assess_records": "workstatus._assess", "load_model": "workstatus._assess",
    "Assessment": "workstatus.assessment", "AssessmentError": "workstatus.assessment",
    "assess_dataframe": "workstatus.engines.dask",
}
__all__ = [*sorted(_FACADE), "__version__"]


def __getattr__(name: str):
    """The facade, imported on first use: ``import workstatus.obligations`` alone loads no model code."""
    if name in _FACADE:
        import importlib

        value = getattr(importlib.import_module(_FACADE[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'workstatus' has no attribute {name!r}")
