"""features: the bilingual indicator catalogue, lexicons and extractor.

``features`` imports nothing from the rest of the project.
"""

from workstatus.features._answers import read_answers
from workstatus.features._agreement import ReadAgreement, binds_worker, filter_agreement
from workstatus.features._clauses import Agreement, Clause, clause_label, read_clauses
from workstatus.features._catalogue import Catalogue, Indicator, load_catalogue
from workstatus.features._errors import CatalogueError, FeaturesError, FeaturesTypeError
from workstatus.features._evidence import NUMERIC_FACTS, Extraction, Span
from workstatus.features._extractor import IndicatorExtractor
from workstatus.features._remedies import Remedy, load_remedies
from workstatus.features._text import detect_language

__all__ = [
    "IndicatorExtractor", "Extraction", "Span", "load_catalogue", "read_answers",
    "detect_language", "FeaturesError", "FeaturesTypeError", "CatalogueError",
    "NUMERIC_FACTS", "Catalogue", "Indicator",
    "Agreement", "Clause", "ReadAgreement", "read_clauses", "filter_agreement", "binds_worker", "clause_label",
    "Remedy", "load_remedies",
]
