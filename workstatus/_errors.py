"""The packages' errors for input they cannot use, in one place for every front end (CLI, service)."""

from __future__ import annotations


def input_errors() -> tuple[type[Exception], ...]:
    """The errors each front end turns into a message about the input (a CLI line, a 422 at a field).

    Imported when called, so that ``workstatus --help`` loads no package.
    """
    from workstatus._assess import WorkstatusError
    from workstatus.features import FeaturesError
    from workstatus.obligations import ObligationsError

    return (WorkstatusError, FeaturesError, ObligationsError)
