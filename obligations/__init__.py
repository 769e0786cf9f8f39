"""Social-insurance obligations as rules-as-code: dated, cited parameters and the rules that use them.

``obligations`` imports nothing from the rest of workstatus: it takes a status as a plain
string (``employee``, ``third_category``, ``independent``).
"""

from workstatus.obligations._arrears import arrears, due_date
from workstatus.obligations._errors import ObligationsError, ParameterError, ProfileError
from workstatus.obligations._expected import expected_obligations
from workstatus.obligations._loader import load_parameters, load_region_file, parameter_schema, parameters_version
from workstatus.obligations._parameters import NATIONAL, Lookup, ParameterSet
from workstatus.obligations._records import (
    COVERED_JURISDICTIONS,
    SECTORS,
    STATUSES,
    Arrears,
    ArrearsRow,
    ExpectedObligations,
    ExpectedRow,
    Obligation,
    Profile,
    SourceUsed,
    covers,
)
from workstatus.obligations._rules import Duty, as_profile, duties_for, obligations_for, void_waiver

__all__ = [
    "COVERED_JURISDICTIONS",
    "NATIONAL",
    "SECTORS",
    "STATUSES",
    "Arrears",
    "Duty",
    "ArrearsRow",
    "ExpectedObligations",
    "ExpectedRow",
    "Lookup",
    "Obligation",
    "ObligationsError",
    "ParameterError",
    "ParameterSet",
    "Profile",
    "ProfileError",
    "SourceUsed",
    "arrears",
    "as_profile",
    "covers",
    "due_date",
    "duties_for",
    "expected_obligations",
    "load_parameters",
    "load_region_file",
    "obligations_for",
    "parameter_schema",
    "parameters_version",
    "void_waiver",
]
