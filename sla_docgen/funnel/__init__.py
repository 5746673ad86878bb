"""The numbers behind the agreement: funnel arithmetic, consistency findings and chart data (pure functions)."""

from sla_docgen.funnel.numbers import Commitment, FunnelNumbers, StageNeed, funnel_numbers

__all__ = ["Commitment", "FunnelNumbers", "StageNeed", "funnel_numbers"]
