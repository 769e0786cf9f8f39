"""workstatus: decide the employment status of platform and flexible workers.

The public facade (``assess``, ``assess_many``) composes the packages
``features`` (indicators and evidence), ``classifier`` (status, probabilities,
explanations), ``obligations`` (social-insurance duties) and ``reports``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
