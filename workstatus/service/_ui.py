"""The web page (zh/en): Assess, Triage, Self-audit."""

from fastapi import APIRouter

router = APIRouter(include_in_schema=False)
