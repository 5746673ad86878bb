"""Pydantic models of the SLA questionnaire and the cross-section rules."""

from sla_docgen.model.agreement import Agreement, Finding, check

__all__ = ["Agreement", "Finding", "check"]
