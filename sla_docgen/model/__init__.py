"""Pydantic models of the SLA questionnaire and the cross-section rules."""

from sla_docgen.model.agreement import Agreement, Finding
from sla_docgen.model.rules import check

__all__ = ["Agreement", "Finding", "check"]
