"""workstatus: decide the employment status of platform and flexible workers.

The public facade composes the packages ``features`` (indicators and
evidence), ``classifier`` (status, probabilities, explanations),
``obligations`` (social-insurance duties) and ``reports``.

>>> import workstatus
>>> result = workstatus.assess("骑手必须服从系统派单，拒单扣款。", profile={"monthly_wage": 6000})
>>> result.status, result.probabilities
"""

__version__ = "0.1.0"

from workstatus._assess import Assessed, WorkstatusError, assess, assess_many, assess_records, load_model  # noqa: E402
from workstatus.assessment import Assessment, AssessmentError  # noqa: E402

__all__ = [
    "Assessed", "Assessment", "AssessmentError", "WorkstatusError", "__version__",
    "assess", "assess_many", "assess_records", "load_model",
]
